import ReplLabKernel
import ReplLabModel

/// The control plane runs whichever regime is active: it starts and stops regimes, and hands each
/// timer and message to the regime whose payload type it is, dropping those of an inactive one.
extension ControlPlane: FailoverRegime {
  public mutating func start(in data: inout DataPlane) {
    switch regime {
    case .orchestrator: startControlPlane(in: &data)
    case .consensus: consensus.start(in: &data)
    case .lease: lease.start(in: &data)
    }
  }

  public mutating func fire(_ timer: any ControlTimerPayload, in data: inout DataPlane) {
    switch timer {
    case let t as ControlTimer:
      if regime == .orchestrator {
        fireTimer(t, in: &data)
      } else if case .heartbeatTick = t {
        // The orchestrator's heartbeat clock stops here; `start` winds it up again.
        orchestrator.ticking = false
      }
    case let t as ConsensusTimer:
      if regime == .consensus { consensus.fire(t, in: &data) }
    case let t as LeaseTimer:
      if regime == .lease { lease.fire(t, in: &data) }
    default:
      preconditionFailure("no regime owns this timer: \(timer)")
    }
  }

  public mutating func deliver(_ signal: any ControlSignal, from: String, to: String, in data: inout DataPlane) {
    switch signal {
    case let m as ControlMessage:
      if regime == .orchestrator { deliverControl(m, from: from, to: to, in: &data) }
    case let m as ConsensusMessage:
      if regime == .consensus { consensus.deliver(m, from: from, to: to, in: &data) }
    case let m as LeaseSignal:
      if regime == .lease { lease.deliver(m, from: from, to: to, in: &data) }
    default:
      preconditionFailure("no regime owns this message: \(signal)")
    }
  }

  public mutating func nodeCrashed(_ name: String, in data: DataPlane) {
    // The lab remembers every crash, whoever runs the cluster, to say later how long detection took.
    orchestrator.crashedAt[name] = data.now
    if regime == .consensus { consensus.nodeCrashed(name, in: data) }
    if regime == .lease { lease.nodeCrashed(name, in: data) }
  }

  public mutating func nodeCrashed(_ name: String, kind: CrashKind, in data: inout DataPlane) {
    nodeCrashed(name, in: data)
    guard regime == .orchestrator else { return }
    sentinels.answeringSince[name] = nil
    // A killed process's kernel closes its connections (FIN/RST): a Sentinel, which holds one to
    // every node, sees it close and PINGs on reconnecting; that PING is the first unanswered one.
    if kind == .process && method == .sentinel {
      signal(.connectionClosed, from: name, to: orchestratorName, in: &data)
    }
  }

  public mutating func nodeRestarted(_ name: String, in data: inout DataPlane) {
    guard regime == .orchestrator, method == .sentinel else { return }
    sentinelReconnects(to: name, in: &data)
  }

  public mutating func networkHealed(in data: inout DataPlane) -> Bool {
    switch regime {
    case .orchestrator: orchestratorHealed(in: &data)
    case .consensus: consensus.networkHealed(in: &data)
    case .lease: lease.networkHealed(in: &data)
    }
  }

  public mutating func stop(in data: inout DataPlane) {
    switch regime {
    case .orchestrator:
      elections.reset()
      orchestrator.run = nil
    case .consensus: consensus.stop(in: &data)
    case .lease: lease.stop(in: &data)
    }
  }

  public var fencesReturningMasters: Bool {
    switch regime {
    // Under Sentinel a returning master comes back as master from its own configuration, until a
    // Sentinel converts it (`SentinelState.infoPeriod`).
    case .orchestrator: stepsDown && method != .sentinel
    case .consensus: consensus.fencesReturningMasters
    case .lease: lease.fencesReturningMasters
    }
  }

  public func clientMaster(in data: DataPlane) -> String? {
    switch regime {
    case .orchestrator: router.master ?? data.masterName
    case .consensus: consensus.clientMaster(in: data)
    case .lease: lease.clientMaster(in: data)
    }
  }

  /// `manager KIND`: the active regime stops and `kind` starts on the cluster as it is. The client
  /// keeps the master it knew and whether it goes through the proxy.
  package mutating func switchRegime(to kind: RegimeKind, in data: inout DataPlane) {
    guard kind != regime else { return }
    let known = router
    stop(in: &data)
    regime = kind
    router = known
    start(in: &data)
  }

  /// After a heal the orchestrator re-announces the master to a client that missed it, and retries
  /// a failover that could not finish.
  package mutating func orchestratorHealed(in data: inout DataPlane) -> Bool {
    var reannounced = false
    if let m = data.masterName, let mm = data.nodes[m], mm.isUp, router.master != m {
      announce(m, epoch: mm.epoch, in: &data)
      reannounced = true
    }
    schedule(.retryFailover, at: data.now, in: &data)
    return reannounced
  }
}
