import ReplLabKernel

extension DataPlane {
  // MARK: Master side

  /// Logs a write on the master; its senders ship it to the connected replicas. With retention off
  /// the log is bounded (`maxUnretainedEntries`), and running loads have their room reserved, so a
  /// load that started never runs out of it; `fromLoad` says the write is one of theirs.
  package mutating func logOnMaster(_ op: Operation, statement: Expression?, fromLoad: Bool = false)
    throws(ClusterError) -> Int
  {
    guard let name = masterName, nodes.contains(name) else { throw .noMaster }
    guard nodes[name]!.isUp else { throw .masterDown(master: name, liveReplicas: liveReplicaNames) }
    if retention == nil,
      nodes[name]!.log.count + (fromLoad ? 0 : reservedByLoads) >= Self.maxUnretainedEntries
    {
      throw .logFull(node: name, limit: Self.maxUnretainedEntries)
    }
    if let refusal = minReplicasRefusal(on: name) { throw refusal }
    return append(op, statement: statement, on: name)
  }

  /// The one way a write enters a log: appended in `name`'s epoch, retention applied, senders woken.
  /// The cluster's master and a stray master in split brain both write through here.
  package mutating func append(_ op: Operation, statement: Expression?, on name: String) -> Int {
    // Work on the node in place, never through a local copy: a copy alive during the append would
    // make the log copy itself (copy-on-write), and every write would cost the whole log.
    let entry = LogEntry(
      seq: nodes[name]!.log.lastSeq + 1, epoch: nodes[name]!.epoch, time: now, op: op, statement: statement)
    nodes[name]!.log.append(entry)
    if audit.isOn { audit.wrote(epoch: entry.epoch, on: name) }
    enforceRetention(on: name)
    scheduleShipping(from: name)
    return entry.seq
  }

  /// Wakes the master's sender for every connected replica that has nothing scheduled. Writes made in
  /// the same millisecond leave in one message, as a walsender or binlog dump thread batches them.
  package mutating func scheduleShipping(from master: String) {
    guard nodes.contains(master) else { return }
    let incarnation = nodes[master]!.incarnation
    // Usually every sender is already scheduled: find that out without building anything.
    guard nodes[master]!.replicas.values.contains(where: { $0.connected && !$0.shipScheduled }) else { return }
    let idle = nodes[master]!.replicas.filter { $0.value.connected && !$0.value.shipScheduled }.keys.sorted()
    for replica in idle {
      nodes[master]!.replicas[replica]!.shipScheduled = true
      schedule(.ship(master: master, replica: replica, incarnation: incarnation), at: now)
    }
  }

  /// The largest batch one message carries; a longer backlog leaves in several.
  package static let maxBatch = 1000
  /// Log entries a link carries per second: a long catch-up takes visible time, a live stream does not.
  public static let logEntriesPerSecond = 10_000

  /// Time on the wire for a batch of `count` entries.
  package static func transferTime(entries count: Int) -> SimTime {
    SimTime(count) * 1000 / SimTime(logEntriesPerSecond)
  }

  package mutating func ship(from master: String, to replica: String, incarnation: Int) {
    guard let up = nodes[master]?.isUp, up, nodes[master]!.incarnation == incarnation,
      nodes[master]!.role == .master || (nodes[replica]?.cascades == true && nodes[replica]?.masterName == master),
      let p = nodes[master]!.replicas[replica]
    else { return }
    nodes[master]!.replicas[replica]!.shipScheduled = false
    let lastSeq = nodes[master]!.log.lastSeq
    // A dead host's connection still looks open (until the sender times out), but nothing sent on
    // it is read: the sender stalls with a full socket buffer and moves nothing forward.
    guard p.connected, p.sent < lastSeq, nodes[replica]?.isUp == true else { return }
    if p.sent + 1 < nodes[master]!.log.firstSeq {
      // Retention purged what this replica still needs while it was catching up.
      resyncNeeded(master: master, replica: replica, needed: p.sent + 1)
      return
    }
    let batch = nodes[master]!.log.entries(from: p.sent + 1, limit: Self.maxBatch)
    nodes[master]!.replicas[replica]!.sent = batch.last!.seq
    send(
      .entries(epoch: nodes[master]!.epoch, rewindTo: nil, batch), from: master, to: replica,
      transfer: Self.transferTime(entries: batch.count))
    if batch.last!.seq < lastSeq {
      nodes[master]!.replicas[replica]!.shipScheduled = true
      schedule(.ship(master: master, replica: replica, incarnation: incarnation), at: now)
    }
  }

  /// Makes every logged write up to `seq` visible on the master (the engine commit).
  package mutating func commitOnMaster(through seq: Int) {
    guard let name = masterName, nodes.contains(name) else { return }
    nodes[name]!.applyAll(through: seq)
  }

  /// A replica (re)connects: find where its log stops agreeing with ours, and stream from there.
  /// Its applied position counts at once: a replica that already has everything gets no entries to
  /// acknowledge, and a synchronous commit waiting for it must not wait for ever.
  package mutating func masterHello(
    from replica: String, at masterName: String, lastSeq: Int, applied: Int, history: [ReplicationLog.EpochStart]
  ) {
    if nodes[masterName]?.role == .replica {
      relayHello(from: replica, at: masterName, lastSeq: lastSeq, applied: applied, history: history)
      return
    }
    guard let m = nodes[masterName], m.role == .master else { return }
    let syncBefore = syncSetSnapshot()
    let common = m.log.commonPrefix(withHistory: history, lastSeq: lastSeq)
    var p = m.replicas[replica] ?? ReplicaProgress()
    p.heardHello(at: now, common: common, applied: applied)
    if common < m.log.lastSeq && common + 1 < m.log.firstSeq {
      nodes[masterName]!.replicas[replica] = p
      resyncNeeded(master: masterName, replica: replica, needed: common + 1)
      return
    }
    stream(from: masterName, to: replica, progress: p, common: common, lastSeq: lastSeq)
    noteSyncSetChange(from: syncBefore)
    releaseWaitingWrites()
  }

  /// After a hello: sends `replica` the first batch it lacks from `sender` (rolled back to the fork
  /// first when its log, ending at `lastSeq`, runs past `common`), records its progress there, and
  /// keeps shipping the rest. A master and a relay stream alike.
  package mutating func stream(
    from sender: String, to replica: String, progress: ReplicaProgress, common: Int, lastSeq: Int
  ) {
    var p = progress
    let rewind: Int? = common < lastSeq ? common : nil
    let missing = nodes[sender]!.log.entries(from: common + 1, limit: Self.maxBatch)
    p.streaming = missing.isEmpty && rewind == nil
    p.sendingSnapshot = false
    p.sent = missing.last?.seq ?? common
    nodes[sender]!.replicas[replica] = p
    if rewind != nil || !missing.isEmpty {
      send(
        .entries(epoch: nodes[sender]!.epoch, rewindTo: rewind, missing), from: sender, to: replica,
        transfer: Self.transferTime(entries: missing.count))
    }
    if p.sent < nodes[sender]!.log.lastSeq { scheduleShipping(from: sender) }
  }

  package mutating func masterAck(from replica: String, at masterName: String, received: Int, applied: Int, epoch: Int)
  {
    if nodes[masterName]?.role == .replica {
      relayAck(from: replica, at: masterName, received: received, applied: applied)
      return
    }
    // Any node acting as master counts who still talks to it, for min-replicas-to-write.
    if nodes[masterName]?.role == .master, nodes[masterName]!.replicas[replica]?.connected == true {
      nodes[masterName]!.replicas[replica]!.lastAck = now
    }
    guard nodes[masterName]?.role == .master, self.masterName == masterName,
      var p = nodes[masterName]!.replicas[replica], p.connected,
      // A replica re-pointed here may report progress before the rewind to this master's timeline
      // reaches it; a position that counts another timeline's writes acknowledges none of ours.
      received <= nodes[masterName]!.log.lastSeq, received == 0 || nodes[masterName]!.log.epoch(at: received) == epoch
    else { return }
    let lastSeq = nodes[masterName]!.log.lastSeq
    let syncBefore = syncSetSnapshot()
    p.received = received
    p.applied = applied
    p.lastAck = now
    if received >= lastSeq { p.streaming = true }
    if received >= p.sent { p.sendingSnapshot = false }
    nodes[masterName]!.replicas[replica] = p
    // A replication slot moves with what its replica confirms, and frees what it no longer needs.
    if !slots.byReplica.isEmpty, slots.byReplica[replica] != nil { enforceRetention(on: masterName) }
    // MySQL switches semi-sync back ON only once as many replicas as
    // rpl_semi_sync_source_wait_for_replica_count have caught up, not at the first one.
    if syncMode == .semi, !semiSyncActive, received >= lastSeq, caughtUpReplicas(of: masterName) >= semiSync.acks {
      semiSyncActive = true
      note(.semiSyncOn(master: masterName, replica: replica, seq: received))
    }
    // A standby that has caught up is streaming: only now is it a synchronous candidate.
    noteSyncSetChange(from: syncBefore)
    releaseWaitingWrites()
  }

  /// Connected replicas that have received everything the master has.
  package func caughtUpReplicas(of master: String) -> Int {
    guard let m = nodes[master] else { return 0 }
    return m.replicas.filter { name, p in p.connected && nodes[name]?.isUp == true && p.received >= m.log.lastSeq }
      .count
  }

  package mutating func semiSyncTimedOut(master name: String, incarnation: Int, seq: Int) {
    guard let m = nodes[name], m.isUp, m.incarnation == incarnation, masterName == name,
      syncMode == .semi, semiSyncActive,
      let w = pendingWrites.first(where: { $0.seq == seq })
    else { return }
    semiSyncActive = false
    note(.semiSyncOff(master: name, seq: seq, waited: now - w.start))
    releaseWaitingWrites()
  }

  // MARK: Replica side

  /// Entries an old master rolls back: a failover already counted those it took away, so the rest
  /// are writes a stray master took during a split brain, lost only now.
  package mutating func countLost(_ discarded: [LogEntry]) {
    for e in discarded where !droppedWrites.contains(WriteID(e)) { lostWrites.insert(WriteID(e)) }
  }

  /// A replica asks `master` to stream to it, saying where its log ends and how far it applied.
  package mutating func sendHello(from name: String, to master: String) {
    let n = nodes[name]!
    send(.hello(lastSeq: n.log.lastSeq, applied: n.applied, history: n.log.history), from: name, to: master)
  }

  /// A replica tells its master how far it has received and applied.
  package mutating func sendAck(from name: String, to master: String) {
    let log = nodes[name]!.log
    send(
      .ack(received: log.lastSeq, applied: nodes[name]!.applied, epoch: log.epoch(at: log.lastSeq) ?? 0), from: name,
      to: master)
  }

  package mutating func replicaReceive(
    from sender: String, at name: String, epoch: Int, rewindTo: Int?, entries: [LogEntry]
  ) {
    // Read fields, not a copy of the node: a live copy would make the appends below copy the log.
    guard nodes[name]?.role == .replica, nodes[name]?.masterName == sender, epoch >= nodes[name]!.epoch,
      !nodes[name]!.awaitingSnapshot
    else { return }
    let hadLastSeq = nodes[name]!.log.lastSeq
    nodes[name]!.epoch = epoch
    if let point = rewindTo, point < nodes[name]!.log.firstSeq - 1 {
      // The fork lies before the oldest entry this node keeps (purged, or it started from a
      // snapshot): without those entries it cannot undo its writes, so it starts over from a copy,
      // as a server that pg_rewind cannot rewind is cloned again.
      nodes[name]!.awaitingSnapshot = true
      note(.cannotRewind(node: name, master: sender, forkSeq: point, oldest: nodes[name]!.log.firstSeq))
      send(.snapshotRequest, from: name, to: sender)
      return
    }
    if nodes[name]!.divergedAfter != nil { return }
    var rolledBack = false
    if let point = rewindTo, point < hadLastSeq {
      guard rejoinDiverged(name, master: sender, forkAfter: point) else { return }
      rolledBack = true
    }
    let lastSeq = nodes[name]!.log.lastSeq
    guard let start = entries.firstIndex(where: { $0.seq > lastSeq }) else { return }
    guard entries[start].seq == lastSeq + 1 else {
      // A gap: something was lost on the way. Ask again from where this log ends.
      sendHello(from: name, to: sender)
      return
    }
    nodes[name]!.log.append(received: entries[start...])
    if nodes[name]!.appliesOnReceipt {
      applyOnReplica(name, through: nodes[name]!.log.lastSeq)
    } else {
      scheduleApplyTick(name)
    }
    enforceRetention(on: name)
    let n = nodes[name]!
    note(.replicated(node: name, first: lastSeq + 1, last: n.log.lastSeq, applied: n.applied))
    // Acknowledge on receipt: the entries are stored in the relay log, applied or not.
    sendAck(from: name, to: sender)
    relayReceived(name, rolledBack: rolledBack)
  }

  /// Applies received entries up to `target`. A statement is run again here, with this node's
  /// clock and random draws: that is where statement-based replication diverges.
  package mutating func applyOnReplica(_ name: String, through target: Int) {
    // Applying everything at once (a promotion, a replica without an apply rate) takes over from
    // parallel workers: what they held uncommitted is applied here.
    if !nodes[name]!.workers.running.isEmpty { nodes[name]!.workers.reset(from: nodes[name]!.applied) }
    // Row images in one go on the node; the cluster steps in only for a statement to run again.
    while let seq = nodes[name]!.applyRowImages(through: target) {
      nodes[name]!.apply(seq, value: replicaValue(of: seq, on: name))
    }
    recordAppliedPosition(name)
  }

  /// The value entry `seq` writes when `name` applies it: its row image, or, for a statement, what
  /// the statement gives when run again there; nil for a row image or a delete.
  package mutating func replicaValue(of seq: Int, on name: String) -> String? {
    guard let e = nodes[name]!.log.entry(seq), let statement = e.statement, case .set(let key, let masterValue) = e.op
    else { return nil }
    // MySQL writes RAND()'s seed into the binlog (a RAND_EVENT before the statement), so a
    // replica draws the same number; it is flagged unsafe all the same.
    return statement == .rand ? masterValue : evaluate(statement, key: key, on: name, statementTime: e.time)
  }

  /// The value an expression gives when run on `node` now.
  package mutating func evaluate(_ expression: Expression, key: KeyTable.ID, on node: String, statementTime: SimTime)
    -> String
  {
    switch expression {
    case .literal(let v): return v
    case .now: return statementTime.clockText
    // SYSDATE() reads the wall clock of the server running it, skewed or not.
    case .sysdate: return (now + (nodes[node]?.clockOffset ?? 0)).clockText
    case .rand:
      let x = UInt64.random(in: 0..<1_000_000, using: &random)
      let digits = String(x)
      return "0." + String(repeating: "0", count: 6 - digits.count) + digits
    case .uuid:
      let hex = Array("0123456789abcdef")
      var out = ""
      for i in 0..<32 {
        if [8, 12, 16, 20].contains(i) { out.append("-") }
        // Version 4 and the RFC 4122 variant, like a real random UUID.
        let nibble = Int(UInt8.random(in: 0..<16, using: &random))
        out.append(i == 12 ? "4" : i == 16 ? hex[8 + nibble % 4] : hex[nibble])
      }
      return out
    case .increment:
      return String((nodes[node]?.data[key].flatMap { Int($0) } ?? 0) + 1)
    }
  }

  /// A node that has just become a replica (restarted, stepped down, demoted) runs what its relay
  /// log holds beyond what it applied, at once or at its apply rate. A former master's writes that
  /// were waiting for replicas are among them: the new master may well have them too, and if it
  /// does not, its rewind undoes them again.
  package mutating func resumeApplying(_ name: String) {
    if nodes[name]!.appliesOnReceipt {
      applyOnReplica(name, through: nodes[name]!.log.lastSeq)
    } else {
      scheduleApplyTick(name)
    }
  }

  /// Schedules the next apply batch of a rate-limited replica. A node that is down applies nothing;
  /// its restart schedules the first batch.
  package mutating func scheduleApplyTick(_ name: String) {
    if nodes[name]?.appliesInParallel == true {
      dispatchWorkers(name)
      return
    }
    guard let n = nodes[name], n.isUp, !n.appliesOnReceipt, !n.applyTickScheduled, n.applied < n.log.lastSeq else {
      return
    }
    var at = now
    if let rate = n.applyRate {
      let batch = max(1, rate / 100)
      at += max(1, SimTime(batch) * 1000 / SimTime(rate))
    }
    if n.applyDelay != nil {
      guard let due = nextDelayedApply(name) else { return }
      at = max(at, due)
    }
    nodes[name]!.applyTickScheduled = true
    schedule(.applyTick(node: name, incarnation: n.incarnation), at: at)
  }

  package mutating func applyTick(_ name: String, incarnation: Int) {
    guard nodes[name]?.isUp == true, nodes[name]!.incarnation == incarnation else { return }
    nodes[name]!.applyTickScheduled = false
    if nodes[name]!.appliesInParallel {
      dispatchWorkers(name)
      return
    }
    let batch = nodes[name]!.applyRate.map { max(1, $0 / 100) } ?? Int.max
    let (applied, lastSeq) = (nodes[name]!.applied, nodes[name]!.log.lastSeq)
    let target = min(applied + min(batch, lastSeq - applied), delayedApplyLimit(name))
    // A delayed replica whose next entry is not yet due has nothing to apply or report.
    if nodes[name]!.applyDelay == nil || target > applied {
      applyOnReplica(name, through: target)
      enforceRetention(on: name)
      if let master = nodes[name]!.masterName {
        sendAck(from: name, to: master)
      }
    }
    scheduleApplyTick(name)
  }

  /// Names of replicas that are up, in display order.
  public var liveReplicaNames: [String] {
    nodeNames.filter { $0 != masterName && nodes[$0]?.isUp == true }
  }
}

extension Node {
  /// Applies log entry `seq` to the data, remembering the before-image for a later rollback.
  /// `value` overrides the row image when the entry was re-run as a statement here.
  package mutating func apply(_ seq: Int, value: String? = nil) {
    write(seq, value: value)
    applied = seq
  }

  /// Makes entry `seq`'s change to the data, remembering the before-image, and leaves the applied
  /// position alone (a parallel worker may commit past a gap).
  package mutating func write(_ seq: Int, value: String? = nil) {
    guard let row = log.row(seq) else { return }
    log.setBefore(data[row.key], at: seq)
    // A delete stays a delete; a set takes the statement's result when it ran again here.
    data[row.key] = row.value == nil ? nil : value ?? row.value
  }

  /// Applies everything received up to `seq`, with the row images (the master's commit, crash
  /// recovery of the node's own writes).
  package mutating func applyAll(through seq: Int = .max) {
    let target = min(seq, log.lastSeq)
    while applied < target {
      if appliedAhead.remove(applied + 1) != nil { applied += 1 } else { apply(applied + 1) }
    }
  }

  /// Applies received entries up to `target` with their row images, and stops before the first one
  /// that must run again as a statement here: returns its seq, or nil when it reached `target`.
  package mutating func applyRowImages(through target: Int) -> Int? {
    while applied < target {
      let seq = applied + 1
      // Committed already by a parallel worker, past a gap now filled.
      if appliedAhead.remove(seq) != nil {
        applied = seq
        continue
      }
      guard let row = log.row(seq) else {
        applied = seq
        continue
      }
      if row.hasStatement && row.value != nil { return seq }
      apply(seq)
    }
    return nil
  }

  /// Undoes and removes every entry after `seq`; returns the removed entries, oldest first.
  package mutating func rollBack(to seq: Int) -> [LogEntry] {
    // Undo newest first, so each before-image restores the value the entry replaced; entries in a
    // parallel applier's gaps were never applied and have nothing to undo.
    var s = max(applied, appliedAhead.max() ?? 0)
    while s > seq {
      if s <= applied || appliedAhead.contains(s), let e = log.entry(s) { data[e.op.key] = e.before }
      s -= 1
    }
    applied = min(applied, seq)
    appliedAhead = appliedAhead.filter { $0 <= seq }
    storedPosition = min(storedPosition, applied)
    workers.reset(from: applied)
    return log.truncate(after: seq)
  }
}
