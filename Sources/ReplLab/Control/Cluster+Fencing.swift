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
}

extension Cluster {
  /// Fencing by epochs: a node still acting as master that hears of a newer epoch stops taking
  /// writes, becomes a replica of the new master and, on reconnecting, rolls back the writes the new
  /// master never had (as MongoDB's rollback and pg_rewind do). With fencing off nothing stops it.
  mutating func stepDown(_ name: String, master: String, epoch: Int, learnedFrom: String) {
    guard control.fencing, let n = nodes[name], n.isUp, n.role == .master, name != master,
      nodes.contains(master), epoch > n.epoch
    else { return }
    let oldEpoch = n.epoch
    nodes[name]!.role = .replica
    nodes[name]!.masterName = master
    nodes[name]!.epoch = epoch
    nodes[name]!.replicas = [:]
    pendingWrites.removeAll { $0.master == name }
    control.orchestrator.splitBrainReported.remove(name)
    noteControl(.steppedDown(node: name, master: master, epoch: epoch, oldEpoch: oldEpoch, from: learnedFrom))
    mark(name, .steppedDown(epoch: epoch))
    resumeApplying(name)
    sendHello(from: name, to: master)
  }

  /// Nodes that act as master but are not the cluster's master: split brain, or an old master that
  /// has not yet learned it was replaced.
  public var strayMasters: [String] {
    nodeNames.filter { $0 != masterName && nodes[$0]?.role == .master && nodes[$0]?.isUp == true }
  }

  /// `demote NODE`: the operator resolves a split brain by hand. The stray master rolls back every
  /// write the cluster's master does not have (as pg_rewind would) and follows it.
  public mutating func demote(_ name: String) throws(ClusterError) -> DemoteReport {
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
    let discarded = cannotRewind ? n.log.entries(from: common + 1) : nodes[name]!.rollBack(to: common)
    countLost(discarded)
    let oldEpoch = n.epoch
    nodes[name]!.role = .replica
    nodes[name]!.masterName = master
    nodes[name]!.epoch = m.epoch
    nodes[name]!.replicas = [:]
    pendingWrites.removeAll { $0.master == name }
    control.orchestrator.splitBrainReported.remove(name)
    mark(name, .demoted)
    if cannotRewind {
      nodes[name]!.awaitingSnapshot = true
      send(.snapshotRequest, from: name, to: master)
    } else {
      resumeApplying(name)
      sendHello(from: name, to: master)
    }
    return DemoteReport(
      node: name, master: master, epoch: m.epoch, oldEpoch: oldEpoch, discarded: discarded,
      snapshotFrom: cannotRewind ? oldest : nil)
  }
}
