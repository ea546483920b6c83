import ReplLabKernel

/// Cascading replication: a replica that other replicas follow relays what it has received to
/// them, as a PostgreSQL cascading standby's walsender sends the WAL its walreceiver has flushed
/// and a Redis sub-replica gets the stream its replica got. (A MySQL intermediate with
/// log_replica_updates relays only what it has applied, from its own binary log; the lab does not
/// model that.) The relay keeps its own view of its downstream replicas; the master knows nothing
/// of them.
extension DataPlane {
  /// `replicate NODE from UPSTREAM`: `name` drops its connection and follows `upstream` (the master,
  /// or a replica it then cascades from), saying hello with where its log ends. The caller checks
  /// that `name` is a replica and that `upstream` is neither `name` nor downstream of it.
  public mutating func repoint(_ name: String, to upstream: String) throws(ClusterError) {
    guard nodes.contains(name) else { throw .unknownNode(name, known: nodeNames) }
    guard nodes.contains(upstream) else { throw .unknownNode(upstream, known: nodeNames) }
    let syncBefore = syncSetSnapshot()
    if let old = nodes[name]!.masterName { nodes[old]?.replicas[name] = nil }
    nodes[name]!.masterName = upstream
    nodes[name]!.cascades = upstream != masterName
    if !nodes[name]!.cascades { nodes[name]!.epoch = max(nodes[name]!.epoch, nodes[upstream]!.epoch) }
    noteSyncSetChange(from: syncBefore)
    releaseWaitingWrites()
    if nodes[name]!.isUp { reconnect(name, to: upstream) }
  }

  /// The chain from `name` up to the node it finally replicates from: its upstream, that node's
  /// upstream, and so on (for a replica of the master: just the master). Stops at a repeat.
  public func upstreamChain(of name: String) -> [String] {
    var chain: [String] = []
    var current = name
    while let n = nodes[current], n.role == .replica, let up = n.masterName, !chain.contains(up), up != name {
      chain.append(up)
      guard nodes[up]?.cascades == true else { break }
      current = up
    }
    return chain
  }

  /// Replicas that cascade from `name`, in display order.
  public func downstreams(of name: String) -> [String] {
    nodeNames.filter { nodes[$0]?.cascades == true && nodes[$0]?.masterName == name }
  }

  /// A replica that a promotion leaves where it is: it cascades from a replica other than the new
  /// master, and that replica is re-pointed instead (repmgr leaves cascaded standbys alone too).
  public func keepsUpstream(_ name: String, newMaster: String) -> Bool {
    guard let n = nodes[name], n.cascades, let up = n.masterName, up != newMaster else { return false }
    return nodes.contains(up)
  }

  /// A downstream replica says hello to its relay: stream from where their logs agree.
  package mutating func relayHello(
    from replica: String, at relay: String, lastSeq: Int, applied: Int, history: [ReplicationLog.EpochStart]
  ) {
    // Only a replica told to cascade: one still naming a master that has since stepped down waits
    // to be re-pointed, as before.
    guard let r = nodes[relay], r.isUp, nodes[replica]?.masterName == relay, nodes[replica]?.cascades == true else {
      return
    }
    let common = r.log.commonPrefix(withHistory: history, lastSeq: lastSeq)
    var p = ReplicaProgress()
    p.heardHello(at: now, common: common, applied: applied)
    if common < r.log.lastSeq && common + 1 < r.log.firstSeq {
      // The relay purged what the replica needs; a cascading standby cannot send a base backup
      // over replication either: the replica stops with an error until re-pointed or resynced.
      nodes[relay]!.replicas[replica] = p
      nodes[relay]!.replicas[replica]!.connected = false
      nodes[replica]!.replicationError = "requested seq \(common + 1) has already been removed on \(relay)"
      return
    }
    stream(from: relay, to: replica, progress: p, common: common, lastSeq: lastSeq)
  }

  /// A downstream replica reports its positions to its relay.
  package mutating func relayAck(from replica: String, at relay: String, received: Int, applied: Int) {
    guard var p = nodes[relay]?.replicas[replica], p.connected, received <= nodes[relay]!.log.lastSeq else { return }
    p.received = received
    p.applied = applied
    p.lastAck = now
    if received >= nodes[relay]!.log.lastSeq { p.streaming = true }
    nodes[relay]!.replicas[replica] = p
  }

  /// A relay that received entries passes them on; one that rolled back tells its downstream
  /// replicas to reconnect, so that they roll back the same entries.
  package mutating func relayReceived(_ relay: String, rolledBack: Bool) {
    guard !nodes[relay]!.replicas.isEmpty || rolledBack else { return }
    if rolledBack {
      reconnectDownstreams(of: relay)
    } else {
      scheduleShipping(from: relay)
    }
  }

  /// A relay (re)started or rolled back: its downstream replicas connect to it again.
  package mutating func reconnectDownstreams(of relay: String) {
    nodes[relay]!.replicas = [:]
    for d in downstreams(of: relay) where nodes[d]!.isUp {
      send(.reconnect(epoch: nodes[relay]!.epoch), from: relay, to: d)
    }
  }
}
