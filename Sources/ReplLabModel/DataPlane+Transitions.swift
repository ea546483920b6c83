import ReplLabKernel

/// The named transitions by which a node changes role, master or epoch. A control plane (an
/// operator's `promote`, the orchestrator, an election) decides; these keep the invariants in one
/// place: a master has no master and tracks its replicas, a replica follows one master, and a node's
/// epoch never goes back.
/// What `demote` did: the node now follows the master, without the writes the master never had.
public struct DemoteReport: Sendable {
  public let node: String
  public let master: String
  public let epoch: Int
  public let oldEpoch: Int
  /// The writes rolled back, oldest first.
  public let discarded: [LogEntry]
  /// The fork lies before the oldest entry the node keeps, so it could not roll back and reloads
  /// from a snapshot of the master instead; this is the oldest seq it kept.
  public let snapshotFrom: Int?
  /// The node held writes the master lacks and the rejoin mode, not a rollback, decided their fate
  /// (pg_rewind, staying out, a full resync, kept as errant): its event line says how.
  public var handledBy: RejoinMode?
}

/// A write that will not survive the failover.
public struct LostWrite: Sendable {
  public let entry: LogEntry
  /// The old master had acknowledged it to its client (it was committed there).
  public let acknowledged: Bool
  /// The master that wrote it: the one of its epoch, which after two failovers in a row is not the
  /// master that failed last.
  public let writtenBy: String?
  /// Other nodes that received it; they will discard it when they follow the new master.
  public let alsoOn: [String]
  /// When clients read its value from the old master before any replica had it (AFTER_COMMIT).
  public let readAt: [SimTime]
}

extension DataPlane {
  /// The one way a node becomes master, for `promote` and for automatic failover alike: a new epoch
  /// (at least `requested`), the relay log applied, the role taken, and the list of the old
  /// master's writes that the new master lacks. Re-pointing the replicas is the caller's business.
  package mutating func takeOver(_ name: String, epoch requested: Int?) -> (epoch: Int, lost: [LostWrite]) {
    let oldName = masterName ?? resignedMaster
    resignedMaster = nil
    epoch = max(requested ?? 0, epoch + 1)
    // A promoted replica applies everything in its relay log before taking writes, running
    // statements as a replica would.
    applyOnReplica(name, through: nodes[name]!.log.lastSeq)
    // A master's position is its own log; whatever a file said is moot from here.
    nodes[name]!.storedPosition = nodes[name]!.applied
    nodes[name]!.role = .master
    nodes[name]!.isStandby = false
    nodes[name]!.applyTickScheduled = false
    nodes[name]!.masterName = nil
    nodes[name]!.cascades = false
    nodes[name]!.epoch = epoch
    masterOfEpoch[epoch] = name
    // Its GTIDs in the new epoch count on from the last its server_uuid already has.
    gtidBase[epoch] = gtidSet(of: name).highest(name)
    if audit.isOn {
      audit.events.append(
        .promoted(
          Audit.Promotion(
            node: name, epoch: epoch, lastSeq: nodes[name]!.log.lastSeq, history: nodes[name]!.log.history, at: now,
            alsoActing: nodeNames.filter { $0 != name && nodes[$0]!.isUp && nodes[$0]!.role == .master })))
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
    mark(name, .promoted(epoch: epoch))
    var lost: [LostWrite] = []
    if let old = oldName, old != name, let om = nodes[old] {
      let n = nodes[name]!
      let common = om.log.commonPrefix(withHistory: n.log.history, lastSeq: n.log.lastSeq)
      for e in om.log.entries(from: common + 1) {
        let holders = nodeNames.filter { other in
          other != old && other != name && nodes[other]?.log.entry(e.seq).map { $0 == e } == true
        }
        lost.append(
          LostWrite(
            entry: e, acknowledged: e.seq <= om.applied && !waiting.contains(e.seq), writtenBy: masterOfEpoch[e.epoch],
            alsoOn: holders,
            readAt: exposedReads[e.seq] ?? []))
      }
    }
    for l in lost {
      if l.acknowledged { lostWrites.insert(WriteID(l.entry)) } else { droppedWrites.insert(WriteID(l.entry)) }
    }
    exposedReads = [:]
    return (epoch, lost)
  }

  /// A replica starts following `master` in `epoch` (a promotion re-points it, or it was told to):
  /// it says hello so the master streams what it lacks, or, still waiting for a snapshot, asks the
  /// new master for one (the old master's copy will be refused). `tracked` also registers it with the
  /// master at once, as a manual promotion does before any hello arrives.
  package mutating func follow(_ name: String, master: String, epoch: Int, tracked: Bool = false) {
    nodes[name]!.masterName = master
    nodes[name]!.cascades = false
    nodes[name]!.epoch = epoch
    if tracked { nodes[master]!.replicas[name] = ReplicaProgress() }
    // With GTIDs it asks for every transaction it lacks, the master's errant ones too.
    let received = receiveLocalTransactions(name, from: master)
    if !received.isEmpty { note(.errantSpread(node: name, master: master, received: received)) }
    reconnect(name, to: master)
  }

  /// A node that acted as master learns of a newer epoch and stops taking writes: it becomes a
  /// replica of `master`. Its clients' waits end unanswered. Returns the epoch it had. Resuming
  /// replication (`rejoin`) is a separate step, so the caller can report the step-down first.
  package mutating func stepDown(_ name: String, toFollow master: String, epoch: Int) -> Int {
    let oldEpoch = nodes[name]!.epoch
    nodes[name]!.role = .replica
    nodes[name]!.masterName = master
    nodes[name]!.cascades = false
    nodes[name]!.epoch = epoch
    nodes[name]!.replicas = [:]
    pendingWrites.removeAll { $0.master == name }
    return oldEpoch
  }

  /// A master steps down with no successor known (it lost its majority, or saw a newer term): it
  /// becomes a replica of nobody and refuses writes, and the cluster has no master until someone
  /// takes over. Its clients' waits end unanswered.
  package mutating func relinquish(_ name: String) {
    nodes[name]!.role = .replica
    nodes[name]!.masterName = nil
    nodes[name]!.cascades = false
    nodes[name]!.replicas = [:]
    // Writes still waiting were never acknowledged: rolling them back later loses no client's write.
    for w in pendingWrites where w.master == name {
      if let e = nodes[name]!.log.entry(w.seq) { droppedWrites.insert(WriteID(e)) }
    }
    pendingWrites.removeAll { $0.master == name }
    if masterName == name { masterName = nil }
    mark(name, .steppedDown(epoch: nodes[name]!.epoch))
  }

  /// A node that stepped down applies what it logged and asks its new master for the rest; on
  /// reconnecting it rolls back the writes the master never had.
  package mutating func rejoin(_ name: String) {
    guard let master = nodes[name]?.masterName else { return }
    resumeApplying(name)
    reconnect(name, to: master)
  }

  /// Nodes that act as master but are not the cluster's master: split brain, or an old master that
  /// has not yet learned it was replaced.
  public var strayMasters: [String] {
    nodeNames.filter { $0 != masterName && nodes[$0]?.role == .master && nodes[$0]?.isUp == true }
  }

  /// `demote NODE`: the operator resolves a split brain by hand. The stray master follows the
  /// cluster's master, and the writes it holds that the master lacks go as the rejoin mode says:
  /// rolled back and listed (the default), rewound, kept out until rewound or rebuilt, replaced by
  /// a full copy, or kept as errant transactions.
  package mutating func demote(_ name: String) throws(ClusterError) -> DemoteReport {
    guard let n = nodes[name] else { throw .unknownNode(name, known: nodeNames) }
    guard let master = masterName, let m = nodes[master] else { throw .noMaster }
    guard name != master else { throw .cannotDemoteMaster(name, strays: strayMasters) }
    guard n.role == .master else { throw .notActingMaster(name, master: master) }
    guard n.isUp else { throw .nodeAlreadyDown(name) }
    let common = n.log.commonPrefix(withHistory: m.log.history, lastSeq: m.log.lastSeq)
    // Retention purged entries after the fork: their before-images are gone, so rolling back would
    // leave their values behind. Start over from a copy, as a server pg_rewind cannot rewind is.
    let oldest = n.log.firstSeq
    let cannotRewind = common < oldest - 1
    // Every mode but the default rollback decides on its own, once the node is a replica.
    let byMode = !cannotRewind && rejoinMode != .rollback && common < n.log.lastSeq
    let discarded =
      cannotRewind ? n.log.entries(from: common + 1) : byMode ? [] : nodes[name]!.rollBack(to: common)
    countLost(discarded)
    let oldEpoch = n.epoch
    nodes[name]!.role = .replica
    nodes[name]!.masterName = master
    nodes[name]!.cascades = false
    nodes[name]!.epoch = m.epoch
    nodes[name]!.replicas = [:]
    pendingWrites.removeAll { $0.master == name }
    mark(name, .demoted)
    if cannotRewind {
      nodes[name]!.awaitingSnapshot = true
      send(.snapshotRequest, from: name, to: master)
    } else if !byMode || rejoinDiverged(name, master: master, forkAfter: common) {
      resumeApplying(name)
      sendHello(from: name, to: master)
    }
    var report = DemoteReport(
      node: name, master: master, epoch: m.epoch, oldEpoch: oldEpoch, discarded: discarded,
      snapshotFrom: cannotRewind ? oldest : nil)
    if byMode { report.handledBy = rejoinMode }
    return report
  }
}
