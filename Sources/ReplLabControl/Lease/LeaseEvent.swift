import ReplLabKernel
import ReplLabModel

/// What the lease regime did, for one line each of output (see `Explain.lease`).
public enum LeaseEvent: Sendable, Equatable {
  /// A replica took the leader key and promoted itself.
  case acquired(node: String, epoch: Int, expiresAt: SimTime, previous: String?)
  /// The leader could not renew its key within retry_timeout and made itself read-only.
  case demoted(node: String, at: SimTime, renewedAt: SimTime?, expiresAt: SimTime?, triedSince: SimTime)
  /// The leader learned that another node holds the key and made itself read-only.
  case lostKey(node: String, holder: String)
  /// The key expired in the store; nobody renewed it. Its lease is the ttl it was last written with,
  /// which a change of `ttl` does not shorten until the next renewal.
  case keyExpired(holder: String, renewedAt: SimTime, expiresAt: SimTime)
  /// A replica saw no leader key but did not try to take it, and why.
  case declined(node: String, reason: DeclineReason)
  /// A node follows the key's holder.
  case follows(node: String, leader: String, epoch: Int)

  public enum DeclineReason: Sendable, Equatable {
    /// maximum_lag_on_failover: it is `lag` entries behind the leader's last recorded position.
    case tooFarBehind(lag: Int, limit: Int)
    /// Another member published a more advanced position.
    case notHealthiest(ahead: String, position: Int, mine: Int)
    /// synchronous_mode: only the synchronous standby may take over.
    case notSynchronous(standby: String?)
  }
}

extension LeaseEvent: ControlNotice {}
