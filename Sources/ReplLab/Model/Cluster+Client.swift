/// How a client's write ended, as far as the client can tell when the command returns.
public struct WriteOutcome: Sendable {
  public let seq: Int
  public let master: String
  public let epoch: Int
  public let mode: SyncMode
  public let result: Result

  /// A replica a blocked write waits for, and whether it is down (the usual reason).
  public struct Missing: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let isDown: Bool
    public var description: String { isDown ? "\(name) (down)" : name }
  }

  public enum Result: Sendable, Equatable {
    /// Acknowledged at once: async, or semi-sync while it is OFF.
    case immediate(semiSyncOff: Bool)
    /// Acknowledged after `waited` ms because these replicas received/applied it.
    case acknowledged(waited: SimTime, by: [String])
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
}

extension Cluster {
  /// `set`/`del`: logs the write on the master and, for semi-sync and sync, runs the simulation until
  /// the write is acknowledged, semi-sync times out, or the client has waited `blockedWriteWait`.
  public mutating func write(_ key: String, _ value: String?) throws(ClusterError) -> WriteOutcome {
    if let stale = try writeThroughStaleView(key, value) { return stale }
    guard let name = masterName, nodes[name] != nil else { throw .noMaster }
    // Keep scalars, not a copy of the node: a copy alive across the append below would make the
    // log copy itself on every write.
    let (isUp, masterEpoch, incarnation) = (nodes[name]!.isUp, nodes[name]!.epoch, nodes[name]!.incarnation)
    guard isUp else { throw .masterDown(master: name, liveReplicas: liveReplicaNames) }
    let id = keys.intern(key)
    let op: Operation = value.map { .set(key: id, value: $0) } ?? .delete(key: id)
    mark(name, .write(seq: nodes[name]!.log.lastSeq + 1, op: op))
    let seq = try logOnMaster(op)
    let start = now
    let immediate = syncMode == .async || (syncMode == .semi && !semiSyncActive)
    func outcome(_ r: WriteOutcome.Result) -> WriteOutcome {
      WriteOutcome(seq: seq, master: name, epoch: masterEpoch, mode: syncMode, result: r)
    }
    if immediate && pendingWrites.isEmpty {
      commitOnMaster(through: seq)
      return outcome(.immediate(semiSyncOff: syncMode == .semi))
    }
    pendingWrites.append(PendingWrite(seq: seq, master: name, mode: immediate ? .async : syncMode, start: start))
    if syncMode == .semi && semiSyncActive {
      queue.schedule(.semiSyncTimeout(master: name, incarnation: incarnation, seq: seq), at: now + semiSyncTimeout)
    }
    releaseWaitingWrites()
    let limit = syncMode == .semi ? now + semiSyncTimeout : now + Self.blockedWriteWait
    run(until: limit, stopWhen: { c in
      c.releasedWrites[seq] != nil || !c.pendingWrites.contains(where: { $0.seq == seq })
    })
    if let r = releasedWrites.removeValue(forKey: seq) {
      return outcome(r.fellBack ? .fellBack(waited: r.at - start) : r.by.isEmpty ? .immediate(semiSyncOff: false) : .acknowledged(waited: r.at - start, by: r.by))
    }
    guard let i = pendingWrites.firstIndex(where: { $0.seq == seq }) else { return outcome(.cutOff) }
    pendingWrites[i].reported = true
    let missing = missingAcknowledgers(of: pendingWrites[i]).map {
      WriteOutcome.Missing(name: $0, isDown: nodes[$0]?.isUp != true)
    }
    return outcome(.blocked(waited: now - start, missing: missing))
  }

  /// Replicas a waiting write still needs.
  func missingAcknowledgers(of w: PendingWrite) -> [String] {
    guard let m = master else { return [] }
    switch w.mode {
    case .async: return []
    case .semi: return replicaNames.filter { (m.replicas[$0]?.received ?? 0) < w.seq }
    case .sync: return replicaNames.filter { (m.replicas[$0]?.applied ?? 0) < w.seq }
    }
  }

  /// `get KEY [from NODE]`: reads what `node` (default: the master) has applied.
  public func read(_ key: String, from nodeName: String? = nil) throws(ClusterError) -> ReadOutcome {
    let name = try nodeName.map { n throws(ClusterError) in try resolve(n) } ?? (routedMaster ?? "")
    guard let n = nodes[name] else { throw .noMaster }
    guard n.isUp else {
      if name == masterName { throw .masterDown(master: name, liveReplicas: liveReplicaNames) }
      // Suggest live replicas first, the master last: reads are what replicas are for.
      let live = nodeNames.filter { $0 != name && $0 != masterName && nodes[$0]?.isUp == true }
      let master = masterName.flatMap { nodes[$0]?.isUp == true ? [$0] : nil } ?? []
      throw .nodeDown(name, alternatives: live + master, key: key)
    }
    let id = keys.id(of: key)
    let value = id.flatMap { n.data[$0] }
    let m = master.flatMap { $0.isUp ? $0 : nil }
    return ReadOutcome(
      key: key, value: value, node: name, role: n.role, applied: n.applied,
      masterApplied: m?.applied, masterValue: m.map { mm in id.flatMap { mm.data[$0] } })
  }
}
