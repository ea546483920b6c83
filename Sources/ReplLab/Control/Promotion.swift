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
}

/// A write that will not survive the failover.
public struct LostWrite: Sendable {
  public let entry: LogEntry
  /// The old master had acknowledged it to its client (it was committed there).
  public let acknowledged: Bool
  /// Other nodes that received it; they will discard it when they follow the new master.
  public let alsoOn: [String]
  /// When clients read its value from the old master before any replica had it (AFTER_COMMIT).
  public let readAt: [SimTime]
}

extension Cluster {
  /// The most up-to-date live replica: a passive standby first, then the newest epoch in its log,
  /// then the most received, then the smallest name (orchestrator and Sentinel compare replication
  /// positions the same way). Replicas with replica-priority 0, and nodes still receiving their
  /// snapshot, are never candidates.
  public var promotionCandidates: [(name: String, received: Int, epoch: Int)] {
    liveReplicaNames
      .compactMap { nodes[$0] }
      .filter { $0.role == .replica && !$0.awaitingSnapshot && control.priority(of: $0.name) != 0 }
      .map { (name: $0.name, received: $0.log.lastSeq, epoch: $0.log.lastEpoch) }
      .sorted { a, b in
        let sa = nodes[a.name]!.isStandby, sb = nodes[b.name]!.isStandby
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
    let oldName = masterName
    if let old = oldName, let om = nodes[old], om.isUp {
      if requested == old { throw .cannotPromoteMaster(old) }
      if control.orchestrator.watches[old]?.suspectedAt == nil { throw .masterStillUp(old) }
    }
    let candidates = promotionCandidates
    let name: String
    if let requested {
      guard let n = nodes[requested] else { throw .unknownNode(requested, known: nodeNames) }
      guard n.isUp else { throw .nodeDown(requested, alternatives: candidates.map(\.name), key: nil) }
      if n.role == .master { throw .cannotPromoteMaster(requested) }
      if n.awaitingSnapshot { throw .receivingSnapshot(requested) }
      if control.priority(of: requested) == 0 { throw .priorityZero(requested) }
      name = requested
    } else {
      guard let best = candidates.first else { throw .noCandidate }
      name = best.name
    }
    let wasStandby = nodes[name]!.isStandby
    let (newEpoch, lost) = takeOver(name, epoch: nil)
    var repointed: [String] = []
    for other in nodeNames where other != name && other != oldName {
      guard let r = nodes[other], r.isUp, r.role == .replica else { continue }
      nodes[other]!.masterName = name
      nodes[other]!.epoch = newEpoch
      nodes[name]!.replicas[other] = ReplicaProgress()
      repointed.append(other)
      sendHello(from: other, to: name)
    }
    // The operator re-points the clients as part of a manual promotion, and any automatic
    // failover still running is over.
    control.router.master = name
    control.router.epoch = newEpoch
    control.orchestrator.run = nil
    return PromotionReport(
      newMaster: name, oldMaster: oldName, epoch: newEpoch, chosenByName: requested != nil,
      candidates: candidates, repointed: repointed, lost: lost, standby: wasStandby)
  }

  /// The one way a node becomes master, for `promote` and for automatic failover alike: a new epoch
  /// (at least `requested`), the relay log applied, the role taken, and the list of the old
  /// master's writes that the new master lacks. Re-pointing the replicas is the caller's business.
  mutating func takeOver(_ name: String, epoch requested: Int?) -> (epoch: Int, lost: [LostWrite]) {
    let oldName = masterName
    epoch = max(requested ?? 0, epoch + 1)
    // A promoted replica applies everything in its relay log before taking writes, running
    // statements as a replica would.
    applyOnReplica(name, through: nodes[name]!.log.lastSeq)
    nodes[name]!.role = .master
    nodes[name]!.isStandby = false
    nodes[name]!.applyTickScheduled = false
    nodes[name]!.masterName = nil
    nodes[name]!.epoch = epoch
    if audit.isOn {
      audit.events.append(.promoted(Audit.Promotion(
        node: name, epoch: epoch, lastSeq: nodes[name]!.log.lastSeq, history: nodes[name]!.log.history, at: now)))
    }
    nodes[name]!.log.beginEpoch(epoch)
    if audit.isOn { audit.timelines[epoch] = nodes[name]!.log.history }
    nodes[name]!.replicas = [:]
    masterName = name
    semiSyncActive = true
    syncDegraded = false
    // Clients still waiting on the old master never got an answer.
    let waiting = Set(pendingWrites.map(\.seq)).union(unansweredSeqs)
    pendingWrites.removeAll()
    unansweredSeqs = []
    control.orchestrator.splitBrainReported.remove(name)
    mark(name, .promoted(epoch: epoch))
    var lost: [LostWrite] = []
    if let old = oldName, old != name, let om = nodes[old] {
      let n = nodes[name]!
      let common = om.log.commonPrefix(withHistory: n.log.history, lastSeq: n.log.lastSeq)
      for e in om.log.entries(from: common + 1) {
        let holders = nodeNames.filter { other in
          other != old && other != name && nodes[other]?.log.entry(e.seq).map { $0 == e } == true
        }
        lost.append(LostWrite(
          entry: e, acknowledged: e.seq <= om.applied && !waiting.contains(e.seq), alsoOn: holders,
          readAt: exposedReads[e.seq] ?? []))
      }
    }
    for l in lost {
      if l.acknowledged { lostWrites.insert(WriteID(l.entry)) } else { droppedWrites.insert(WriteID(l.entry)) }
    }
    exposedReads = [:]
    return (epoch, lost)
  }
}
