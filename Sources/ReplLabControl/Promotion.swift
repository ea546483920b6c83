import ReplLabKernel
import ReplLabModel

/// What `promote` did and why, for the explanation a learner reads.
public struct PromotionReport: Sendable {
  public let newMaster: String
  public let oldMaster: String?
  public let epoch: Int
  /// True when the learner named the node; false when the lab chose the most up-to-date one.
  public let chosenByName: Bool
  /// Every live replica considered, with its last received position, best first.
  public let candidates: [(name: String, received: Int, epoch: Int)]
  /// Replicas now following the new master.
  public let repointed: [String]
  /// Writes the old master had that the new master lacks.
  public let lost: [LostWrite]
  /// The new master was a passive standby.
  public let standby: Bool
  /// Replicas left following the old master: with binlog file positions (`positions file`) each
  /// needs its place in the new master's binlog (`repoint NODE MASTER at FILE:POS`).
  public var stranded: [String] = []
  /// GTIDs the new master had that the old one lacked: errant transactions (`positions gtid`).
  public var errant = GTIDSet()
}

extension Cluster {
  /// The most up-to-date live replica: a passive standby first, then the newest epoch in its log,
  /// then the most received, then the smallest name (orchestrator and Sentinel compare replication
  /// positions the same way). Replicas with replica-priority 0, and nodes still receiving their
  /// snapshot, are never candidates.
  public var promotionCandidates: [(name: String, received: Int, epoch: Int)] {
    data.liveReplicaNames
      .compactMap { data.nodes[$0] }
      .filter { $0.role == .replica && !$0.awaitingSnapshot && control.priority(of: $0.name) != 0 }
      .map { (name: $0.name, received: $0.log.lastSeq, epoch: $0.log.lastEpoch) }
      .sorted { a, b in
        let sa = data.nodes[a.name]!.isStandby
        let sb = data.nodes[b.name]!.isStandby
        if sa != sb { return sa }
        if a.epoch != b.epoch { return a.epoch > b.epoch }
        if a.received != b.received { return a.received > b.received }
        return a.name < b.name
      }
  }

  /// `promote [NODE]`: manual failover. The chosen replica becomes master in a new epoch, the other
  /// replicas follow it, the client is re-pointed, and the old master's writes it lacks are reported
  /// lost. Allowed while the old master is down, or up but suspected by the orchestrator (the
  /// operator acting on its alarm).
  public mutating func promote(_ requested: String?) throws(ClusterError) -> PromotionReport {
    let oldName = data.masterName
    if let old = oldName, let om = data.nodes[old], om.isUp {
      if requested == old { throw .cannotPromoteMaster(old) }
      if control.orchestrator.watches[old]?.suspectedAt == nil { throw .masterStillUp(old) }
    }
    let candidates = promotionCandidates
    let name: String
    if let requested {
      guard let n = data.nodes[requested] else { throw .unknownNode(requested, known: data.nodeNames) }
      guard n.isUp else { throw .nodeDown(requested, alternatives: candidates.map(\.name), key: nil) }
      if n.role == .master { throw .cannotPromoteMaster(requested) }
      if n.awaitingSnapshot { throw .receivingSnapshot(requested) }
      if control.priority(of: requested) == 0 { throw .priorityZero(requested) }
      name = requested
    } else {
      guard let best = candidates.first else { throw .noCandidate }
      name = best.name
    }
    let wasStandby = data.nodes[name]!.isStandby
    let errant =
      data.positions == .gtid
      ? data.gtidSet(of: name).subtracting(oldName.map { data.gtidSet(of: $0) } ?? GTIDSet()) : GTIDSet()
    let (newEpoch, lost) = data.takeOver(name, epoch: nil)
    var repointed: [String] = []
    var stranded: [String] = []
    for other in data.nodeNames where other != name && other != oldName {
      guard let r = data.nodes[other], r.isUp, r.role == .replica, !data.keepsUpstream(other, newMaster: name) else {
        continue
      }
      // Without GTIDs its place is an offset in the old master's binlog: someone must find the
      // same place in the new master's before it can follow (orchestrator does it by matching
      // binlog events; `promote` leaves it to you).
      if data.positions == .file {
        stranded.append(other)
        continue
      }
      data.follow(other, master: name, epoch: newEpoch, tracked: true)
      repointed.append(other)
    }
    // The operator re-points the clients as part of a manual promotion, and any automatic
    // failover still running is over.
    control.router.master = name
    control.router.epoch = newEpoch
    control.orchestrator.run = nil
    // So is any election it called: a raft candidate that kept standing must not win afterwards.
    control.elections.reset()
    var report = PromotionReport(
      newMaster: name, oldMaster: oldName, epoch: newEpoch, chosenByName: requested != nil,
      candidates: candidates, repointed: repointed, lost: lost, standby: wasStandby)
    report.stranded = stranded
    report.errant = errant
    return report
  }
}
