import ReplLabKernel

/// What `restart` did.
public struct RestartOutcome: Sendable {
  public let node: String
  public enum Kind: Sendable, Equatable {
    /// The master came back as master; its replicas reconnect.
    case resumedAsMaster(epoch: Int, recovered: Int)
    /// A replica came back and asks its master for what it missed.
    case replicaReconnecting(master: String, from: Int)
    /// A replica came back holding entries from an older epoch that its master never had (seq
    /// `forkAfter + 1` through `last`): it rolls them back, then asks for what follows `forkAfter`.
    case replicaRollingBack(master: String, forkAfter: Int, last: Int)
    /// A former master came back after a promotion and rejoins as a replica.
    case rejoinedAsReplica(master: String, epoch: Int, oldEpoch: Int)
    /// A node came back and there is no master to follow.
    case noMasterToFollow
    /// With fencing off, a former master came back still acting as master beside the new one.
    case strayMaster(master: String, epoch: Int, masterEpoch: Int)
    /// With binlog positions (`positions file`), a former master came back read-only and follows
    /// nobody: it needs its place in `master`'s binlog, which only a person can give it.
    case needsPosition(master: String)
  }
  public let kind: Kind

  package init(node: String, kind: Kind) {
    self.node = node
    self.kind = kind
  }
}

/// What `add replica` did.
public struct AddReplicaOutcome: Sendable {
  public let node: String
  public let master: String
  public let snapshotSeq: Int
  public let keys: Int
  /// How long until the snapshot arrives.
  public let transfer: SimTime
  public let standby: Bool
}

extension DataPlane {
  /// `crash NODE`: the node stops. Its disk survives; its memory and undelivered messages do not.
  package mutating func crash(_ name: String, kind: CrashKind = .host) throws(ClusterError) -> [Int] {
    guard nodes[name] != nil else { throw .unknownNode(name, known: nodeNames) }
    guard nodes[name]!.isUp else { throw .nodeAlreadyDown(name) }
    if kind == .process {
      // The entries a master logged are in its replicas' socket buffers before its client hears OK
      // (Redis, MySQL and PostgreSQL all write to the replication sockets first or together): the
      // kernel, still running, sends them.
      flushSenders(of: name)
    }
    var n = nodes[name]!
    let syncBefore = syncSetSnapshot()
    mark(name, .crashed)
    n.isUp = false
    n.flushingIncarnation = kind == .process ? n.incarnation : nil
    n.replicas = [:]
    n.applyTickScheduled = false
    // What the workers held uncommitted is rolled back; relay-log.info is not written now.
    n.positionWriteScheduled = false
    n.workers.reset(from: n.applied)
    nodes[name] = n
    var cutOff: [Int] = []
    if name == masterName {
      cutOff = pendingWrites.filter { $0.master == name && $0.load == nil }.map(\.seq)
      unansweredSeqs.formUnion(pendingWrites.filter { $0.master == name }.map(\.seq))
      let cutOffLoadWrites = pendingWrites.filter { $0.master == name && $0.load != nil }
      pendingWrites.removeAll { $0.master == name }
      loadWritesCutOff(cutOffLoadWrites)
    } else if let m = masterName, nodes[m]?.replicas[name] != nil {
      if kind == .process {
        // The replica's process is gone; its kernel closes the connection to the master at once.
        nodes[m]!.replicas[name]!.connected = false
        noteSyncSetChange(from: syncBefore)
      } else {
        // A dead host closes nothing: the master goes on counting the replica as connected (and a
        // commit waits for it) until its sender times out.
        schedule(
          .senderTimeout(master: m, replica: name, replicaIncarnation: n.incarnation), at: now + Self.senderTimeout)
      }
    }
    return cutOff
  }

  /// Sends now what every scheduled sender of `master` would send: the process is about to die, and
  /// what it had written to its sockets is the kernel's to deliver.
  private mutating func flushSenders(of master: String) {
    guard let m = nodes[master], m.role == .master else { return }
    for replica in m.replicas.keys.sorted() where nodes[master]!.replicas[replica]!.shipScheduled {
      ship(from: master, to: replica, incarnation: m.incarnation)
    }
  }

  /// `restart NODE`: the node comes back with what it had on disk and finds its place. With
  /// `fencing` off, nothing tells a former master about the newer epoch.
  package mutating func restart(_ name: String, fencing: Bool) throws(ClusterError) -> RestartOutcome {
    guard var n = nodes[name] else { throw .unknownNode(name, known: nodeNames) }
    guard !n.isUp else { throw .nodeAlreadyUp(name) }
    // Replicas that cascade from it connect again once it is back.
    defer { if nodes[name]?.role == .replica, !downstreams(of: name).isEmpty { reconnectDownstreams(of: name) } }
    mark(name, .restarted)
    n.isUp = true
    n.incarnation += 1
    // A MySQL server opens a new binary log file every time it starts.
    n.binlogFiles.append(BinlogFile(number: n.binlogFiles.last!.number + 1, firstSeq: n.log.lastSeq + 1))
    // A new process: no apply batch of the old one is pending.
    n.applyTickScheduled = false
    if name == masterName {
      // Crash recovery: whatever reached the log is committed, as MySQL does with its binlog.
      let recovered = n.log.lastSeq - n.applied
      n.applyAll()
      nodes[name] = n
      for r in replicaNames {
        send(.reconnect(epoch: n.epoch), from: name, to: r)
      }
      return RestartOutcome(node: name, kind: .resumedAsMaster(epoch: n.epoch, recovered: recovered))
    }
    if n.role == .replica {
      // The applier starts from the position it recorded, which a position file may leave behind.
      nodes[name] = n
      recoverAppliedPosition(name)
      n = nodes[name]!
    }
    guard let m = masterName, let master = nodes[m] else {
      nodes[name] = n
      return RestartOutcome(node: name, kind: .noMasterToFollow)
    }
    let wasMaster = n.role == .master
    if !wasMaster, n.cascades, let up = n.masterName, nodes[up] != nil {
      // A cascading replica reconnects to its own upstream, not to the master.
      nodes[up]!.replicas[name] = nil
      nodes[name] = n
      resumeApplying(name)
      reconnect(name, to: up)
      return RestartOutcome(node: name, kind: .replicaReconnecting(master: up, from: n.log.lastSeq + 1))
    }
    if wasMaster && !fencing {
      // Nothing tells it about the newer epoch: it resumes as master (split brain).
      nodes[name] = n
      return RestartOutcome(node: name, kind: .strayMaster(master: m, epoch: n.epoch, masterEpoch: master.epoch))
    }
    if wasMaster && positions == .file {
      // Without GTIDs nothing says where it stands in the new master's binlog.
      n.role = .replica
      n.masterName = nil
      n.epoch = max(n.epoch, master.epoch)
      nodes[name] = n
      resumeApplying(name)
      return RestartOutcome(node: name, kind: .needsPosition(master: m))
    }
    if master.replicas[name]?.connected == true {
      // The master's sender still held the connection of the crashed host; the rebooted host
      // answers it with a reset, so that sender ends now and the new connection starts afresh.
      let syncBefore = syncSetSnapshot()
      nodes[m]!.replicas[name]!.connected = false
      noteSyncSetChange(from: syncBefore)
    }
    let oldEpoch = n.epoch
    n.role = .replica
    n.masterName = m
    n.epoch = max(n.epoch, master.epoch)
    nodes[name] = n
    // Entries received before the crash are in the relay log; apply them as usual.
    resumeApplying(name)
    if n.awaitingSnapshot {
      send(.snapshotRequest, from: name, to: m)
      return RestartOutcome(node: name, kind: .replicaReconnecting(master: m, from: n.log.lastSeq + 1))
    }
    sendHello(from: name, to: m)
    if wasMaster {
      return RestartOutcome(node: name, kind: .rejoinedAsReplica(master: m, epoch: master.epoch, oldEpoch: oldEpoch))
    }
    let common = master.log.commonPrefix(withHistory: n.log.history, lastSeq: n.log.lastSeq)
    if common < n.log.lastSeq {
      return RestartOutcome(
        node: name, kind: .replicaRollingBack(master: m, forkAfter: common, last: n.log.lastSeq))
    }
    return RestartOutcome(node: name, kind: .replicaReconnecting(master: m, from: n.log.lastSeq + 1))
  }

  /// `add replica NAME` / `add standby NAME`: a new node asks the master for a consistent snapshot
  /// taken at a known position; it travels over the network (longer for more data) while the master
  /// keeps taking writes, and the node then streams the log from the next seq.
  public mutating func addReplica(_ name: String, standby: Bool = false) throws(ClusterError) -> AddReplicaOutcome {
    guard !nodes.contains(name) else { throw .nameTaken(name) }
    guard nodeNames.count < Self.maxNodes else { throw .tooManyNodes(limit: Self.maxNodes) }
    guard let m = masterName, let master = nodes[m] else { throw .noMaster }
    guard master.isUp else { throw .masterDown(master: m, liveReplicas: liveReplicaNames) }
    var n = Node(name: name, role: .replica, epoch: master.epoch)
    n.masterName = m
    n.isStandby = standby
    n.awaitingSnapshot = true
    addNode(n)
    sendSnapshot(from: m, to: name, needed: nil, announce: false)
    let transfer = SimTime(master.data.count) * 1000 / Self.snapshotKeysPerSecond + network.latency(from: m, to: name)
    return AddReplicaOutcome(
      node: name, master: m, snapshotSeq: master.applied, keys: master.data.count, transfer: transfer, standby: standby)
  }

  /// `remove NAME`: takes a replica out of the cluster for good.
  public mutating func remove(_ name: String) throws(ClusterError) {
    guard nodes.contains(name) else { throw .unknownNode(name, known: nodeNames) }
    guard name != masterName else { throw .cannotRemoveMaster(name) }
    nodes[name] = nil
    nodeNames.removeAll { $0 == name }
    // A removed node can no longer be a synchronous standby.
    switch syncStandbys {
    case .first(let n, let list) where list.contains(name):
      let rest = list.filter { $0 != name }
      syncStandbys = rest.isEmpty ? .all : .first(min(n, rest.count), rest)
    case .any(let n, let list) where list.contains(name):
      let rest = list.filter { $0 != name }
      syncStandbys = rest.isEmpty ? .all : .any(min(n, rest.count), rest)
    default: break
    }
    for other in nodeNames { nodes[other]!.replicas[name] = nil }
    network.forget(name)
    releaseWaitingWrites()
  }

  /// `sync-mode MODE`: changes when the master acknowledges writes. Writes already waiting are
  /// judged by the new rule at once (as changing synchronous_standby_names releases waiters).
  public mutating func setSyncMode(_ mode: SyncMode) {
    syncMode = mode
    semiSyncActive = true
    syncDegraded = false
    pendingWrites = pendingWrites.map { w in
      var w2 = PendingWrite(
        seq: w.seq, master: w.master, mode: mode, level: w.mode == .sync ? w.level : commitLevel, start: w.start)
      w2.reported = w.reported
      w2.load = w.load
      return w2
    }
    releaseWaitingWrites()
    // Writes still waiting are now semi-sync writes: they get its timeout, counted from the switch.
    if mode == .semi, let m = master {
      for w in pendingWrites where w.master == m.name {
        queue.schedule(
          .semiSyncTimeout(master: m.name, incarnation: m.incarnation, seq: w.seq), at: now + semiSync.timeout)
      }
    }
  }

  /// `delay NODE DURATION`: sets the one-way latency of every link to `name`.
  public mutating func setLatency(_ ms: SimTime, for name: String) throws(ClusterError) {
    guard nodes.contains(name) else { throw .unknownNode(name, known: nodeNames) }
    network.setLatency(ms == Network.defaultLatency ? nil : ms, for: name)
  }

  /// `seed N`: restarts the generator, so what follows is reproducible from here.
  public mutating func reseed(_ seed: UInt64) {
    random = SeededGenerator(seed: seed)
  }

  /// `slow NODE RATE`: the node applies at most `rate` entries per second (nil: on receipt).
  public mutating func setApplyRate(_ rate: Int?, for name: String) throws(ClusterError) {
    guard nodes.contains(name) else { throw .unknownNode(name, known: nodeNames) }
    nodes[name]!.applyRate = rate
    if nodes[name]!.appliesOnReceipt, nodes[name]!.isUp, name != masterName {
      applyOnReplica(name, through: nodes[name]!.log.lastSeq)
    } else {
      scheduleApplyTick(name)
    }
  }

  public mutating func setSemiSync(_ settings: SemiSyncSettings) { semiSync = settings }

  /// `sync-commit LEVEL`: for commits from now on. A commit already waiting keeps the level it
  /// began to wait with, as a PostgreSQL backend does.
  public mutating func setCommitLevel(_ level: CommitLevel) {
    commitLevel = level
  }

  /// `sync-standbys`: validates the names against the replicas before changing anything.
  public mutating func setSyncStandbys(_ names: StandbyNames) throws(ClusterError) {
    let replicas = ordinaryReplicaNames
    for n in names.listed where !replicas.contains(n) { throw .unknownStandby(n, known: replicas) }
    switch names {
    case .first(let n, let list), .any(let n, let list):
      if n > list.count { throw .quorumTooLarge(n, listed: list.count) }
    case .all: break
    }
    syncStandbys = names
    syncDegraded = false
    releaseWaitingWrites()
  }

  public mutating func setSyncFallback(_ fallback: SyncFallback) {
    syncFallback = fallback
    releaseWaitingWrites()
  }

  public mutating func setLogFormat(_ format: LogFormat) { logFormat = format }

  public mutating func setRetention(_ r: Retention?) {
    retention = r
    for name in nodeNames where nodes[name]!.isUp { enforceRetention(on: name) }
  }

  public mutating func setResyncMode(_ mode: ResyncMode) { resyncMode = mode }
}

extension DataPlane {
  /// Cuts the link between two endpoints: messages on it are lost, including those on the wire.
  package mutating func cut(_ a: String, _ b: String) { network.cut(a, b) }

  /// Makes one link work again.
  package mutating func healLink(_ a: String, _ b: String) { network.heal(a, b) }

  /// `loss P`: the probability that a message is lost.
  public mutating func setLoss(_ p: Double) { network.lossRate = p }

  /// `jitter DURATION`: up to this much extra random delay per message.
  public mutating func setJitter(_ ms: SimTime) { network.jitter = ms }

  /// A delay drawn from the lab's seeded generator (a randomized election timeout).
  package mutating func randomDelay(in range: ClosedRange<SimTime>) -> SimTime {
    SimTime.random(in: range, using: &random)
  }

  /// Forgets what happened so far without reporting it (for what-if runs on a copy).
  package mutating func clearJournal() { journal = EventJournal() }

  /// Takes a key table that extends this one (from a copy that interned more names).
  package mutating func adoptKeys(_ table: KeyTable) { keys = table }
}
