import ReplLabKernel
import ReplLabModel

extension LeaseRegime {
  package mutating func scheduleLoop(_ name: String, at time: SimTime, in data: inout DataPlane) {
    agents[name, default: Agent()].generation += 1
    data.schedule(.control(LeaseTimer.loop(node: name, generation: agents[name]!.generation)), at: time)
  }

  /// One run of a node's HA loop, every loop_wait whatever happens: the leader renews its key, a
  /// replica reports its position; both learn who holds the key from the answer. A node that is
  /// down, or still waiting for the store, only sleeps again.
  package mutating func runLoop(_ name: String, generation: Int, in data: inout DataPlane) {
    guard agents[name]?.generation == generation else { return }
    // A node added since (`add replica`) gets its agent too.
    for other in data.nodeNames where agents[other] == nil { scheduleLoop(other, at: data.now, in: &data) }
    guard data.nodes[name] != nil else { return }
    scheduleLoop(name, at: data.now + settings.loopWait, in: &data)
    let n = data.nodes[name]!
    guard n.isUp else { return }
    if let p = agents[name]!.pending, p.incarnation == n.incarnation { return }
    let renew = n.role == .master
    send(name, .loop(renew: renew), in: &data)
  }

  /// Sends (or resends) the agent's request to the store and arms its retry.
  package mutating func send(_ name: String, _ kind: Pending.Kind, in data: inout DataPlane) {
    let n = data.nodes[name]!
    let loop = agents[name]!.nextLoop
    agents[name]!.nextLoop += 1
    agents[name]!.pending = Pending(loop: loop, since: data.now, incarnation: n.incarnation, kind: kind)
    transmit(name, in: &data)
  }

  private mutating func transmit(_ name: String, in data: inout DataPlane) {
    guard let p = agents[name]?.pending, let n = data.nodes[name] else { return }
    let epoch = n.log.lastEpoch
    switch p.kind {
    case .loop(let renew):
      data.send(
        .control(
          LeaseSignal.loop(
            loop: p.loop, position: n.log.lastSeq, lastEpoch: epoch, renew: renew,
            syncStandby: renew ? currentSyncStandby(of: name, in: data) : nil)),
        from: name, to: LeaseStore.name)
    case .acquire:
      data.send(
        .control(LeaseSignal.acquire(loop: p.loop, position: n.log.lastSeq, lastEpoch: epoch)), from: name,
        to: LeaseStore.name)
    }
    let next = min(data.now + Self.retryInterval, p.since + settings.retryTimeout)
    data.schedule(.control(LeaseTimer.retry(node: name, loop: p.loop)), at: next)
  }

  /// No answer yet: resend, or after retry_timeout give up. A leader that gives up demotes itself:
  /// it cannot tell whether its key still exists, and must stop before the key can expire.
  package mutating func retry(_ name: String, loop: Int, in data: inout DataPlane) {
    guard let p = agents[name]?.pending, p.loop == loop, let n = data.nodes[name], n.isUp,
      n.incarnation == p.incarnation
    else { return }
    guard data.now >= p.since + settings.retryTimeout else {
      transmit(name, in: &data)
      return
    }
    agents[name]!.pending = nil
    guard case .loop(renew: true) = p.kind, n.role == .master else { return }
    let key = store.leader
    data.stepDownToReadOnly(name)
    note(
      .demoted(
        node: name, at: data.now, renewedAt: key?.holder == name ? key?.renewedAt : nil,
        expiresAt: key?.holder == name ? key?.expiresAt : nil, triedSince: p.since), in: &data)
  }

  /// The store's answer: follow the holder, promote if this node holds the key now, demote if
  /// another does, or try to take a key nobody holds.
  package mutating func agentLearns(
    _ name: String, loop: Int, holder: String?, leaderPosition: Int, sync: String?, positions: [String: Int],
    in data: inout DataPlane
  ) {
    guard let p = agents[name]?.pending, p.loop == loop, let n = data.nodes[name], n.isUp,
      n.incarnation == p.incarnation
    else { return }
    agents[name]!.pending = nil
    if holder == name {
      agents[name]!.declined = nil
      let acting = n.role == .master && data.masterName == name
      // The key still names a node that is not acting as master (it demoted, or restarted): it
      // renews first, and promotes only on a key the store has just written, never on one that may
      // be about to expire.
      if !acting, case .loop(renew: false) = p.kind {
        send(name, .loop(renew: true), in: &data)
        return
      }
      if !acting { promote(name, in: &data) }
      applySynchronousMode(leader: name, in: &data)
      return
    }
    if let holder {
      agents[name]!.declined = nil
      if n.role == .master {
        data.stepDownToReadOnly(name)
        note(.lostKey(node: name, holder: holder), in: &data)
      }
      follow(name, leader: holder, in: &data)
      return
    }
    guard n.role == .replica else { return }
    if let reason = declineReason(name, leaderPosition: leaderPosition, sync: sync, positions: positions, in: data) {
      if agents[name]!.declined != reason {
        agents[name]!.declined = reason
        note(.declined(node: name, reason: reason), in: &data)
      }
      return
    }
    send(name, .acquire, in: &data)
  }

  /// Why `name` must not take a free key, if it must not: too far behind (maximum_lag_on_failover),
  /// another member ahead of it, or, in synchronous_mode, not the synchronous standby.
  package func declineReason(
    _ name: String, leaderPosition: Int, sync: String?, positions: [String: Int], in data: DataPlane
  ) -> LeaseEvent.DeclineReason? {
    let mine = data.nodes[name]!.log.lastSeq
    if settings.synchronousMode, let sync, sync != name { return .notSynchronous(standby: sync) }
    if settings.synchronousMode, sync == nil, settings.synchronousModeStrict { return .notSynchronous(standby: nil) }
    let lag = leaderPosition - mine
    if lag > settings.maximumLagOnFailover { return .tooFarBehind(lag: lag, limit: settings.maximumLagOnFailover) }
    if let (ahead, position) = positions.filter({ $0.key != name && $0.value > mine }).max(by: {
      ($0.value, $1.key) < ($1.value, $0.key)
    }) {
      return .notHealthiest(ahead: ahead, position: position, mine: mine)
    }
    return nil
  }

  /// A watch on the leader key fired: run the loop now rather than at the end of loop_wait.
  package mutating func watchFired(at name: String, in data: inout DataPlane) {
    guard data.nodes[name]?.isUp == true, agents[name]?.pending == nil else { return }
    scheduleLoop(name, at: data.now, in: &data)
  }

  private mutating func promote(_ name: String, in data: inout DataPlane) {
    let previous = data.masterName ?? data.resignedMaster
    let (epoch, lost) = data.takeOver(name, epoch: nil)
    router.master = name
    router.epoch = epoch
    note(
      .acquired(node: name, epoch: epoch, expiresAt: store.leader?.expiresAt ?? data.now, previous: previous),
      in: &data)
    if let previous, previous != name {
      for l in lost { data.note(.control(ControlEvent.lost(l, newMaster: name, oldMaster: previous))) }
    }
  }

  private mutating func follow(_ name: String, leader: String, in data: inout DataPlane) {
    // Following already, and the leader streams to it: nothing to do. A node that names the leader
    // but is not connected to it (it restarted with no master to follow) says hello again, quietly.
    guard let m = data.nodes[leader], m.isUp, m.role == .master, let n = data.nodes[name] else { return }
    if n.masterName == leader && m.replicas[name]?.connected == true { return }
    // What it logged but never applied (it restarted read-only) is applied first, as a stepped-down
    // master's is; the rewind to the leader then undoes what the leader lacks.
    data.resumeApplying(name)
    data.follow(name, master: leader, epoch: max(m.epoch, n.epoch))
    if n.masterName != leader || n.epoch != m.epoch {
      note(.follows(node: name, leader: leader, epoch: m.epoch), in: &data)
    }
  }

  package mutating func note(_ e: LeaseEvent, in data: inout DataPlane) {
    data.note(.control(e))
  }
}
