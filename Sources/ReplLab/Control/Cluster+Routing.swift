extension Cluster {
  /// Where the default client's writes and plain reads go: the master it (or its proxy) was last
  /// told about, which after a failover may not be the cluster's master yet.
  public var routedMaster: String? { control.router.master ?? masterName }

  /// A write from a client whose view of the master is stale; nil when its view is the cluster's
  /// master and the usual write path applies. A node that is down refuses the connection, a node
  /// that stepped down refuses as a read-only replica, and a node that still acts as master takes
  /// the write: split brain.
  mutating func writeThroughStaleView(_ key: String, _ expression: Expression?) throws(ClusterError) -> WriteOutcome? {
    guard let target = control.router.master, target != masterName, nodes.contains(target) else { return nil }
    let client = control.router.endpoint
    // Read fields, not a copy of the node: a live copy would make the append below copy the log.
    guard nodes[target]!.isUp else { throw .clientMasterDown(client: client, node: target, master: masterName) }
    guard nodes[target]!.role == .master else {
      throw .notMaster(client: client, node: target, master: nodes[target]!.masterName, epoch: nodes[target]!.epoch)
    }
    let id = keys.intern(key)
    let op: Operation = expression.map { .set(key: id, value: evaluate($0, key: id, on: target, statementTime: now)) } ?? .delete(key: id)
    mark(target, .write(seq: nodes[target]!.log.lastSeq + 1, op: op))
    // A stray master answers at once: nothing it believes in makes it wait.
    let seq = append(op, statement: nil, on: target)
    nodes[target]!.applyAll()
    return WriteOutcome(
      seq: seq, master: target, epoch: nodes[target]!.epoch, mode: .async,
      result: .splitBrain(clusterMaster: masterName, epoch: epoch, client: client))
  }

  /// `proxy on|off`: the client goes through a proxy that the orchestrator re-points, or straight to
  /// the master it was told about. Either way it starts out knowing the current master.
  public mutating func setProxy(_ on: Bool) {
    control.router.viaProxy = on
    control.router.master = masterName
    control.router.epoch = master?.epoch ?? epoch
  }

  /// A live node to send a read to instead of `down`, as a proxy would: a live replica first (reads
  /// are what replicas are for), the master last.
  public func readFallback(for down: String) -> String? {
    let replicas = nodeNames.filter { $0 != down && $0 != masterName && nodes[$0]?.isUp == true && nodes[$0]?.role == .replica }
    if let r = replicas.first { return r }
    if let m = masterName, m != down, nodes[m]?.isUp == true { return m }
    return nil
  }
}
