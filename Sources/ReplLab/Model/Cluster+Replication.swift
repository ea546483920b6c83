extension Cluster {
  // MARK: Master side

  /// Logs a write on the master and ships it to the replicas it streams to.
  mutating func logOnMaster(_ op: Operation) throws(ClusterError) -> Int {
    guard let name = masterName, nodes[name] != nil else { throw .noMaster }
    guard nodes[name]!.isUp else { throw .masterDown(master: name, liveReplicas: liveReplicaNames) }
    // Work on the node in place, never through a local copy: a copy alive during the append would
    // make the log copy itself (copy-on-write), and every write would cost the whole log.
    let epoch = nodes[name]!.epoch
    let entry = LogEntry(seq: nodes[name]!.log.lastSeq + 1, epoch: epoch, time: now, op: op)
    nodes[name]!.log.append(entry)
    let replicas = nodes[name]!.replicas
    for replica in replicas.keys.sorted() where replicas[replica]!.connected {
      send(.entries(epoch: epoch, rewindTo: nil, [entry]), from: name, to: replica)
    }
    return entry.seq
  }

  /// Makes every logged write up to `seq` visible on the master (the engine commit).
  mutating func commitOnMaster(through seq: Int) {
    guard let name = masterName, nodes[name] != nil else { return }
    let target = min(seq, nodes[name]!.log.lastSeq)
    while nodes[name]!.applied < target { nodes[name]!.apply(nodes[name]!.applied + 1) }
  }

  /// A replica (re)connects: find where its log stops agreeing with ours, and stream from there.
  mutating func masterHello(from replica: String, at masterName: String, lastSeq: Int, history: [ReplicationLog.EpochStart]) {
    guard let m = nodes[masterName], m.role == .master else { return }
    let common = m.log.commonPrefix(withHistory: history, lastSeq: lastSeq)
    let rewind: Int? = common < lastSeq ? common : nil
    let missing = m.log.entries(from: common + 1)
    var p = m.replicas[replica] ?? ReplicaProgress()
    p.connected = true
    p.received = common
    p.applied = min(p.applied, common)
    p.streaming = missing.isEmpty && rewind == nil
    nodes[masterName]!.replicas[replica] = p
    if rewind != nil || !missing.isEmpty {
      send(.entries(epoch: m.epoch, rewindTo: rewind, missing), from: masterName, to: replica)
    }
  }

  mutating func masterAck(from replica: String, at masterName: String, received: Int, applied: Int) {
    guard let m = nodes[masterName], m.role == .master, self.masterName == masterName else { return }
    var p = m.replicas[replica] ?? ReplicaProgress()
    p.received = received
    p.applied = applied
    p.lastAck = now
    if received >= m.log.lastSeq { p.streaming = true }
    nodes[masterName]!.replicas[replica] = p
    if syncMode == .semi, !semiSyncActive, received >= m.log.lastSeq {
      semiSyncActive = true
      note(.semiSyncOn(master: masterName, replica: replica, seq: received))
    }
    releaseWaitingWrites()
  }

  /// Acknowledges every waiting write whose condition now holds, oldest first.
  mutating func releaseWaitingWrites() {
    guard let m = master else { return }
    var released = 0
    for w in pendingWrites {
      guard w.master == m.name, let acks = acknowledgers(of: w) else { break }
      commitOnMaster(through: w.seq)
      if w.reported {
        note(.lateAcknowledgement(seq: w.seq, waited: now - w.start, mode: w.mode, by: acks))
      } else {
        releasedWrites[w.seq] = Release(at: now, by: acks, fellBack: w.mode == .semi && acks.isEmpty)
      }
      released += 1
    }
    if released > 0 { pendingWrites.removeFirst(released) }
  }

  /// The replicas whose acknowledgements release write `w`, or nil while it must still wait.
  func acknowledgers(of w: PendingWrite) -> [String]? {
    guard let m = master else { return nil }
    switch w.mode {
    case .async:
      return []
    case .semi:
      if !semiSyncActive { return [] }
      let have = replicaNames.filter { (m.replicas[$0]?.received ?? 0) >= w.seq }
      return have.isEmpty ? nil : have
    case .sync:
      let all = replicaNames
      return all.allSatisfy({ (m.replicas[$0]?.applied ?? 0) >= w.seq }) ? all : nil
    }
  }

  mutating func semiSyncTimedOut(master name: String, incarnation: Int, seq: Int) {
    guard let m = nodes[name], m.isUp, m.incarnation == incarnation, masterName == name,
      syncMode == .semi, semiSyncActive,
      let w = pendingWrites.first(where: { $0.seq == seq })
    else { return }
    semiSyncActive = false
    note(.semiSyncOff(master: name, seq: seq, waited: now - w.start))
    releaseWaitingWrites()
  }

  // MARK: Replica side

  mutating func replicaReceive(from sender: String, at name: String, epoch: Int, rewindTo: Int?, entries: [LogEntry]) {
    // Read fields, not a copy of the node: a live copy would make the appends below copy the log.
    guard nodes[name]?.role == .replica, nodes[name]?.masterName == sender, epoch >= nodes[name]!.epoch else { return }
    let hadLastSeq = nodes[name]!.log.lastSeq
    nodes[name]!.epoch = epoch
    if let point = rewindTo, point < hadLastSeq {
      let discarded = nodes[name]!.rollBack(to: point)
      note(.rolledBack(node: name, master: sender, discarded: discarded))
    }
    let lastSeq = nodes[name]!.log.lastSeq
    guard let start = entries.firstIndex(where: { $0.seq > lastSeq }) else { return }
    guard entries[start].seq == lastSeq + 1 else {
      // A gap: something was lost on the way. Ask again from where this log ends.
      send(.hello(lastSeq: lastSeq, history: nodes[name]!.log.history), from: name, to: sender)
      return
    }
    for e in entries[start...] { nodes[name]!.log.append(e) }
    nodes[name]!.applyAll()
    let n = nodes[name]!
    note(.replicated(node: name, first: lastSeq + 1, last: n.log.lastSeq, applied: n.applied))
    send(.ack(received: n.log.lastSeq, applied: n.applied), from: name, to: sender)
  }

  /// Names of replicas that are up, in display order.
  public var liveReplicaNames: [String] {
    nodeNames.filter { $0 != masterName && nodes[$0]?.isUp == true }
  }
}

extension Node {
  /// Applies log entry `seq` to the data, remembering the before-image for a later rollback.
  mutating func apply(_ seq: Int) {
    guard let e = log.entry(seq) else {
      applied = seq
      return
    }
    let key = e.op.key
    log.setBefore(data[key], at: seq)
    switch e.op {
    case .set(_, let value): data[key] = value
    case .delete: data[key] = nil
    }
    applied = seq
  }

  /// Applies everything received.
  mutating func applyAll() {
    while applied < log.lastSeq { apply(applied + 1) }
  }

  /// Undoes and removes every entry after `seq`; returns the removed entries, oldest first.
  mutating func rollBack(to seq: Int) -> [LogEntry] {
    // Undo newest first, so each before-image restores the value the entry replaced.
    var s = applied
    while s > seq {
      if let e = log.entry(s) { data[e.op.key] = e.before }
      s -= 1
    }
    applied = min(applied, seq)
    return log.truncate(after: seq)
  }
}
