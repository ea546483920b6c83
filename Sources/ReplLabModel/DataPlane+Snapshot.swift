import ReplLabKernel

/// Log retention, and the full resync from a snapshot that a replica needs when the log it lacks is gone.
extension DataPlane {
  /// Snapshots travel at this many keys per second of simulated time: big data sets take a while.
  public static let snapshotKeysPerSecond: SimTime = 1000

  /// Purges entries the retention setting no longer keeps, but never one its node has not applied:
  /// on a replica that is the relay log still to run, on the master a write still waiting for its
  /// replicas (AFTER_SYNC, sync), whose only copy is the log until it commits.
  package mutating func enforceRetention(on name: String) {
    // Fields only, no copy of the node: a live copy would make the purge copy the whole log.
    guard let retention, nodes.contains(name) else { return }
    let lastSeq = nodes[name]!.log.lastSeq
    var keepFrom: Int
    switch retention {
    case .entries(let count):
      keepFrom = lastSeq - count + 1
    case .age(let age):
      var s = nodes[name]!.log.firstSeq
      while let t = nodes[name]!.log.entry(s)?.time, t < now - age { s += 1 }
      keepFrom = s
    }
    // A replication slot keeps what its replica has not confirmed, beyond the retention.
    if let hold = slotHold(master: name) { keepFrom = min(keepFrom, hold) }
    let limit = min(keepFrom - 1, nodes[name]!.applied)
    if limit >= nodes[name]!.log.firstSeq { nodes[name]!.log.purge(through: limit) }
  }

  /// The replica needs seq `needed` but the master has purged it.
  package mutating func resyncNeeded(master: String, replica: String, needed: Int) {
    let oldest = nodes[master]!.log.firstSeq
    note(.logPurged(node: replica, master: master, needed: needed, oldest: oldest, auto: resyncMode == .auto))
    if resyncMode == .auto {
      sendSnapshot(from: master, to: replica, needed: needed)
    } else {
      nodes[master]!.replicas[replica]?.connected = false
      send(.logPurged(needed: needed, oldest: oldest), from: master, to: replica)
    }
  }

  /// Ships a consistent copy of the master's committed data at its applied seq; the log from the
  /// next seq follows on the same link, behind the snapshot.
  package mutating func sendSnapshot(from master: String, to replica: String, needed: Int?, announce: Bool = true) {
    guard let m = nodes[master], m.isUp else { return }
    let seq = m.applied
    let transfer = SimTime(m.data.count) * 1000 / Self.snapshotKeysPerSecond
    // Not streaming while the copy travels: the replica connects for the log once it has loaded it.
    var p = m.replicas[replica] ?? ReplicaProgress()
    p.connected = false
    p.sendingSnapshot = true
    p.streaming = false
    p.sent = seq
    p.received = 0
    p.applied = 0
    nodes[master]!.replicas[replica] = p
    let history = m.log.history.filter { $0.firstSeq <= seq }
    send(
      .snapshot(epoch: m.epoch, seq: seq, data: m.data, history: history), from: master, to: replica, transfer: transfer
    )
    if announce {
      note(
        .snapshotSent(
          node: replica, master: master, seq: seq, keys: m.data.count,
          transfer: transfer + network.latency(from: master, to: replica)))
    }
  }

  package mutating func replicaLoadSnapshot(
    from sender: String, at name: String, epoch: Int, seq: Int, data: KeyValueStore,
    history: [ReplicationLog.EpochStart]
  ) {
    guard nodes[name]?.role == .replica, nodes[name]?.masterName == sender, epoch >= nodes[name]!.epoch else { return }
    nodes[name]!.epoch = epoch
    nodes[name]!.data = data
    nodes[name]!.applied = seq
    nodes[name]!.appliedAhead = []
    nodes[name]!.storedPosition = seq
    nodes[name]!.workers.reset(from: seq)
    nodes[name]!.log = .startingAfter(seq, history: history)
    // A clone: the copy's GTID set is its source's, and its binlog starts after the copy.
    nodes[name]!.localTransactions = nodes[sender]?.localTransactions ?? []
    nodes[name]!.divergedAfter = nil
    let file = nodes[name]!.binlogFiles.last!.number + 1
    nodes[name]!.binlogFiles.append(BinlogFile(number: file, firstSeq: seq + 1))
    nodes[name]!.awaitingSnapshot = false
    nodes[name]!.replicationError = nil
    note(.snapshotLoaded(node: name, seq: seq, keys: data.count))
    // Now connect for the log from the snapshot's position on, like a replica after pg_basebackup.
    sendHello(from: name, to: sender)
  }

  package mutating func replicaLogPurged(from sender: String, at name: String, needed: Int, oldest: Int) {
    guard nodes[name]?.masterName == sender else { return }
    nodes[name]!.replicationError =
      "needs seq \(needed), but \(sender) keeps only seq \(oldest) onward: partial resync impossible"
  }

  /// `resync NODE`: the replica asks its master for a full snapshot.
  public mutating func resync(_ name: String) throws(ClusterError) {
    guard let n = nodes[name] else { throw .unknownNode(name, known: nodeNames) }
    guard name != masterName, n.role == .replica else { throw .notAReplica(name) }
    guard n.isUp else { throw .nodeDown(name, alternatives: [], key: nil) }
    guard let m = masterName, nodes[m]?.isUp == true else {
      throw .masterDown(master: masterName ?? "-", liveReplicas: liveReplicaNames)
    }
    nodes[name]!.masterName = m
    nodes[name]!.awaitingSnapshot = true
    send(.snapshotRequest, from: name, to: m)
  }
}
