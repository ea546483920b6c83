import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// An `explore` line: the fault to place, the scenario to place it in, and what to do with the
/// result.
public struct ExploreRequest: Sendable, Equatable {
  public let fault: PlacedFault
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

  public init(fault: PlacedFault, scenario: Scenario, compare: Comparison?, saveDirectory: String?) {
    self.fault = fault
    self.scenario = scenario
    self.compare = compare
    self.saveDirectory = saveDirectory
  }

  /// The fault as a command would write it: `crash master host`, `partition db2`.
  public var faultText: String { Self.text(of: fault) }

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
    case .partition(let t): "partition \(name(t))"
    }
  }
}
