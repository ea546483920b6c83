import ReplLabKernel

extension DataPlane {
  /// Replicas of the current master that can answer a read now, in display order: where replica
  /// reads can go. A passive standby serves no reads, and a node loading a snapshot serves nothing,
  /// so a read policy never picks them only to be refused.
  public var liveReplicas: [String] {
    replicaNames.filter { n in nodes[n].map { $0.isUp && !$0.isStandby && !$0.awaitingSnapshot } ?? false }
  }

  /// The seq of the write whose value `node` holds for `key` (0 when the key was never written there).
  ///
  /// Walks the node's own log back from its applied position; a replica started from a snapshot
  /// has no entries before it, so older writes are looked up in the master's log.
  public func version(of key: String, on node: String) -> Int {
    guard let n = nodes[node], let id = keys.id(of: key) else { return 0 }
    if let seq = lastWrite(to: id, in: n.log, atOrBefore: n.applied) { return seq }
    let before = n.log.firstSeq - 1
    if before > 0, let m = master, m.name != node,
      let seq = lastWrite(to: id, in: m.log, atOrBefore: min(before, n.applied))
    {
      return seq
    }
    // The value predates every log the lab still has: all we know is that it is that old.
    return n.data[id] == nil ? 0 : min(before, n.applied)
  }

  private func lastWrite(to id: KeyTable.ID, in log: ReplicationLog, atOrBefore seq: Int) -> Int? {
    var s = min(seq, log.lastSeq)
    while s >= log.firstSeq {
      if let e = log.entry(s), e.op.key == id { return s }
      s -= 1
    }
    return nil
  }

  /// An index drawn from the lab's seeded generator (a read policy picking a replica at random).
  package mutating func randomIndex(below n: Int) -> Int {
    Int.random(in: 0..<n, using: &random)
  }
}
