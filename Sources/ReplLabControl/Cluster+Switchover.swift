import ReplLabKernel
import ReplLabModel

/// What `switchover NODE` did, step by step, for the explanation a learner reads.
public struct SwitchoverReport: Sendable {
  public let oldMaster: String
  public let newMaster: String
  /// When the old master stopped taking writes.
  public let readOnlyAt: SimTime
  /// The old master's last seq: what the candidate had to apply before it could take over.
  public let target: Int
  /// How far the candidate had received and applied when writes stopped.
  public let candidateReceived: Int
  public let candidateApplied: Int
  /// When the candidate had applied everything; nil when it did not within the limit.
  public let caughtUpAt: SimTime?
  /// The promotion, when it happened.
  public let promotion: PromotionReport?

  /// How long no node took writes.
  public var outage: SimTime? { caughtUpAt.map { $0 - readOnlyAt } }
}

extension Cluster {
  /// How long a switchover waits for its candidate before it gives up and the old master takes
  /// writes again (orchestrator's graceful takeover and Patroni's switchover give up too).
  public static let switchoverLimit: SimTime = 60_000

  /// `switchover NODE`: a planned change of master that loses nothing. The master stops taking
  /// writes, the candidate applies everything the master had, the candidate is promoted in a new
  /// epoch and every other node, the old master included, follows it. If the candidate does not
  /// catch up within `switchoverLimit`, the old master takes writes again and nothing changes hands.
  public mutating func switchover(to name: String) throws(ClusterError) -> SwitchoverReport {
    guard let old = data.masterName, let om = data.nodes[old] else { throw .noMaster }
    guard om.isUp else { throw .masterDown(master: old, liveReplicas: data.liveReplicaNames) }
    guard let n = data.nodes[name] else { throw .unknownNode(name, known: data.nodeNames) }
    if name == old { throw .cannotPromoteMaster(name) }
    guard n.isUp else { throw .nodeDown(name, alternatives: promotionCandidates.map(\.name), key: nil) }
    guard n.role == .replica, n.masterName == old else { throw .notAReplica(name) }
    if n.awaitingSnapshot { throw .receivingSnapshot(name) }
    if control.priority(of: name) == 0 { throw .priorityZero(name) }
    let start = data.now
    data.flushToReplicas(old)
    data.stepDownToReadOnly(old)
    let target = data.nodes[old]!.log.lastSeq
    let caughtUp = run(
      until: start + Self.switchoverLimit,
      stopWhen: { d in (d.nodes[name].map { $0.isUp && $0.applied >= target }) ?? true })
    let ready = caughtUp && data.nodes[name]?.isUp == true && data.nodes[old]?.isUp == true
    guard ready else {
      data.resumeWrites(old)
      return SwitchoverReport(
        oldMaster: old, newMaster: name, readOnlyAt: start, target: target, candidateReceived: n.received,
        candidateApplied: n.applied, caughtUpAt: nil, promotion: nil)
    }
    let caughtUpAt = data.now
    let promotion = try promote(name)
    return SwitchoverReport(
      oldMaster: old, newMaster: name, readOnlyAt: start, target: target, candidateReceived: n.received,
      candidateApplied: n.applied, caughtUpAt: caughtUpAt, promotion: promotion)
  }
}
