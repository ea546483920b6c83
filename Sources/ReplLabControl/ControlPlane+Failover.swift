import ReplLabKernel
import ReplLabModel

extension ControlPlane {
  /// The detector suspects the master: raise the alarm (manual) or fail over (auto), unless a recent
  /// automatic failover blocks another one (anti-flapping).
  package mutating func masterSuspected(_ name: String, in data: inout DataPlane) {
    switch failover {
    case .manual:
      noteControl(.alarm(master: name), in: &data)
    case .auto:
      guard !orchestrator.isFailingOver else { return }
      if let last = orchestrator.lastAutoFailover, data.now < last + recoveryBlock {
        noteControl(.failoverBlocked(master: name, lastFailover: last, until: last + recoveryBlock), in: &data)
        return
      }
      beginFailover(from: name, in: &data)
    }
  }

  /// Starts an automatic failover away from `old` with the configured election method.
  package mutating func beginFailover(from old: String, in data: inout DataPlane) {
    let id = orchestrator.nextRun
    orchestrator.nextRun += 1
    let crashed = data.nodes[old]?.isUp == false ? orchestrator.crashedAt[old] : nil
    let detected = orchestrator.watches[old]?.suspectedAt ?? data.now
    orchestrator.run = Orchestrator.Run(
      id: id, method: method, oldMaster: old, detectedAt: detected, crashedAt: crashed)
    if stonith { fenceByStonith(old, in: &data) }
    elections.reset()
    schedule(.failoverDeadline(run: id), at: data.now + Orchestrator.failoverDeadline, in: &data)
    switch method {
    case .mostUpToDate: chooseMostUpToDate(replacing: old, in: &data)
    case .bully, .raft: callElection(replacing: old, in: &data)
    case .sentinel: askOtherSentinels(about: old, run: id, in: &data)
    }
  }

  /// Ranks candidates as orchestrator and Sentinel do: lower replica-priority first, then the newest
  /// epoch in the log, then the most of the log, then the name.
  package static func ranks(_ a: ControlEvent.Candidate, before b: ControlEvent.Candidate) -> Bool {
    if a.priority != b.priority { return a.priority < b.priority }
    if a.epoch != b.epoch { return a.epoch > b.epoch }
    if a.seq != b.seq { return a.seq > b.seq }
    return a.name < b.name
  }

  /// most-up-to-date: the orchestrator reads each reachable replica's position, picks the best and
  /// tells it to take over.
  package mutating func chooseMostUpToDate(replacing old: String, in data: inout DataPlane) {
    var ranking: [ControlEvent.Candidate] = []
    var skipped: [String: String] = [:]
    for name in data.nodeNames where name != old {
      guard let n = data.nodes[name], n.role == .replica else { continue }
      if let reason = unpromotable(name, suspected: "suspected dead", in: data) {
        skipped[name] = reason
      } else {
        ranking.append(
          ControlEvent.Candidate(
            name: name, priority: priority(of: name), epoch: n.log.lastEpoch, seq: n.log.lastSeq))
      }
    }
    ranking.sort(by: Self.ranks)
    guard let best = ranking.first else {
      noteControl(.noCandidate(master: old), in: &data)
      orchestrator.run = nil
      return
    }
    orchestrator.run?.newMaster = best.name
    noteControl(.chose(node: best.name, ranking: ranking, skipped: skipped), in: &data)
    signal(.promote, from: orchestratorName, to: best.name, in: &data)
  }

  /// bully and raft: the orchestrator tells the replicas it still hears from to elect a master.
  package mutating func callElection(replacing old: String, in data: inout DataPlane) {
    let replicas = data.nodeNames.filter {
      $0 != old && data.nodes[$0]?.role == .replica && orchestrator.watches[$0]?.suspectedAt == nil
    }
    guard !replicas.isEmpty else {
      noteControl(.noCandidate(master: old), in: &data)
      orchestrator.run = nil
      return
    }
    noteControl(.electionCalled(method: method, master: old, replicas: replicas), in: &data)
    for r in replicas { signal(.callElection(method), from: orchestratorName, to: r, in: &data) }
  }

  package mutating func electionCalled(at name: String, method: ElectionMethod, in data: inout DataPlane) {
    guard data.nodes[name]?.role == .replica else { return }
    switch method {
    case .bully: startBully(name, in: &data)
    case .raft: joinRaft(name, in: &data)
    case .mostUpToDate, .sentinel: break
    }
  }

  /// The chosen replica takes over and reports back.
  package mutating func promoteOnOrder(_ name: String, in data: inout DataPlane) {
    guard data.nodes[name]?.role == .replica, orchestrator.run?.newMaster == name else { return }
    if method == .sentinel {
      // SLAVEOF NO ONE: the replica becomes a master; the leader Sentinel finds out by polling INFO.
      installMaster(name, epoch: sentinels.configEpoch, method: .sentinel, in: &data)
      return
    }
    let epoch = installMaster(name, epoch: nil, method: .mostUpToDate, in: &data)
    signal(.promoted(epoch: epoch), from: name, to: orchestratorName, in: &data)
  }

  /// Makes `name` master through the one promotion path and reports it: the new epoch, and each
  /// write the old master had that the new one lacks.
  @discardableResult
  package mutating func installMaster(
    _ name: String, epoch requested: Int?, method: ElectionMethod, in data: inout DataPlane
  ) -> Int {
    let old = data.masterName
    let (epoch, lost) = data.takeOver(name, epoch: requested)
    // Bully losers learn of the winner from its COORDINATOR; raft voters would from its first
    // AppendEntries, but a lingering timer must not start a new term in the meantime.
    if method == .raft { elections.reset() } else { elections.clear(name) }
    noteControl(
      .promoted(node: name, epoch: epoch, method: method, oldMaster: old, nothingLost: lost.isEmpty), in: &data)
    if let old {
      for l in lost { noteControl(.lost(l, newMaster: name, oldMaster: old), in: &data) }
    }
    orchestrator.run?.newMaster = name
    orchestrator.run?.promotedAt = data.now
    return epoch
  }

  /// The orchestrator re-points the other replicas (and, with step-down on, tells a live old master
  /// to step down), then announces the new master to the client.
  package mutating func orchestratorLearnsPromotion(of name: String, epoch: Int, in data: inout DataPlane) {
    guard data.masterName == name else { return }
    for other in data.nodeNames where other != name {
      guard let n = data.nodes[other], orchestrator.watches[other]?.suspectedAt == nil,
        !data.keepsUpstream(other, newMaster: name)
      else { continue }
      if n.role == .master {
        if stepsDown { signal(.stepDown(master: name, epoch: epoch), from: orchestratorName, to: other, in: &data) }
      } else if data.positions != .file {
        signal(.follow(master: name, epoch: epoch), from: orchestratorName, to: other, in: &data)
      }
    }
    announce(name, epoch: epoch, in: &data)
  }

  /// The orchestrator tells the client (or the proxy) where the master is.
  package mutating func announce(_ master: String, epoch: Int, in data: inout DataPlane) {
    signal(.announce(master: master, epoch: epoch), from: orchestratorName, to: router.endpoint, in: &data)
  }

  /// An election winner's COORDINATOR (bully) or first AppendEntries (raft) arrives: nodes follow it;
  /// the orchestrator passes the news on to the client.
  package mutating func newMasterAnnounced(by winner: String, epoch: Int, at receiver: String, in data: inout DataPlane)
  {
    if receiver == orchestratorName {
      guard data.masterName == winner else { return }
      if orchestrator.run != nil { orchestrator.run!.newMaster = winner }
      announce(winner, epoch: epoch, in: &data)
      return
    }
    followOnOrder(receiver, master: winner, epoch: epoch, from: winner, in: &data)
  }

  /// A node is told to follow `master`: a replica re-points; a node still acting as master steps
  /// down if step-down is on and ignores it otherwise.
  package mutating func followOnOrder(
    _ name: String, master: String, epoch: Int, from: String, in data: inout DataPlane
  ) {
    guard let n = data.nodes[name], n.isUp, name != master, data.nodes.contains(master) else { return }
    if n.role == .master {
      if stepsDown {
        stepDown(name, master: master, epoch: epoch, learnedFrom: from, in: &data)
      } else if epoch > n.epoch {
        noteControl(.ignoredNewerEpoch(node: name, epoch: epoch, from: from), in: &data)
      }
      return
    }
    guard epoch >= n.epoch else { return }
    elections.clear(name)
    guard n.masterName != master || n.epoch != epoch else { return }
    data.follow(name, master: master, epoch: epoch)
    data.note(.rejoined(node: name, master: master, epoch: epoch))
  }

  /// The client (or proxy) hears where the master is; when that ends a failover, say how long
  /// writes had nowhere to go.
  package mutating func routerLearns(master: String, epoch: Int, at endpoint: String, in data: inout DataPlane) {
    guard endpoint == router.endpoint, epoch >= router.epoch else { return }
    if router.master != master {
      router.master = master
      noteControl(.announced(endpoint: endpoint, master: master, epoch: epoch), in: &data)
      data.mark(endpoint, .repointed(master: master))
    }
    router.epoch = epoch
    guard let run = orchestrator.run, run.newMaster == master else { return }
    noteControl(
      .failoverDone(
        oldMaster: run.oldMaster, newMaster: master, detectedAt: run.detectedAt, doneAt: data.now,
        crashedAt: run.crashedAt,
        oldMasterActing: data.nodes[run.oldMaster]?.isUp == true && data.nodes[run.oldMaster]?.role == .master),
      in: &data)
    orchestrator.lastAutoFailover = data.now
    orchestrator.run = nil
  }

  /// After a heal: a failover that could not finish is tried again if the master is still dead.
  package mutating func retryFailover(in data: inout DataPlane) {
    guard failover == .auto, !orchestrator.isFailingOver, let m = data.masterName,
      orchestrator.watches[m]?.suspectedAt != nil, data.nodes[m]?.isUp == false
    else { return }
    beginFailover(from: m, in: &data)
  }

  package mutating func failoverDeadlinePassed(_ id: Int, in data: inout DataPlane) {
    guard let run = orchestrator.run, run.id == id else { return }
    if let new = run.newMaster, run.promotedAt != nil, data.masterName == new {
      // The promotion worked; only the announcement never reached the client.
      noteControl(
        .failoverUnannounced(
          master: run.oldMaster, newMaster: new, endpoint: router.endpoint, waited: data.now - run.detectedAt),
        in: &data)
    } else {
      noteControl(
        .failoverFailed(master: run.oldMaster, method: run.method, waited: data.now - run.detectedAt), in: &data)
    }
    orchestrator.run = nil
    elections.reset()
  }
}

extension ControlPlane {
  /// Why the failover manager cannot promote replica `name` (its detector suspects it, it cannot be
  /// reached, or its replica-priority is 0), or nil when it can; `suspected` is the word for the first.
  package func unpromotable(_ name: String, suspected: String, in data: DataPlane) -> String? {
    if orchestrator.watches[name]?.suspectedAt != nil { return suspected }
    if data.nodes[name]?.isUp != true || data.network.isCut(name, orchestratorName) { return "unreachable" }
    if priority(of: name) == 0 { return "replica-priority 0" }
    return nil
  }
}
