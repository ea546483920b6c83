import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// An `explore` line: the fault to place (or the two, `FAULT then FAULT`), the scenario to place it
/// in, and what to do with the result.
public struct ExploreRequest: Sendable, Equatable {
  /// One fault, or two placed one after the other.
  public let faults: [PlacedFault]
  public let scenario: Scenario
  /// `--compare SETTING VALUE...`: the setting command and the values to explore under, in order.
  public let compare: Comparison?
  /// `--save DIR`: where to write one lesson per outcome class.
  public let saveDirectory: String?

  /// Where the scenario's lines come from.
  public enum Scenario: Sendable, Equatable {
    /// Written inline: `during { set a 1; settle }`.
    case lines([String])
    /// A lesson or script file: its commands, narration left out.
    case file(String)
  }

  /// `--compare sync-mode async semi sync`: runs `sync-mode async`, `sync-mode semi`... before
  /// each exploration.
  public struct Comparison: Sendable, Equatable {
    public let setting: [String]
    public let values: [String]

    /// The line that sets `value`.
    public func line(for value: String) -> String { (setting + [value]).joined(separator: " ") }
  }

  public init(faults: [PlacedFault], scenario: Scenario, compare: Comparison?, saveDirectory: String?) {
    self.faults = faults
    self.scenario = scenario
    self.compare = compare
    self.saveDirectory = saveDirectory
  }

  /// The faults as `explore` takes them: `crash master host then partition db2`.
  public var faultText: String { Self.text(of: faults) }

  /// `faults` as `explore` takes them.
  public static func text(of faults: [PlacedFault]) -> String {
    faults.map(text(of:)).joined(separator: " then ")
  }

  /// `fault` as a command would write it.
  public static func text(of fault: PlacedFault) -> String {
    func name(_ t: PlacedFault.Target) -> String {
      switch t {
      case .master: "master"
      case .node(let n): n
      }
    }
    return switch fault {
    case .crash(let t, let kind): "crash \(name(t)) \(kind.rawValue)"
    case .partition(let t, nil): "partition \(name(t))"
    case .partition(let t, let window?): "partition \(name(t)) for \(durationWord(window))"
    case .message(.lose): "lose message"
    case .message(.reorder): "reorder messages"
    }
  }

  /// A duration as a command takes it: `2s`, `250ms`, `1m`.
  public static func durationWord(_ ms: SimTime) -> String {
    if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
    if ms % 1000 == 0 { return "\(ms / 1000)s" }
    return "\(ms)ms"
  }
}
