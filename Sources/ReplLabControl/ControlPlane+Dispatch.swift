import ReplLabKernel
import ReplLabModel

extension ControlPlane {
  /// Runs a control-plane timer.
  package mutating func fireTimer(_ payload: any ControlTimerPayload, in data: inout DataPlane) {
    guard let timer = payload as? ControlTimer else {
      preconditionFailure("not this control plane's timer: \(payload)")
    }
    switch timer {
    case .heartbeatTick: heartbeatTick(in: &data)
    case .detectorDeadline(let node, let generation): detectorDeadline(node, generation: generation, in: &data)
    case .bullyAnswerTimeout(let node, let generation): bullyAnswerTimedOut(node, generation: generation, in: &data)
    case .bullyCoordinatorTimeout(let node, let generation):
      bullyCoordinatorTimedOut(node, generation: generation, in: &data)
    case .raftElectionTimeout(let node, let generation): raftTimedOut(node, generation: generation, in: &data)
    case .failoverDeadline(let run): failoverDeadlinePassed(run, in: &data)
    case .sentinelStep(let run, let step): sentinelStep(step, run: run, in: &data)
    case .retryFailover: retryFailover(in: &data)
    }
  }

  /// Hands a control-plane message to whoever handles it at the receiving end.
  package mutating func deliverControl(_ signal: any ControlSignal, from: String, to: String, in data: inout DataPlane)
  {
    guard let body = signal as? ControlMessage else {
      preconditionFailure("not this control plane's message: \(signal)")
    }
    switch body {
    case .heartbeat(let epoch, let isMaster, let master, let lastSeq):
      orchestratorHears(
        from, Orchestrator.Report(epoch: epoch, isMaster: isMaster, master: master, lastSeq: lastSeq), in: &data)
    case .stepDown(let master, let epoch):
      stepDown(to, master: master, epoch: epoch, learnedFrom: from, in: &data)
    case .promote:
      promoteOnOrder(to, in: &data)
    case .promoted(let epoch):
      orchestratorLearnsPromotion(of: from, epoch: epoch, in: &data)
    case .follow(let master, let epoch):
      followOnOrder(to, master: master, epoch: epoch, from: from, in: &data)
    case .announce(let master, let epoch):
      routerLearns(master: master, epoch: epoch, at: to, in: &data)
    case .callElection(let method):
      electionCalled(at: to, method: method, in: &data)
    case .election:
      bullyElectionReceived(at: to, from: from, in: &data)
    case .answer:
      bullyAnswerReceived(at: to, from: from, in: &data)
    case .coordinator(let epoch), .leader(let epoch):
      newMasterAnnounced(by: from, epoch: epoch, at: to, in: &data)
    case .preVote(let term, let lastEpoch, let lastSeq):
      preVoteRequested(at: to, by: from, term: term, lastEpoch: lastEpoch, lastSeq: lastSeq, in: &data)
    case .preVoteReply(let term, let granted):
      preVoteReplyReceived(at: to, from: from, term: term, granted: granted, in: &data)
    case .requestVote(let term, let lastEpoch, let lastSeq):
      voteRequested(at: to, by: from, term: term, lastEpoch: lastEpoch, lastSeq: lastSeq, in: &data)
    case .vote(let term, let granted):
      voteReceived(at: to, from: from, term: term, granted: granted, in: &data)
    case .connectionClosed:
      sentinelSeesConnectionClose(of: from, in: &data)
    }
  }

  package mutating func noteControl(_ e: ControlEvent, in data: inout DataPlane) {
    data.note(.control(e))
  }

  /// The orchestrator's name on the network, for the control plane's own code.
  package var orchestratorName: String { Self.orchestratorName }
}

extension ControlPlane {
  /// Sends a control-plane message over the simulated network.
  package mutating func signal(_ message: ControlMessage, from: String, to: String, in data: inout DataPlane) {
    data.send(.control(message), from: from, to: to)
  }

  /// Queues a control-plane timer.
  package mutating func schedule(_ timer: ControlTimer, at time: SimTime, in data: inout DataPlane) {
    data.schedule(.control(timer), at: time)
  }
}
