import ReplLabKernel
import ReplLabModel

extension ControlPlane {
  /// Starts the orchestrator watching every node and the heartbeat clock ticking. The orchestrator
  /// starts as if it had just heard from everyone.
  package mutating func startControlPlane(in data: inout DataPlane) {
    router.master = data.masterName
    router.epoch = data.epoch
    for name in data.nodeNames { startWatching(name, in: &data) }
    // A tick still in the queue (the orchestrator was switched away and back within an interval)
    // keeps the clock going; a second one would double every heartbeat.
    guard !orchestrator.ticking else { return }
    orchestrator.ticking = true
    schedule(.heartbeatTick, at: data.now + heartbeatInterval, in: &data)
  }

  package mutating func startWatching(_ name: String, in data: inout DataPlane) {
    orchestrator.watches[name] = Orchestrator.Watch(
      lastArrival: data.now, history: HeartbeatHistory(expected: heartbeatInterval))
    scheduleVerdict(name, in: &data)
  }

  /// Every live node tells the orchestrator it is alive, with its role, epoch and position.
  package mutating func heartbeatTick(in data: inout DataPlane) {
    for name in orchestrator.watches.keys.sorted() where !data.nodes.contains(name) {
      orchestrator.watches[name] = nil
    }
    for name in data.nodeNames {
      if orchestrator.watches[name] == nil { startWatching(name, in: &data) }
      guard let n = data.nodes[name], n.isUp else { continue }
      let beat = ControlMessage.heartbeat(
        epoch: n.epoch, isMaster: n.role == .master, master: n.masterName, lastSeq: n.log.lastSeq)
      signal(beat, from: name, to: orchestratorName, in: &data)
    }
    schedule(.heartbeatTick, at: data.now + heartbeatInterval, in: &data)
  }

  /// Schedules the moment the detector will suspect `name` if nothing more arrives from it.
  package mutating func scheduleVerdict(_ name: String, in data: inout DataPlane) {
    guard let w = orchestrator.watches[name], w.suspectedAt == nil else { return }
    // Sentinel counts down-after-milliseconds from the first PING left unanswered, not from the
    // last answer.
    let from = method == .sentinel ? firstUnansweredPing(name, w) : w.lastArrival
    let at = max(data.now, from + detector.suspicionDelay(w.history))
    schedule(.detectorDeadline(node: name, generation: w.generation), at: at, in: &data)
  }

  /// After a settings change every pending verdict is recomputed with the new detector.
  package mutating func rescheduleVerdicts(in data: inout DataPlane) {
    for name in data.nodeNames where orchestrator.watches[name] != nil {
      orchestrator.watches[name]!.generation += 1
      scheduleVerdict(name, in: &data)
    }
  }

  package mutating func orchestratorHears(_ name: String, _ report: Orchestrator.Report, in data: inout DataPlane) {
    guard var w = orchestrator.watches[name] else { return }
    if let since = w.suspectedAt {
      // The silence was an outage, not an interval between heartbeats: keep it out of the
      // statistics (Cassandra ignores such gaps too), so one outage does not make phi sluggish.
      w.suspectedAt = nil
      noteControl(.answeringAgain(node: name, suspectedFor: data.now - since), in: &data)
      data.mark(orchestratorName, .hearsAgain(name))
    } else {
      w.history.add(data.now - w.lastArrival)
    }
    w.lastArrival = data.now
    w.generation += 1
    w.heartbeats += 1
    w.report = report
    orchestrator.watches[name] = w
    sentinels.connectionClosedAt[name] = nil
    if sentinels.answeringSince[name] == nil { sentinels.answeringSince[name] = data.now }
    scheduleVerdict(name, in: &data)
    reconcile(name, report, in: &data)
  }

  /// The detector's deadline for `name` passed with no newer heartbeat: suspect it.
  package mutating func detectorDeadline(_ name: String, generation: Int, in data: inout DataPlane) {
    guard data.nodes.contains(name) else {
      orchestrator.watches[name] = nil
      return
    }
    guard let w = orchestrator.watches[name], w.generation == generation, w.suspectedAt == nil else { return }
    orchestrator.watches[name]!.suspectedAt = data.now
    var phi: ControlEvent.PhiReading?
    if case .phiAccrual(let d) = detector {
      phi = ControlEvent.PhiReading(
        phi: d.phi(elapsed: data.now - w.lastArrival, history: w.history), mean: w.history.mean,
        deviation: max(w.history.standardDeviation, PhiAccrualDetector.minStandardDeviation))
    }
    noteControl(
      .suspected(
        node: name, wasMaster: name == data.masterName, lastHeard: w.lastArrival, everHeard: w.heartbeats > 0,
        silence: data.now - w.lastArrival,
        detector: detector, phi: phi, cause: silenceCause(name, in: &data)), in: &data)
    data.mark(orchestratorName, .suspects(name))
    if name == data.masterName { masterSuspected(name, in: &data) }
  }

  /// Why `name` went quiet, as the lab knows and the orchestrator cannot.
  package func silenceCause(_ name: String, in data: inout DataPlane) -> ControlEvent.Cause? {
    guard let n = data.nodes[name] else { return nil }
    if !n.isUp { return .crashed(at: orchestrator.crashedAt[name] ?? 0) }
    if data.network.isCut(name, orchestratorName) { return .cutOff }
    let latency = data.network.latency(from: name, to: orchestratorName)
    if latency > Network.defaultLatency { return .slow(latency: latency) }
    if data.network.lossRate > 0 { return .lossy }
    return nil
  }

  /// What the orchestrator does with what a heartbeat says: a master in an older epoch is told to
  /// step down (step-down on) or reported as split brain (step-down off); a replica that follows the wrong
  /// node, or the right one in an older epoch, is re-pointed.
  package mutating func reconcile(_ name: String, _ r: Orchestrator.Report, in data: inout DataPlane) {
    guard let master = data.masterName, name != master, let m = data.nodes[master] else { return }
    if r.isMaster {
      // A heartbeat sent just before the node stepped down is stale news: check before acting.
      guard r.epoch < m.epoch, data.nodes[name]?.role == .master else { return }
      if method == .sentinel {
        sentinelSeesStaleMaster(name, in: &data)
      } else if stepsDown {
        signal(.stepDown(master: master, epoch: m.epoch), from: orchestratorName, to: name, in: &data)
      } else if !orchestrator.splitBrainReported.contains(name) {
        orchestrator.splitBrainReported.insert(name)
        noteControl(.splitBrain(node: name, epoch: r.epoch, master: master, masterEpoch: m.epoch), in: &data)
      }
      return
    }
    orchestrator.splitBrainReported.remove(name)
    // A replica in an older epoch missed a promotion, even when it names the right node: its master
    // became a replica and master again since, and dropped every replica connection on the way.
    // A replica that cascades from another replica is where the operator put it.
    guard !data.keepsUpstream(name, newMaster: master) else { return }
    // Without GTIDs (or Pseudo-GTID) orchestrator cannot find a replica's place in another
    // server's binlog: it re-points nobody.
    guard r.master != master || r.epoch < m.epoch, m.isUp, !orchestrator.isFailingOver,
      orchestrator.watches[master]?.suspectedAt == nil, data.positions != .file
    else { return }
    signal(.follow(master: master, epoch: m.epoch), from: orchestratorName, to: name, in: &data)
  }
}
