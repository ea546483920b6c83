import ReplLabKernel
import ReplLabModel

/// What the Sentinels remember under `election sentinel`, and the real Sentinel's fixed periods.
///
/// The lab runs three Sentinels with quorum 2 on the host it calls `orch`: they see the same PINGs,
/// so they agree, but each step of their failover takes the time it takes real Sentinels (measured on
/// Redis 7.0 with three Sentinels on loopback).
public struct SentinelState: Sendable {
  /// The Sentinels' names, for sentences.
  public static let names = ["sentinel-1", "sentinel-2", "sentinel-3"]
  /// `sentinel monitor ... 2`: how many Sentinels must agree that the master is down (ODOWN).
  public static let quorum = 2
  /// A Sentinel's timer runs ten times a second: asking the others (SENTINEL is-master-down-by-addr)
  /// and hearing their answers takes about one round (70 ms seen).
  public static let askDelay: SimTime = 100
  /// Asking for votes in the new config epoch and counting them (60-90 ms seen).
  public static let voteDelay: SimTime = 100
  /// During a failover the leader polls the promoted replica's INFO every second: that is when it
  /// sees SLAVEOF NO ONE took effect (+promoted-slave, 1.0-1.1 s seen).
  public static let failoverInfoPeriod: SimTime = 1000
  /// Re-pointing the other replicas (SLAVEOF) before +switch-master.
  public static let reconfigureDelay: SimTime = 100
  /// Otherwise every Sentinel polls every node's INFO every 10 s: a returning old master keeps taking
  /// writes until the poll after the Sentinels reconnected to it (+convert-to-slave 10.06-11.09 s after
  /// its restart, seen: reconnecting waits for the next PING period, up to 1 s).
  public static let infoPeriod: SimTime = 10_000

  /// When each down node's connection closed (its process was killed): the Sentinel PINGs it at once on
  /// reconnecting, and that first unanswered PING starts the count.
  package var connectionClosedAt: [String: SimTime] = [:]
  /// Since when each node has answered again (or first answered): a stale master is converted only
  /// once an INFO poll has seen it.
  package var answeringSince: [String: SimTime] = [:]
  /// Sentinel's current config epoch: each failover is voted in a new one.
  public internal(set) var configEpoch = 0
  /// The Sentinel leading the failover under way.
  public internal(set) var leader: String?

  /// A node's run ID, a new random one each time the server starts (40 hex digits, as `INFO server`
  /// shows), drawn from a generator seeded with the lab's seed, the node and its start.
  public static func runID(seed: UInt64, node: String, incarnation: Int) -> String {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in node.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    var g = SeededGenerator(seed: seed ^ h ^ (UInt64(incarnation) &* 0x9E37_79B9_7F4A_7C15))
    let digits = Array("0123456789abcdef")
    var text = ""
    for _ in 0..<40 { text.append(digits[Int(g.next() % 16)]) }
    return text
  }
}

/// One step of a Sentinel failover, each due after the time it takes real Sentinels.
package enum SentinelStep: Sendable, Equatable {
  /// The other Sentinels have answered: is the master objectively down?
  case objectivelyDown
  /// The votes in the new config epoch are in.
  case electLeader
  /// The leader's INFO poll of the replica it sent SLAVEOF NO ONE.
  case confirmPromotion
  /// The other replicas are re-pointed: the new configuration is published.
  case switchMaster
}

/// A replica as the leader Sentinel ranks it.
public struct SentinelCandidate: Sendable, Equatable {
  public let name: String
  public let priority: Int
  /// The replication offset, in the lab the last seq received.
  public let seq: Int
  public let runID: String
}

/// What the Sentinels did, for one line each of output.
public enum SentinelNews: Sendable, Equatable {
  /// +odown: a quorum of Sentinels agree the master is down.
  case objectivelyDown(master: String, agreeing: Int, quorum: Int)
  /// +elected-leader: a Sentinel won a majority of votes in a new config epoch.
  case leaderElected(leader: String, configEpoch: Int, votes: Int)
  /// +selected-slave: the leader ranked the replicas and sends the best SLAVEOF NO ONE.
  case selected(node: String, leader: String, ranking: [SentinelCandidate], skipped: [String: String])
  /// +promoted-slave: the leader's INFO poll shows the replica is master.
  case promotionConfirmed(node: String, leader: String, after: SimTime, replicas: [String])
  /// The master answers again before the failover finished: the Sentinels stop.
  case abandoned(master: String)
  /// +convert-to-slave: a Sentinel found a returning old master acting as master.
  case converted(node: String, master: String, epoch: Int, oldEpoch: Int, after: SimTime)
}
