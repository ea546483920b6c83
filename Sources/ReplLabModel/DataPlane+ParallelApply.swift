import ReplLabKernel

/// A multithreaded applier (MySQL's replica_parallel_workers with replica_parallel_type
/// LOGICAL_CLOCK and WRITESET dependency tracking). A coordinator hands entries to workers in log
/// order; an entry that wrote a key an earlier entry wrote waits until everything up to that one
/// has committed, and the coordinator waits with it. Each worker applies at the node's apply rate,
/// an entry taking between half and one and a half times 1/rate (transactions differ in size).
/// With replica_preserve_commit_order a worker that finished waits for its turn to commit; without
/// it, a later entry can commit before an earlier one and a reader sees the gap.
extension DataPlane {
  /// `apply-workers NODE N`. The applier stops and starts again with N workers: what workers held
  /// uncommitted is handed out again (STOP REPLICA SQL_THREAD, then START).
  public mutating func setApplyWorkers(_ count: Int, for name: String) throws(ClusterError) {
    guard nodes.contains(name) else { throw .unknownNode(name, known: nodeNames) }
    nodes[name]!.applyWorkers = count
    restartApplier(name)
  }

  /// `preserve-commit-order NODE on|off`.
  public mutating func setPreserveCommitOrder(_ on: Bool, for name: String) throws(ClusterError) {
    guard nodes.contains(name) else { throw .unknownNode(name, known: nodeNames) }
    nodes[name]!.preserveCommitOrder = on
    restartApplier(name)
  }

  private mutating func restartApplier(_ name: String) {
    nodes[name]!.workers.reset(from: nodes[name]!.applied)
    guard nodes[name]!.isUp, name != masterName, nodes[name]!.role == .replica else { return }
    resumeApplying(name)
  }

  /// The coordinator hands out entries, in log order, while a worker is free and the next entry
  /// does not wait for an earlier one.
  package mutating func dispatchWorkers(_ name: String) {
    guard let n = nodes[name], n.isUp, n.role == .replica, !n.awaitingSnapshot, let rate = n.applyRate else { return }
    let lastSeq = n.log.lastSeq
    while nodes[name]!.workers.running.count < n.applyWorkers {
      let seq = nodes[name]!.workers.dispatched + 1
      guard seq <= lastSeq else { return }
      let key = nodes[name]!.log.row(seq)?.key
      if seq <= nodes[name]!.applied || nodes[name]!.appliedAhead.contains(seq) {
        // Committed before a crash or a restart of the applier: skipped, but later entries on its
        // key still wait for it to count as committed in order.
        nodes[name]!.workers.dispatched = seq
        if let key { nodes[name]!.workers.lastWriter[key] = seq }
        continue
      }
      if let delay = n.applyDelay, let e = nodes[name]!.log.entry(seq), e.time + delay > now {
        if !nodes[name]!.applyTickScheduled {
          nodes[name]!.applyTickScheduled = true
          schedule(.applyTick(node: name, incarnation: n.incarnation), at: e.time + delay)
        }
        return
      }
      // WRITESET: the entry's commit parent is the last earlier entry on its key; LOGICAL_CLOCK
      // starts it once everything up to that parent has committed.
      if let key, let parent = nodes[name]!.workers.lastWriter[key], parent > nodes[name]!.applied { return }
      let base = 1000.0 / Double(rate)
      let cost = SimTime((base * Double.random(in: 0.5..<1.5, using: &random)).rounded())
      nodes[name]!.workers.dispatched = seq
      nodes[name]!.workers.running[seq] = false
      if let key { nodes[name]!.workers.lastWriter[key] = seq }
      schedule(.workerDone(node: name, seq: seq, generation: nodes[name]!.workers.generation), at: now + cost)
    }
  }

  /// A worker finished applying `seq`: it commits now, or, preserving commit order, once every
  /// earlier entry has.
  package mutating func workerDone(_ name: String, seq: Int, generation: Int) {
    guard nodes[name]?.isUp == true, nodes[name]!.workers.generation == generation,
      nodes[name]!.workers.running[seq] != nil
    else { return }
    nodes[name]!.workers.running[seq] = true
    if nodes[name]!.preserveCommitOrder {
      while true {
        nodes[name]!.advanceOverCommitted()
        let next = nodes[name]!.applied + 1
        guard nodes[name]!.workers.running[next] == true else { break }
        commitFromWorker(name, seq: next)
      }
    } else {
      commitFromWorker(name, seq: seq)
      nodes[name]!.advanceOverCommitted()
    }
    enforceRetention(on: name)
    recordAppliedPosition(name)
    if let master = nodes[name]!.masterName { sendAck(from: name, to: master) }
    dispatchWorkers(name)
  }

  /// Commits a worker's entry: its change becomes visible. The low-water mark `applied` moves only
  /// when nothing before the entry is missing; otherwise the entry waits beyond a gap.
  private mutating func commitFromWorker(_ name: String, seq: Int) {
    nodes[name]!.workers.running[seq] = nil
    nodes[name]!.write(seq, value: replicaValue(of: seq, on: name))
    if seq == nodes[name]!.applied + 1 {
      nodes[name]!.applied = seq
    } else {
      nodes[name]!.appliedAhead.insert(seq)
    }
  }
}

extension Node {
  /// Applies with several workers: only a rate-limited replica has work to share out.
  public var appliesInParallel: Bool { applyWorkers > 1 && applyRate != nil }

  /// Moves the low-water mark over entries already committed beyond it.
  package mutating func advanceOverCommitted() {
    while !appliedAhead.isEmpty, appliedAhead.remove(applied + 1) != nil { applied += 1 }
  }
}
