import ReplLabKernel

/// What `repoint` did.
public struct RepointReport: Sendable {
  public let node: String
  public let master: String
  /// The source it followed before.
  public let oldSource: String?
  /// The place given with `at` (binlog positions), nil with auto-positioning.
  public let coordinates: BinlogCoordinates?
  /// Its last applied seq: where streaming resumes from.
  public let applied: Int
  /// What it has that the new source lacks (GTID mode): errant transactions.
  public let errant: GTIDSet
}

extension DataPlane {
  /// `repoint NODE MASTER [at FILE:POS]`: CHANGE REPLICATION SOURCE TO. With GTIDs (or the lab's
  /// seq) the replica says what it has and gets what it lacks; with binlog positions it must be
  /// given the place in MASTER's own binlog right after the last transaction it applied.
  package mutating func repoint(_ name: String, to master: String, at given: BinlogCoordinates?)
    throws(ClusterError) -> RepointReport
  {
    guard let n = nodes[name] else { throw .unknownNode(name, known: nodeNames) }
    guard nodes[master] != nil else { throw .unknownNode(master, known: nodeNames) }
    guard master == masterName else { throw .repointToNonMaster(master, master: masterName) }
    guard name != master, n.role == .replica else { throw .notAReplica(name) }
    guard n.isUp else { throw .nodeDown(name, alternatives: [], key: nil) }
    let m = nodes[master]!
    guard m.isUp else { throw .masterDown(master: master, liveReplicas: liveReplicaNames) }
    if given != nil && positions != .file { throw .positionNotWanted(positions) }
    let common = m.log.commonPrefix(withHistory: n.log.history, lastSeq: n.log.lastSeq)
    if positions == .file && common < n.applied {
      throw .repointDiverged(node: name, master: master, forkSeq: common)
    }
    if positions == .file {
      guard let given else {
        let source = n.masterName
        throw .positionNeeded(
          node: name, master: master, source: source,
          stoppedAt: source.flatMap { binlogPosition(of: $0, after: n.applied) })
      }
      guard binlogPosition(of: master, after: n.applied) == given else {
        throw .wrongPosition(
          node: name, master: master, given: given, givenSeq: seq(at: given, on: master), applied: n.applied)
      }
    }
    let errant = positions == .gtid ? gtidSet(of: name).subtracting(gtidSet(of: master)) : GTIDSet()
    let old = n.masterName
    nodes[name]!.replicationError = nil
    follow(name, master: master, epoch: max(m.epoch, n.epoch), tracked: true)
    return RepointReport(
      node: name, master: master, oldSource: old, coordinates: given, applied: n.applied, errant: errant)
  }
}
