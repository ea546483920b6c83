import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `patroni SETTING VALUE`: refused, changing nothing, below Patroni's minimums or when it would
  /// break loop_wait + 2 × retry_timeout ≤ ttl.
  package mutating func runPatroni(_ name: PatroniSettings.Name, _ value: PatroniValue) throws -> Reply {
    var s = cluster.control.lease.settings
    switch (name, value) {
    case (.ttl, .seconds(let n)):
      guard n >= 20 else { throw patroniError("ttl must be at least 20 seconds (Patroni's minimum)") }
      s.ttl = SimTime(n) * 1000
    case (.loopWait, .seconds(let n)): s.loopWait = SimTime(n) * 1000
    case (.retryTimeout, .seconds(let n)):
      guard n >= 3 else { throw patroniError("retry_timeout must be at least 3 seconds (Patroni's minimum)") }
      s.retryTimeout = SimTime(n) * 1000
    case (.maximumLagOnFailover, .count(let n)): s.maximumLagOnFailover = n
    case (.synchronousMode, .flag(let on)): s.synchronousMode = on
    case (.synchronousModeStrict, .flag(let on)): s.synchronousModeStrict = on
    default: throw patroniError("\(name.rawValue) takes another kind of value")
    }
    guard s.keepsDemotionBeforeExpiry else {
      throw patroniError(
        "loop_wait \(s.loopWait / 1000) + 2 x retry_timeout \(s.retryTimeout / 1000) must not exceed ttl \(s.ttl / 1000): a leader could still take writes after its key expired"
      )
    }
    cluster.setPatroni(s)
    return Reply(output: Explain.patroni(s))
  }

  /// Under the lease regime only the leader key makes a master: a `promote` behind Patroni's back
  /// is how two primaries happen, so the lab refuses it.
  package func refusePromotionUnderLease() throws {
    guard cluster.control.regime == .lease else { return }
    throw CommandRegistry.error(
      "under `manager lease` the node that takes the leader key promotes itself; promoting by hand behind Patroni's back could make two primaries (Patroni's own way is patronictl failover, which the lab does not model)",
      command: "promote")
  }

  private func patroniError(_ message: String) -> CommandError {
    CommandRegistry.error(message, command: "patroni")
  }
}
