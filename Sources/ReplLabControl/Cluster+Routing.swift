import ReplLabKernel
import ReplLabModel

extension Cluster {
  /// Where the default client's writes and plain reads go: the master it (or its proxy) was last
  /// told about, which after a failover may not be the cluster's master yet.
  public var routedMaster: String? { control.clientMaster(in: data) }

  /// A write from a client whose view of the master is stale; nil when its view is the cluster's
  /// master and the usual write path applies. A node that is down refuses the connection, a node
  /// that stepped down refuses as a read-only replica, and a node that still acts as master takes
  /// the write: split brain.
  package mutating func writeThroughStaleView(_ key: String, _ expression: Expression?) throws(ClusterError)
    -> WriteOutcome?
  {
    guard let target = control.router.master, target != data.masterName, data.nodes.contains(target) else { return nil }
    let client = control.router.endpoint
    // Read fields, not a copy of the node: a live copy would make the append below copy the log.
    guard data.nodes[target]!.isUp else {
      throw .clientMasterDown(client: client, node: target, master: data.masterName)
    }
    guard data.nodes[target]!.role == .master else {
      throw .notMaster(
        client: client, node: target, master: data.nodes[target]!.masterName, epoch: data.nodes[target]!.epoch)
    }
    if control.regime == .consensus, control.consensus.writeConcern == .majority, data.syncMode == .sync {
      // w:"majority" on a primary that lost its majority: the write waits, and ends unanswered when
      // the primary steps down (check-quorum, or the newer term in a heartbeat).
      let w = try data.strayWrite(key, expression, on: target, client: client, acknowledged: false)
      let limit = data.now + 2 * control.consensus.electionTimeout
      run(until: limit, stopWhen: { $0.nodes[target]?.role != .master || $0.nodes[target]?.isUp != true })
      return WriteOutcome(seq: w.seq, master: target, epoch: w.epoch, mode: .sync, result: .cutOff)
    }
    return try data.strayWrite(key, expression, on: target, client: client)
  }

  /// `proxy on|off`: the client goes through a proxy that the orchestrator re-points, or straight to
  /// the master it was told about. Either way it starts out knowing the current master.
  public mutating func setProxy(_ on: Bool) {
    control.router.viaProxy = on
    control.router.master = data.masterName
    control.router.epoch = data.master?.epoch ?? data.epoch
  }

  /// A live node to send a read to instead of `down`, as a proxy would: a live replica first (reads
  /// are what replicas are for), the master last.
  public func readFallback(for down: String) -> String? {
    let replicas = data.nodeNames.filter {
      $0 != down && $0 != data.masterName && data.nodes[$0]?.isUp == true && data.nodes[$0]?.role == .replica
    }
    if let r = replicas.first { return r }
    if let m = data.masterName, m != down, data.nodes[m]?.isUp == true { return m }
    return nil
  }
}
