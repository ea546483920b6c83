import ReplLabKernel
import ReplLabModel

/// `election sentinel`: Redis Sentinel's failover, step by step. SDOWN comes from the failure detector
/// (counted from the first unanswered PING); then ODOWN by quorum, a leader Sentinel elected in a new
/// config epoch, SLAVEOF NO ONE to the best replica, confirmation by INFO, the other replicas
/// re-pointed and +switch-master, each after the time real Sentinels take.
extension ControlPlane {
  /// When the first PING `name` left unanswered was sent: at once after its connection closed (its
  /// process was killed), otherwise with the next PING after its last answer.
  package func firstUnansweredPing(_ name: String, _ w: Orchestrator.Watch) -> SimTime {
    let nextPing = w.lastArrival + heartbeatInterval
    guard let closed = sentinels.connectionClosedAt[name] else { return nextPing }
    return min(closed, nextPing)
  }

  /// A killed node's connection closed: the count toward SDOWN starts now.
  package mutating func sentinelSeesConnectionClose(of name: String, in data: inout DataPlane) {
    guard method == .sentinel, data.nodes[name]?.isUp == false, orchestrator.watches[name]?.suspectedAt == nil
    else { return }
    sentinels.connectionClosedAt[name] = data.now
    orchestrator.watches[name]!.generation += 1
    scheduleVerdict(name, in: &data)
  }

  /// SDOWN on the master: ask the other Sentinels whether they agree.
  package mutating func askOtherSentinels(about old: String, run: Int, in data: inout DataPlane) {
    schedule(.sentinelStep(run: run, step: .objectivelyDown), at: data.now + SentinelState.askDelay, in: &data)
  }

  package mutating func sentinelStep(_ step: SentinelStep, run id: Int, in data: inout DataPlane) {
    guard let run = orchestrator.run, run.id == id else { return }
    let old = run.oldMaster
    switch step {
    case .objectivelyDown:
      guard orchestrator.watches[old]?.suspectedAt != nil else {
        noteControl(.sentinel(.abandoned(master: old)), in: &data)
        orchestrator.run = nil
        return
      }
      noteControl(
        .sentinel(.objectivelyDown(master: old, agreeing: SentinelState.names.count, quorum: SentinelState.quorum)),
        in: &data)
      sentinels.configEpoch = max(sentinels.configEpoch, data.epoch) + 1
      schedule(.sentinelStep(run: id, step: .electLeader), at: data.now + SentinelState.voteDelay, in: &data)
    case .electLeader:
      let leader = SentinelState.names[data.randomIndex(below: SentinelState.names.count)]
      sentinels.leader = leader
      noteControl(
        .sentinel(
          .leaderElected(leader: leader, configEpoch: sentinels.configEpoch, votes: SentinelState.names.count)),
        in: &data)
      selectReplica(replacing: old, leader: leader, run: id, in: &data)
    case .confirmPromotion:
      guard let new = run.newMaster else { return }
      guard data.masterName == new, data.nodes[new]?.isUp == true, !data.network.isCut(new, orchestratorName) else {
        schedule(
          .sentinelStep(run: id, step: .confirmPromotion), at: data.now + SentinelState.failoverInfoPeriod, in: &data)
        return
      }
      let replicas = data.nodeNames.filter { other in
        other != new && other != old && data.nodes[other]?.role == .replica
          && orchestrator.watches[other]?.suspectedAt == nil
      }
      noteControl(
        .sentinel(
          .promotionConfirmed(
            node: new, leader: sentinels.leader ?? SentinelState.names[0], after: SentinelState.failoverInfoPeriod,
            replicas: replicas)), in: &data)
      for r in replicas {
        signal(.follow(master: new, epoch: data.epoch), from: orchestratorName, to: r, in: &data)
      }
      schedule(.sentinelStep(run: id, step: .switchMaster), at: data.now + SentinelState.reconfigureDelay, in: &data)
    case .switchMaster:
      guard let new = run.newMaster, data.masterName == new else { return }
      announce(new, epoch: data.epoch, in: &data)
    }
  }

  /// Sentinel's ranking: lower replica-priority, then the larger replication offset, then the
  /// lexicographically smaller run ID. Unlike orchestrator it does not compare epochs.
  package static func sentinelRanks(_ a: SentinelCandidate, before b: SentinelCandidate) -> Bool {
    if a.priority != b.priority { return a.priority < b.priority }
    if a.seq != b.seq { return a.seq > b.seq }
    return a.runID < b.runID
  }

  /// The leader ranks the replicas it can reach and sends the best one SLAVEOF NO ONE.
  private mutating func selectReplica(replacing old: String, leader: String, run id: Int, in data: inout DataPlane) {
    var ranking: [SentinelCandidate] = []
    var skipped: [String: String] = [:]
    for name in data.nodeNames where name != old {
      guard let n = data.nodes[name], n.role == .replica else { continue }
      if let reason = unpromotable(name, suspected: "down", in: data) {
        skipped[name] = reason
      } else {
        ranking.append(
          SentinelCandidate(
            name: name, priority: priority(of: name), seq: n.log.lastSeq,
            runID: SentinelState.runID(seed: data.seed, node: name, incarnation: n.incarnation)))
      }
    }
    ranking.sort(by: Self.sentinelRanks)
    guard let best = ranking.first else {
      noteControl(.noCandidate(master: old), in: &data)
      orchestrator.run = nil
      return
    }
    orchestrator.run?.newMaster = best.name
    noteControl(.sentinel(.selected(node: best.name, leader: leader, ranking: ranking, skipped: skipped)), in: &data)
    signal(.promote, from: orchestratorName, to: best.name, in: &data)
    schedule(
      .sentinelStep(run: id, step: .confirmPromotion), at: data.now + SentinelState.failoverInfoPeriod, in: &data)
  }

  /// A restarted node: a Sentinel retries a lost link once per PING period, so it reconnects with its
  /// next PING (the node's next answer), and its first INFO then records the role the node reports.
  package mutating func sentinelReconnects(to name: String, in data: inout DataPlane) {
    sentinels.answeringSince[name] = nil
  }

  /// A node still acts as master in an older epoch. Sentinels see it in INFO, which they poll every
  /// 10 s: the first poll after they reconnect records the role, the next one (`infoPeriod` later)
  /// acts and sends it SLAVEOF the current master: it becomes a replica, and its full resync
  /// discards what it took meanwhile.
  package mutating func sentinelSeesStaleMaster(_ name: String, in data: inout DataPlane) {
    guard let since = sentinels.answeringSince[name], data.now >= since + SentinelState.infoPeriod,
      let master = data.masterName, let m = data.nodes[master], m.isUp, !orchestrator.isFailingOver
    else { return }
    let oldEpoch = data.stepDown(name, toFollow: master, epoch: m.epoch)
    orchestrator.splitBrainReported.remove(name)
    noteControl(
      .sentinel(.converted(node: name, master: master, epoch: m.epoch, oldEpoch: oldEpoch, after: data.now - since)),
      in: &data)
    data.mark(name, .steppedDown(epoch: m.epoch))
    data.rejoin(name)
  }
}
