import ReplLabKernel

/// The traffic generator behind `load`.
extension DataPlane {
  /// Starts `count` writes to `keys` keys spread over `duration`; returns its id. The writes happen
  /// as simulated time passes (`wait`, `settle`), so the learner can watch lag while it runs.
  /// With retention off the whole load must fit in the master's log (`maxUnretainedEntries`).
  public mutating func startLoad(count: Int, over duration: SimTime, keys: Int) throws(ClusterError) -> Int {
    if retention == nil, let m = masterName, let log = nodes[m]?.log,
      log.count + reservedByLoads + count > Self.maxUnretainedEntries
    {
      throw .loadExceedsLog(
        node: m, entries: log.count + reservedByLoads, count: count, limit: Self.maxUnretainedEntries)
    }
    let id = nextLoadID
    nextLoadID += 1
    loads[id] = LoadGenerator(id: id, total: count, start: now, duration: duration, keys: keys)
    schedule(.loadWrite(id: id), at: now)
    return id
  }

  /// Writes that running loads have yet to make: room they keep in a log without retention.
  package var reservedByLoads: Int { loads.values.reduce(0) { $0 + $1.total - $1.issued } }

  /// Loads still running.
  public var activeLoads: Int { loads.count }

  package mutating func loadWrite(_ id: Int) {
    guard var g = loads[id] else { return }
    // Every write due now, in one go: a million writes cost a million appends, not a million events.
    while g.issued < g.total && g.time(of: g.issued) <= now {
      let i = g.issued
      g.issued += 1
      let key = keys.intern("k\(Int.random(in: 1...g.keys, using: &random))")
      guard let m = masterName, nodes[m]?.isUp == true,
        let seq = try? logOnMaster(
          .set(key: key, value: "v\(i + 1)"), statement: logFormat == .row ? nil : .literal("v\(i + 1)"), fromLoad: true
        )
      else {
        g.failed += 1
        continue
      }
      if g.firstSeq == nil { g.firstSeq = seq }
      g.lastSeq = seq
      loads[id] = g
      var w = PendingWrite(seq: seq, master: m, mode: syncMode, level: commitLevel, start: now)
      w.load = id
      if syncMode == .semi, semiSyncActive, semiSync.waitPoint == .afterCommit { commitOnMaster(through: seq) }
      pendingWrites.append(w)
      if syncMode == .semi && semiSyncActive {
        queue.schedule(
          .semiSyncTimeout(master: m, incarnation: nodes[m]!.incarnation, seq: seq), at: now + semiSync.timeout)
      }
      releaseWaitingWrites()
      // The acknowledgement of the last write finishes the generator.
      guard let current = loads[id] else { return }
      g = current
    }
    loads[id] = g
    if g.issued < g.total {
      schedule(.loadWrite(id: id), at: g.time(of: g.issued))
    } else if g.acknowledged + g.failed >= g.total {
      finishLoad(id)
    }
  }

  package mutating func loadAcknowledged(_ id: Int) {
    guard loads[id] != nil else { return }
    loads[id]!.acknowledged += 1
    finishLoadIfDone(id)
  }

  /// The master crashed while these writes waited for their acknowledgement: their clients never got
  /// an answer, so their loads count them as failed.
  package mutating func loadWritesCutOff(_ writes: [PendingWrite]) {
    for w in writes {
      guard let id = w.load, loads[id] != nil else { continue }
      loads[id]!.failed += 1
      finishLoadIfDone(id)
    }
  }

  package mutating func finishLoadIfDone(_ id: Int) {
    guard let g = loads[id], g.issued == g.total, g.acknowledged + g.failed >= g.total else { return }
    finishLoad(id)
  }

  package mutating func finishLoad(_ id: Int) {
    guard let g = loads.removeValue(forKey: id) else { return }
    note(
      .loadFinished(
        id: id, writes: g.total, acknowledged: g.acknowledged, failed: g.failed, firstSeq: g.firstSeq,
        lastSeq: g.lastSeq))
  }
}
