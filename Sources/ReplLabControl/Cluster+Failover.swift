import ReplLabKernel
import ReplLabModel
extension Cluster {
  /// The detector suspects the master: raise the alarm (manual) or fail over (auto), unless a recent
  /// automatic failover blocks another one (anti-flapping).
  package mutating func masterSuspected(_ name: String) {
    switch control.failover {
    case .manual:
      noteControl(.alarm(master: name))
    case .auto:
      guard !control.orchestrator.isFailingOver else { return }
      if let last = control.orchestrator.lastAutoFailover, data.now < last + control.recoveryBlock {
        noteControl(.failoverBlocked(master: name, lastFailover: last, until: last + control.recoveryBlock))
        return
      }
      beginFailover(from: name)
    }
  }

  /// Starts an automatic failover away from `old` with the configured election method.
  package mutating func beginFailover(from old: String) {
    let id = control.orchestrator.nextRun
    control.orchestrator.nextRun += 1
    let crashed = data.nodes[old]?.isUp == false ? control.orchestrator.crashedAt[old] : nil
    let detected = control.orchestrator.watches[old]?.suspectedAt ?? data.now
    control.orchestrator.run = Orchestrator.Run(
      id: id, method: control.method, oldMaster: old, detectedAt: detected, crashedAt: crashed)
    control.elections.reset()
    schedule(.failoverDeadline(run: id), at: data.now + Orchestrator.failoverDeadline)
    switch control.method {
    case .mostUpToDate: chooseMostUpToDate(replacing: old)
    case .bully, .raft: callElection(replacing: old)
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
  package mutating func chooseMostUpToDate(replacing old: String) {
    var ranking: [ControlEvent.Candidate] = []
    var skipped: [String: String] = [:]
    for name in data.nodeNames where name != old {
      guard let n = data.nodes[name], n.role == .replica else { continue }
      if control.orchestrator.watches[name]?.suspectedAt != nil {
        skipped[name] = "suspected dead"
      } else if !n.isUp || data.network.isCut(name, orchestratorName) {
        skipped[name] = "unreachable"
      } else if control.priority(of: name) == 0 {
        skipped[name] = "replica-priority 0"
      } else {
        ranking.append(ControlEvent.Candidate(
          name: name, priority: control.priority(of: name), epoch: n.log.lastEpoch, seq: n.log.lastSeq))
      }
    }
    ranking.sort(by: Self.ranks)
    guard let best = ranking.first else {
      noteControl(.noCandidate(master: old))
      control.orchestrator.run = nil
      return
    }
    control.orchestrator.run?.newMaster = best.name
    noteControl(.chose(node: best.name, ranking: ranking, skipped: skipped))
    signal(.promote, from: orchestratorName, to: best.name)
  }

  /// bully and raft: the orchestrator tells the replicas it still hears from to elect a master.
  package mutating func callElection(replacing old: String) {
    let replicas = data.nodeNames.filter {
      $0 != old && data.nodes[$0]?.role == .replica && control.orchestrator.watches[$0]?.suspectedAt == nil
    }
    guard !replicas.isEmpty else {
      noteControl(.noCandidate(master: old))
      control.orchestrator.run = nil
      return
    }
    noteControl(.electionCalled(method: control.method, master: old, replicas: replicas))
    for r in replicas { signal(.callElection(control.method), from: orchestratorName, to: r) }
  }

  package mutating func electionCalled(at name: String, method: ElectionMethod) {
    guard data.nodes[name]?.role == .replica else { return }
    switch method {
    case .bully: startBully(name)
    case .raft: joinRaft(name)
    case .mostUpToDate: break
    }
  }

  /// The chosen replica takes over and reports back.
  package mutating func promoteOnOrder(_ name: String) {
    guard data.nodes[name]?.role == .replica, control.orchestrator.run?.newMaster == name else { return }
    let epoch = installMaster(name, epoch: nil, method: .mostUpToDate)
    signal(.promoted(epoch: epoch), from: name, to: orchestratorName)
  }

  /// Makes `name` master through the one promotion path and reports it: the new epoch, and each
  /// write the old master had that the new one lacks.
  @discardableResult
  package mutating func installMaster(_ name: String, epoch requested: Int?, method: ElectionMethod) -> Int {
    let old = data.masterName
    let (epoch, lost) = data.takeOver(name, epoch: requested)
    // Bully losers learn of the winner from its COORDINATOR; raft voters would from its first
    // AppendEntries, but a lingering timer must not start a new term in the meantime.
    if method == .raft { control.elections.reset() } else { control.elections.clear(name) }
    noteControl(.promoted(node: name, epoch: epoch, method: method, oldMaster: old, nothingLost: lost.isEmpty))
    if let old {
      for l in lost { noteControl(.lost(l, newMaster: name, oldMaster: old)) }
    }
    control.orchestrator.run?.newMaster = name
    control.orchestrator.run?.promotedAt = data.now
    return epoch
  }

  /// The orchestrator re-points the other replicas (and, with fencing, tells a live old master to
  /// step down), then announces the new master to the client.
  package mutating func orchestratorLearnsPromotion(of name: String, epoch: Int) {
    guard data.masterName == name else { return }
    for other in data.nodeNames where other != name {
      guard let n = data.nodes[other], control.orchestrator.watches[other]?.suspectedAt == nil else { continue }
      if n.role == .master {
        if control.fencing { signal(.stepDown(master: name, epoch: epoch), from: orchestratorName, to: other) }
      } else {
        signal(.follow(master: name, epoch: epoch), from: orchestratorName, to: other)
      }
    }
    announce(name, epoch: epoch)
  }

  /// The orchestrator tells the client (or the proxy) where the master is.
  package mutating func announce(_ master: String, epoch: Int) {
    signal(.announce(master: master, epoch: epoch), from: orchestratorName, to: control.router.endpoint)
  }

  /// An election winner's COORDINATOR (bully) or first AppendEntries (raft) arrives: nodes follow it;
  /// the orchestrator passes the news on to the client.
  package mutating func newMasterAnnounced(by winner: String, epoch: Int, at receiver: String) {
    if receiver == orchestratorName {
      guard data.masterName == winner else { return }
      if control.orchestrator.run != nil { control.orchestrator.run!.newMaster = winner }
      announce(winner, epoch: epoch)
      return
    }
    followOnOrder(receiver, master: winner, epoch: epoch, from: winner)
  }

  /// A node is told to follow `master`: a replica re-points; a node still acting as master steps
  /// down if fencing is on and ignores it otherwise.
  package mutating func followOnOrder(_ name: String, master: String, epoch: Int, from: String) {
    guard let n = data.nodes[name], n.isUp, name != master, data.nodes.contains(master) else { return }
    if n.role == .master {
      if control.fencing {
        stepDown(name, master: master, epoch: epoch, learnedFrom: from)
      } else if epoch > n.epoch {
        noteControl(.ignoredNewerEpoch(node: name, epoch: epoch, from: from))
      }
      return
    }
    guard epoch >= n.epoch else { return }
    control.elections.clear(name)
    guard n.masterName != master || n.epoch != epoch else { return }
    data.follow(name, master: master, epoch: epoch)
    data.note(.rejoined(node: name, master: master, epoch: epoch))
  }

  /// The client (or proxy) hears where the master is; when that ends a failover, say how long
  /// writes had nowhere to go.
  package mutating func routerLearns(master: String, epoch: Int, at endpoint: String) {
    guard endpoint == control.router.endpoint, epoch >= control.router.epoch else { return }
    if control.router.master != master {
      control.router.master = master
      noteControl(.announced(endpoint: endpoint, master: master, epoch: epoch))
      data.mark(endpoint, .repointed(master: master))
    }
    control.router.epoch = epoch
    guard let run = control.orchestrator.run, run.newMaster == master else { return }
    noteControl(.failoverDone(
      oldMaster: run.oldMaster, newMaster: master, detectedAt: run.detectedAt, doneAt: data.now, crashedAt: run.crashedAt,
      oldMasterActing: data.nodes[run.oldMaster]?.isUp == true && data.nodes[run.oldMaster]?.role == .master))
    control.orchestrator.lastAutoFailover = data.now
    control.orchestrator.run = nil
  }

  /// After a heal: a failover that could not finish is tried again if the master is still dead.
  package mutating func retryFailover() {
    guard control.failover == .auto, !control.orchestrator.isFailingOver, let m = data.masterName,
      control.orchestrator.watches[m]?.suspectedAt != nil, data.nodes[m]?.isUp == false
    else { return }
    beginFailover(from: m)
  }

  package mutating func failoverDeadlinePassed(_ id: Int) {
    guard let run = control.orchestrator.run, run.id == id else { return }
    noteControl(.failoverFailed(master: run.oldMaster, method: run.method, waited: data.now - run.detectedAt))
    control.orchestrator.run = nil
    control.elections.reset()
  }
}
