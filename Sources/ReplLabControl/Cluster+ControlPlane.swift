import ReplLabKernel
import ReplLabModel
extension Cluster {
  /// Runs a control-plane timer.
  package mutating func fire(_ payload: any ControlTimerPayload) {
    guard let timer = payload as? ControlTimer else { preconditionFailure("not this control plane's timer: \(payload)") }
    switch timer {
    case .heartbeatTick: heartbeatTick()
    case .detectorDeadline(let node, let generation): detectorDeadline(node, generation: generation)
    case .bullyAnswerTimeout(let node, let generation): bullyAnswerTimedOut(node, generation: generation)
    case .bullyCoordinatorTimeout(let node, let generation): bullyCoordinatorTimedOut(node, generation: generation)
    case .raftElectionTimeout(let node, let generation): raftTimedOut(node, generation: generation)
    case .failoverDeadline(let run): failoverDeadlinePassed(run)
    case .retryFailover: retryFailover()
    }
  }

  /// Hands a control-plane message to whoever handles it at the receiving end.
  package mutating func deliverControl(_ signal: any ControlSignal, from: String, to: String) {
    guard let body = signal as? ControlMessage else { preconditionFailure("not this control plane's message: \(signal)") }
    switch body {
    case .heartbeat(let epoch, let isMaster, let master, let lastSeq):
      orchestratorHears(from, Orchestrator.Report(epoch: epoch, isMaster: isMaster, master: master, lastSeq: lastSeq))
    case .stepDown(let master, let epoch):
      stepDown(to, master: master, epoch: epoch, learnedFrom: from)
    case .promote:
      promoteOnOrder(to)
    case .promoted(let epoch):
      orchestratorLearnsPromotion(of: from, epoch: epoch)
    case .follow(let master, let epoch):
      followOnOrder(to, master: master, epoch: epoch, from: from)
    case .announce(let master, let epoch):
      routerLearns(master: master, epoch: epoch, at: to)
    case .callElection(let method):
      electionCalled(at: to, method: method)
    case .election:
      bullyElectionReceived(at: to, from: from)
    case .answer:
      bullyAnswerReceived(at: to, from: from)
    case .coordinator(let epoch), .leader(let epoch):
      newMasterAnnounced(by: from, epoch: epoch, at: to)
    case .requestVote(let term, let lastEpoch, let lastSeq):
      voteRequested(at: to, by: from, term: term, lastEpoch: lastEpoch, lastSeq: lastSeq)
    case .vote(let term, let granted):
      voteReceived(at: to, from: from, term: term, granted: granted)
    }
  }

  package mutating func noteControl(_ e: ControlEvent) {
    data.note(.control(e))
  }

  package var orchestratorName: String { ControlPlane.orchestratorName }
}

extension Cluster {
  /// Sends a control-plane message over the simulated network.
  package mutating func signal(_ message: ControlMessage, from: String, to: String) {
    data.send(.control(message), from: from, to: to)
  }

  /// Queues a control-plane timer.
  package mutating func schedule(_ timer: ControlTimer, at time: SimTime) {
    data.schedule(.control(timer), at: time)
  }
}
