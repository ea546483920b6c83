import ReplLabKernel

/// A node that comes back holding writes its new master never had, as each system deals with it
/// (`rejoin MODE`): rolled back and listed, rewound, refused, replaced by a full copy, or kept.
extension DataPlane {
  /// Entries after `forkAfter` in `name`'s log are not in `master`'s history. Returns whether the
  /// node goes on to store what the master sent; false when it stopped or asked for a copy.
  package mutating func rejoinDiverged(_ name: String, master: String, forkAfter point: Int) -> Bool {
    switch rejoinMode {
    case .rollback:
      let discarded = nodes[name]!.rollBack(to: point)
      countLost(discarded)
      note(.rolledBack(node: name, master: master, discarded: discarded))
      return true
    case .rewind:
      let discarded = nodes[name]!.rollBack(to: point)
      countLost(discarded)
      note(.rewound(node: name, master: master, forkSeq: point, count: discarded.count))
      return true
    case .manual:
      let last = nodes[name]!.log.lastSeq
      nodes[name]!.divergedAfter = point
      // It closes the connection: the master stops streaming to it.
      if nodes[master]?.replicas[name] != nil {
        let syncBefore = syncSetSnapshot()
        nodes[master]!.replicas[name]!.connected = false
        noteSyncSetChange(from: syncBefore)
      }
      note(
        .divergedStaysOut(node: name, master: master, epoch: nodes[master]?.epoch ?? epoch, forkSeq: point, last: last))
      return false
    case .fullResync:
      let discarded = nodes[name]!.log.entries(from: point + 1)
      countLost(discarded)
      nodes[name]!.awaitingSnapshot = true
      note(.fullResync(node: name, master: master, discarded: discarded))
      send(.snapshotRequest, from: name, to: master)
      return false
    case .keep:
      // Nothing undoes them: the data keeps their values, and they become transactions of their
      // own server_uuid that the new master never had.
      var kept: [LocalTransaction] = []
      for e in nodes[name]!.log.entries(from: point + 1) where e.seq <= nodes[name]!.applied {
        guard let id = gtid(of: e.seq, on: name) else { continue }
        let value: String? =
          switch e.op {
          case .set(_, let v): v
          case .delete: nil
          }
        kept.append(
          LocalTransaction(
            origin: id.origin, number: id.number, key: e.op.key, value: value, time: e.time, afterSeq: point))
      }
      let removed = nodes[name]!.log.truncate(after: point)
      nodes[name]!.applied = min(nodes[name]!.applied, point)
      nodes[name]!.localTransactions.append(contentsOf: kept)
      countLost(removed)
      note(.keptErrant(node: name, master: master, kept: kept))
      return true
    }
  }

  /// `rewind NODE`: pg_rewind. The node goes back to where its history forked from the master's,
  /// discarding what came after without a list, and follows the master.
  package mutating func rewind(_ name: String) throws(ClusterError) -> (forkSeq: Int, count: Int) {
    guard let n = nodes[name] else { throw .unknownNode(name, known: nodeNames) }
    guard let m = masterName, let master = nodes[m] else { throw .noMaster }
    guard name != m, n.role == .replica else { throw .notAReplica(name) }
    guard n.isUp else { throw .nodeDown(name, alternatives: [], key: nil) }
    guard master.isUp else { throw .masterDown(master: m, liveReplicas: liveReplicaNames) }
    let common = master.log.commonPrefix(withHistory: n.log.history, lastSeq: n.log.lastSeq)
    guard common < n.log.lastSeq || n.divergedAfter != nil else { throw .nothingToRewind(name, master: m) }
    guard common >= n.log.firstSeq - 1 else {
      throw .rewindNeedsOlderLog(node: name, forkSeq: common, oldest: n.log.firstSeq)
    }
    let discarded = nodes[name]!.rollBack(to: common)
    countLost(discarded)
    nodes[name]!.divergedAfter = nil
    nodes[name]!.masterName = m
    nodes[name]!.epoch = max(n.epoch, master.epoch)
    resumeApplying(name)
    sendHello(from: name, to: m)
    return (common, discarded.count)
  }
}
