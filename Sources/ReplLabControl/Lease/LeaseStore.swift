import ReplLabKernel
import ReplLabModel

/// The configuration store (etcd-like) of the lease regime: the leader key with its holder and
/// expiry, each member's last published log position, the leader's last recorded position
/// (/optime/leader) and the synchronous standby (/sync).
public struct LeaseStore: Sendable, Equatable {
  /// The store's name on the network.
  public static let name = "etcd"

  /// The leader key: who holds it, until when, and when it was last written.
  public struct LeaderKey: Sendable, Equatable {
    public let holder: String
    public internal(set) var expiresAt: SimTime
    public internal(set) var renewedAt: SimTime
    /// Bumped at every write, as etcd's modification index: a stale expiry timer is ignored.
    public internal(set) var revision: Int
  }

  public internal(set) var leader: LeaderKey?
  /// /optime/leader: the log position the leader last recorded.
  public internal(set) var leaderPosition = 0
  /// members/NAME: each member's log position and when it wrote it.
  public internal(set) var members: [String: MemberRecord] = [:]
  /// /sync: the standby the leader made synchronous (synchronous_mode).
  public internal(set) var syncStandby: String?
  /// Who held the key before its current holder (or before it expired).
  public internal(set) var lastHolder: String?
  package var nextRevision = 1

  public struct MemberRecord: Sendable, Equatable {
    public let position: Int
    public let lastEpoch: Int
    public let at: SimTime
  }

  /// The leader key as seen at `now`: an expired key is gone (etcd deletes it with its lease).
  public func leader(at now: SimTime) -> LeaderKey? {
    guard let k = leader, k.expiresAt > now else { return nil }
    return k
  }
}
