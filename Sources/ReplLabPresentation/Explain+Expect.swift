import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  // `expect`: the verdict, and what the cluster actually has when the expectation does not hold.

  /// An expectation that held.
  public static func expectationHeld(_ e: Expectation) -> String { "expected \(e.text): yes." }

  /// An expectation that did not hold, with what the cluster has instead.
  public static func expectationFailed(_ e: Expectation, actual: String) -> String {
    "expected \(e.text), but \(actual)"
  }

  /// An expectation that could not be checked (an unknown node or client).
  public static func expectationRefused(_ e: Expectation, because message: String) -> String {
    "expect \(e.text): \(message)"
  }

  /// What `name` holds for `key`.
  public static func actualValue(_ value: String?, on name: String, key: String) -> String {
    "\(name) has " + (value.map(Expectation.quoted) ?? "no value for \(key)")
  }

  /// The states that describe `name` now.
  public static func actualStates(_ states: [Expectation.NodeState], of name: String) -> String {
    "\(name) is " + states.map(\.rawValue).joined(separator: ", ")
  }

  /// How far behind `name` is, or that there is nothing to measure against.
  public static func actualLag(_ lag: Int?, of name: String) -> String {
    lag.map { "\(name) is \(plural($0, "entry")) behind" } ?? "there is no master to measure lag against"
  }

  public static func actualLost(_ lost: Int) -> String { "\(plural(lost, "acknowledged write")) lost" }

  public static func actualMasters(_ acting: [String]) -> String {
    acting.isEmpty ? "no node acts as master" : "acting as master: \(list(acting))"
  }

  public static func actualSyncMode(_ mode: SyncMode) -> String { "sync-mode is \(mode.rawValue)" }

  /// Semi-sync's state, or the mode when it is not semi.
  public static func actualSemiSync(mode: SyncMode, active: Bool) -> String {
    mode != .semi ? actualSyncMode(mode) : "semi-sync is \(active ? "ON" : "OFF")"
  }

  /// How many reads broke guarantee `g`.
  public static func actualBroken(_ g: Guarantee, reads: Int) -> String {
    reads == 0 ? "no read broke \(g.title)" : "\(plural(reads, "read")) broke \(g.title)"
  }

  /// How many times a master switched semi-sync off after a timeout.
  public static func actualErrant(_ set: GTIDSet) -> String {
    set.isEmpty ? "no node holds a transaction that no master wrote" : "errant: \(gtidShort(set))"
  }

  public static func actualFallbacks(_ n: Int) -> String {
    n == 0 ? "no master has switched semi-sync off after a timeout" : "semi-sync fell back \(plural(n, "time"))"
  }

  /// The setting `client` has for guarantee `g`.
  public static func actualFix(client: String, _ g: Guarantee, _ fix: Fix) -> String {
    fix == .off ? "\(client) has no \(g.rawValue) setting" : "\(client) has \(g.rawValue) \(fix.text)"
  }
}
