/// What `restart` did.
public struct RestartOutcome: Sendable {
  public let node: String
  public enum Kind: Sendable, Equatable {
    /// The master came back as master; its replicas reconnect.
    case resumedAsMaster(epoch: Int, recovered: Int)
    /// A replica came back and asks its master for what it missed.
    case replicaReconnecting(master: String, from: Int)
    /// A former master came back after a promotion and rejoins as a replica.
    case rejoinedAsReplica(master: String, epoch: Int, oldEpoch: Int)
    /// A node came back and there is no master to follow.
    case noMasterToFollow
    /// With fencing off, a former master came back still acting as master beside the new one.
    case strayMaster(master: String, epoch: Int, masterEpoch: Int)
  }
  public let kind: Kind
}

/// What `add replica` did.
public struct AddReplicaOutcome: Sendable {
  public let node: String
  public let master: String
  public let snapshotSeq: Int
  public let keys: Int
}

extension Cluster {
  /// `crash NODE`: the node stops. Its disk survives; its memory and undelivered messages do not.
  public mutating func crash(_ name: String) throws(ClusterError) -> [Int] {
    guard var n = nodes[name] else { throw .unknownNode(name, known: nodeNames) }
    guard n.isUp else { throw .nodeAlreadyDown(name) }
    noteCrash(name)
    n.isUp = false
    n.replicas = [:]
    nodes[name] = n
    var cutOff: [Int] = []
    if name == masterName {
      cutOff = pendingWrites.filter { $0.master == name }.map(\.seq)
      pendingWrites.removeAll { $0.master == name }
    }
    return cutOff
  }

  /// `restart NODE`: the node comes back with what it had on disk and finds its place.
  public mutating func restart(_ name: String) throws(ClusterError) -> RestartOutcome {
    guard var n = nodes[name] else { throw .unknownNode(name, known: nodeNames) }
    guard !n.isUp else { throw .nodeAlreadyUp(name) }
    noteRestart(name)
    n.isUp = true
    n.incarnation += 1
    if name == masterName {
      // Crash recovery: whatever reached the log is committed, as MySQL does with its binlog.
      let recovered = n.log.lastSeq - n.applied
      while n.applied < n.log.lastSeq { n.apply(n.applied + 1) }
      nodes[name] = n
      for r in replicaNames {
        send(.reconnect(epoch: n.epoch), from: name, to: r)
      }
      return RestartOutcome(node: name, kind: .resumedAsMaster(epoch: n.epoch, recovered: recovered))
    }
    guard let m = masterName, let master = nodes[m] else {
      nodes[name] = n
      return RestartOutcome(node: name, kind: .noMasterToFollow)
    }
    let wasMaster = n.role == .master
    if wasMaster && !control.fencing {
      // Nothing tells it about the newer epoch: it resumes as master (split brain).
      nodes[name] = n
      return RestartOutcome(node: name, kind: .strayMaster(master: m, epoch: n.epoch, masterEpoch: master.epoch))
    }
    let oldEpoch = n.epoch
    n.role = .replica
    n.masterName = m
    n.epoch = max(n.epoch, master.epoch)
    nodes[name] = n
    send(.hello(lastSeq: n.log.lastSeq, history: n.log.history), from: name, to: m)
    if wasMaster {
      return RestartOutcome(node: name, kind: .rejoinedAsReplica(master: m, epoch: master.epoch, oldEpoch: oldEpoch))
    }
    return RestartOutcome(node: name, kind: .replicaReconnecting(master: m, from: n.log.lastSeq + 1))
  }

  /// `add replica NAME`: a new node starts from a consistent snapshot of the master's committed data
  /// at a known position, then streams the log from the next sequence number.
  public mutating func addReplica(_ name: String) throws(ClusterError) -> AddReplicaOutcome {
    guard nodes[name] == nil else { throw .nameTaken(name) }
    guard let m = masterName, let master = nodes[m] else { throw .noMaster }
    guard master.isUp else { throw .masterDown(master: m, liveReplicas: liveReplicaNames) }
    var n = Node(name: name, role: .replica, epoch: master.epoch)
    n.masterName = m
    n.data = master.data
    n.applied = master.applied
    n.log = .startingAfter(master.applied, history: master.log.history)
    addNode(n)
    send(.hello(lastSeq: n.log.lastSeq, history: n.log.history), from: name, to: m)
    return AddReplicaOutcome(node: name, master: m, snapshotSeq: master.applied, keys: master.data.count)
  }

  /// `remove NAME`: takes a replica out of the cluster for good.
  public mutating func remove(_ name: String) throws(ClusterError) {
    guard nodes[name] != nil else { throw .unknownNode(name, known: nodeNames) }
    guard name != masterName else { throw .cannotRemoveMaster(name) }
    nodes[name] = nil
    nodeNames.removeAll { $0 == name }
    for other in nodeNames { nodes[other]!.replicas[name] = nil }
    network.forget(name)
    releaseWaitingWrites()
  }

  /// `sync-mode MODE`: changes when the master acknowledges writes. Writes already waiting are
  /// judged by the new rule at once (as changing synchronous_standby_names releases waiters).
  public mutating func setSyncMode(_ mode: SyncMode) {
    syncMode = mode
    semiSyncActive = true
    pendingWrites = pendingWrites.map { w in
      var w2 = PendingWrite(seq: w.seq, master: w.master, mode: mode, start: w.start)
      w2.reported = w.reported
      return w2
    }
    releaseWaitingWrites()
  }

  /// `delay NODE DURATION`: sets the one-way latency of every link to `name`.
  public mutating func setLatency(_ ms: SimTime, for name: String) throws(ClusterError) {
    guard nodes[name] != nil else { throw .unknownNode(name, known: nodeNames) }
    network.setLatency(ms == Network.defaultLatency ? nil : ms, for: name)
  }

  /// `seed N`: restarts the generator, so what follows is reproducible from here.
  public mutating func reseed(_ seed: UInt64) {
    random = SeededGenerator(seed: seed)
  }
}
