import ReplLabKernel

/// How a client's write ended, as far as the client can tell when the command returns.
public struct WriteOutcome: Sendable {
  public let seq: Int
  public let master: String
  public let epoch: Int
  public let mode: SyncMode
  public let result: Result

  package init(seq: Int, master: String, epoch: Int, mode: SyncMode, result: Result) {
    self.seq = seq
    self.master = master
    self.epoch = epoch
    self.mode = mode
    self.result = result
  }

  /// A replica a blocked write waits for, and whether it is down (the usual reason).
  public struct Missing: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let isDown: Bool
    public var description: String { isDown ? "\(name) (down)" : name }
  }

  public enum Result: Sendable, Equatable {
    /// Acknowledged at once: async, or semi-sync while it is OFF, or sync degraded to async.
    case immediate(semiSyncOff: Bool, degraded: Bool)
    /// Acknowledged after `waited` ms because these replicas received/applied it.
    case acknowledged(waited: SimTime, by: [String], degraded: Bool)
    /// Semi-sync timed out; the master acknowledged it without a replica and is now async.
    case fellBack(waited: SimTime)
    /// Still waiting after `waited` ms for these replicas.
    case blocked(waited: SimTime, missing: [Missing])
    /// The master crashed while the client waited.
    case cutOff
    /// A client with a stale view wrote to a node that still acts as master although `clusterMaster`
    /// took over in `epoch`: split brain.
    case splitBrain(clusterMaster: String?, epoch: Int, client: String)
  }
}

/// What a read returned and how fresh it was.
public struct ReadOutcome: Sendable {
  public let key: String
  public let value: String?
  public let node: String
  public let role: Role
  /// The answering node's applied position.
  public let applied: Int
  /// The master's newest committed position and its value for the key, when a master is up.
  public let masterApplied: Int?
  public let masterValue: String??
  /// Read from the master: the value comes from this seq, committed there but on no replica yet (AFTER_COMMIT).
  public let unreplicatedSeq: Int?
  /// Read from the master: writes to this key still waiting for replicas, so not visible yet (AFTER_SYNC, sync).
  public let waitingSeqs: [Int]
}

extension DataPlane {
  /// A write in progress: logged on the master and waiting for its acknowledgement.
  package struct WriteTicket: Sendable {
    package let seq: Int
    package let master: String
    package let epoch: Int
    package let start: SimTime
  }

  /// How far `beginWrite` got: answered at once, or waiting for replicas.
  package enum WriteProgress: Sendable {
    case answered(WriteOutcome)
    case waiting(WriteTicket)
  }

  /// `set`/`del`/`incr` on the master: logs the write and answers it at once when the mode lets the
  /// master acknowledge alone. Otherwise the caller runs the simulation until `isAnswered` holds
  /// (acknowledged, semi-sync timed out, or the client has waited `blockedWriteWait`) and then calls
  /// `finishWrite`. `expression` nil deletes the key.
  package mutating func beginWrite(_ key: String, _ expression: Expression?) throws(ClusterError) -> WriteProgress {
    // Read the master's fields into locals: a copy of the node alive during the append below would
    // make its log copy itself on every write.
    guard let name = masterName, nodes.contains(name) else { throw .noMaster }
    guard nodes[name]!.isUp else { throw .masterDown(master: name, liveReplicas: liveReplicaNames) }
    // Refused before anything is touched: a refused write changes nothing, not even the key table.
    if let refusal = minReplicasRefusal(on: name) { throw refusal }
    let epoch = nodes[name]!.epoch
    let incarnation = nodes[name]!.incarnation
    let existing = keys.id(of: key).flatMap { newestValue(of: $0, on: name) }
    if expression == .increment, let v = existing, Int(v) == nil { throw .notANumber(key: key, value: v) }
    let id = keys.intern(key)
    let op: Operation
    var statement: Expression?
    if let expression {
      // An increment counts the master's own writes still waiting for replicas, as a real engine's
      // row lock makes the second writer wait for the first; replicas running the statement agree.
      let value =
        expression == .increment
        ? String((existing.flatMap { Int($0) } ?? 0) + 1)
        : evaluate(expression, key: id, on: name, statementTime: now)
      op = .set(key: id, value: value)
      switch logFormat {
      case .row: statement = nil
      case .statement: statement = expression
      case .mixed: statement = expression.isUnsafe ? nil : expression
      }
    } else {
      op = .delete(key: id)
    }
    mark(name, .write(seq: nodes[name]!.log.lastSeq + 1, op: op))
    let seq = try logOnMaster(op, statement: statement)
    let start = now
    // AFTER_COMMIT: the engine commits before waiting, so other clients can already read it.
    if syncMode == .semi, semiSyncActive, semiSync.waitPoint == .afterCommit { commitOnMaster(through: seq) }
    pendingWrites.append(PendingWrite(seq: seq, master: name, mode: syncMode, level: commitLevel, start: start))
    if syncMode == .semi && semiSyncActive {
      queue.schedule(.semiSyncTimeout(master: name, incarnation: incarnation, seq: seq), at: now + semiSync.timeout)
    }
    releaseWaitingWrites()
    if let r = releasedWrites[seq], r.at == start, r.by.isEmpty {
      releasedWrites[seq] = nil
      return .answered(
        WriteOutcome(
          seq: seq, master: name, epoch: epoch, mode: syncMode,
          result: .immediate(semiSyncOff: syncMode == .semi && !semiSyncActive, degraded: r.degraded)))
    }
    return .waiting(WriteTicket(seq: seq, master: name, epoch: epoch, start: start))
  }

  /// Whether the client waiting on `ticket` has its answer: acknowledged, or no longer waiting.
  package func isAnswered(_ ticket: WriteTicket) -> Bool {
    releasedWrites[ticket.seq] != nil || !pendingWrites.contains(where: { $0.seq == ticket.seq })
  }

  /// What the client of a waiting write learns when the command returns: acknowledged, fallen back,
  /// cut off by a crash, or still blocked (the lab reports the acknowledgement when it comes).
  package mutating func finishWrite(_ ticket: WriteTicket) -> WriteOutcome {
    let seq = ticket.seq
    func outcome(_ r: WriteOutcome.Result) -> WriteOutcome {
      WriteOutcome(seq: seq, master: ticket.master, epoch: ticket.epoch, mode: syncMode, result: r)
    }
    if let r = releasedWrites.removeValue(forKey: seq) {
      if r.fellBack { return outcome(.fellBack(waited: r.at - ticket.start)) }
      return outcome(.acknowledged(waited: r.at - ticket.start, by: r.by, degraded: r.degraded))
    }
    guard let i = pendingWrites.firstIndex(where: { $0.seq == seq }) else { return outcome(.cutOff) }
    pendingWrites[i].reported = true
    let missing = missingAcknowledgers(of: pendingWrites[i]).map {
      WriteOutcome.Missing(name: $0, isDown: nodes[$0]?.isUp != true)
    }
    return outcome(.blocked(waited: now - ticket.start, missing: missing))
  }

  /// A write to a node that still acts as master but is not the cluster's master (a client with a
  /// stale view of who is master reached it): it answers at once, since nothing it believes in makes
  /// it wait, unless min-replicas-to-write stops it. `client` is who sent it.
  package mutating func strayWrite(
    _ key: String, _ expression: Expression?, on target: String, client: String, acknowledged: Bool = true
  ) throws(ClusterError) -> WriteOutcome {
    if let refusal = minReplicasRefusal(on: target) { throw refusal }
    let id = keys.intern(key)
    let op: Operation =
      expression.map { .set(key: id, value: evaluate($0, key: id, on: target, statementTime: now)) } ?? .delete(key: id)
    mark(target, .write(seq: nodes[target]!.log.lastSeq + 1, op: op))
    let seq = append(op, statement: nil, on: target)
    nodes[target]!.applyAll()
    // A stray master that waits for a majority it cannot reach never answers: rolling this write
    // back later loses nothing a client was told.
    if !acknowledged, let e = nodes[target]!.log.entry(seq) { droppedWrites.insert(WriteID(e)) }
    return WriteOutcome(
      seq: seq, master: target, epoch: nodes[target]!.epoch, mode: .async,
      result: .splitBrain(clusterMaster: masterName, epoch: epoch, client: client))
  }

  /// Records a mark in the timeline at the current time.
  package mutating func mark(_ endpoint: String, _ m: Timeline.Mark) {
    timeline.mark(endpoint, m, at: now)
  }

  /// The value `node`'s next write of `key` builds on: its newest logged write of the key, committed
  /// or still waiting for replicas, else what its data holds.
  package func newestValue(of key: KeyTable.ID, on node: String) -> String? {
    guard let n = nodes[node] else { return nil }
    var seq = n.log.lastSeq
    while seq > n.applied {
      if let e = n.log.entry(seq), e.op.key == key {
        if case .set(_, let value) = e.op { return value }
        return nil
      }
      seq -= 1
    }
    return n.data[key]
  }

  /// The node a read of `key` from `nodeName` (default: the master the client knows) would reach, or
  /// why it cannot be served. Changes nothing, so a caller can ask before it commits to a read.
  /// `routed` is the master the client was last told about, where a read without a node goes.
  public func readableNode(_ key: String, from nodeName: String?, routed: String?) throws(ClusterError) -> String {
    let name = try nodeName.map { n throws(ClusterError) in try existingNode(n) } ?? (routed ?? "")
    guard let n = nodes[name] else { throw .noMaster }
    guard n.isUp else {
      if name == masterName { throw .masterDown(master: name, liveReplicas: liveReplicaNames) }
      // Suggest live replicas first, the master last: reads are what replicas are for.
      let live = nodeNames.filter {
        $0 != name && $0 != masterName && nodes[$0]?.isUp == true && nodes[$0]?.isStandby != true
      }
      let master = masterName.flatMap { nodes[$0]?.isUp == true ? [$0] : nil } ?? []
      throw .nodeDown(name, alternatives: live + master, key: key)
    }
    if n.isStandby {
      let live = nodeNames.filter { $0 != name && nodes[$0]?.isUp == true && nodes[$0]?.isStandby != true }
      throw .standbyServesNoReads(name, alternatives: live)
    }
    if n.awaitingSnapshot { throw .receivingSnapshot(name) }
    return name
  }

  /// `get KEY [from NODE]`: reads what `node` (default: the master) has applied.
  public mutating func read(_ key: String, from nodeName: String?, routed: String?) throws(ClusterError) -> ReadOutcome
  {
    let name = try readableNode(key, from: nodeName, routed: routed)
    let n = nodes[name]!
    let id = keys.id(of: key)
    let value = id.flatMap { n.data[$0] }
    let m = master.flatMap { $0.isUp ? $0 : nil }
    // A value visible on the master that no replica has yet: remember who saw it, for the failover story.
    var exposed: Int?
    if name == masterName, let id,
      let w = pendingWrites.last(where: { w in
        w.master == name && w.seq <= n.applied && n.log.entry(w.seq)?.op.key == id
      })
    {
      exposedReads[w.seq, default: []].append(now)
      exposed = w.seq
    }
    let hidden =
      name == masterName
      ? pendingWrites.filter { w in
        w.seq > n.applied && id != nil && n.log.entry(w.seq)?.op.key == id
      }.map(\.seq) : []
    return ReadOutcome(
      key: key, value: value, node: name, role: n.role, applied: n.applied,
      masterApplied: m?.applied, masterValue: m.map { mm in id.flatMap { mm.data[$0] } },
      unreplicatedSeq: exposed, waitingSeqs: hidden)
  }
}
