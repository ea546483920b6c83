import ReplLabKernel

extension DataPlane {
  /// Puts a message on the network; it arrives after the link's latency unless the link is cut, the
  /// network drops it, or either end crashes first. Endpoints are nodes or the control plane's
  /// orchestrator and client (see `incarnation(of:)`). `transfer` is extra time on the wire for a
  /// large message (a snapshot, a long catch-up batch); later messages on the link queue behind it.
  package mutating func send(_ body: Message.Body, from: String, to: String, transfer: SimTime = 0) {
    guard let senderIncarnation = incarnation(of: from), let receiverIncarnation = incarnation(of: to) else { return }
    let message = Message(from: from, to: to, senderIncarnation: senderIncarnation, sentAt: now, body: body)
    switch delivery(of: message, transfer: transfer) {
    case .arrives(let at):
      schedule(.deliver(message, receiverIncarnation: receiverIncarnation), at: at)
    case .lost:
      timeline.record(message, at: now, delivered: false)
    case .broken(let at, let retransmissions):
      timeline.record(message, at: now, delivered: false)
      schedule(
        .connectionBroken(
          from: from, to: to, incarnations: (senderIncarnation, receiverIncarnation), retransmissions: retransmissions),
        at: at)
    }
  }

  /// Queues an event. Replication work (messages other than heartbeats, senders, apply batches,
  /// traffic) counts as in flight for `settle`; timers do not, or `settle` would never end.
  package mutating func schedule(_ event: Scheduled, at time: SimTime) {
    if event.isWork { messagesInFlight += 1 }
    queue.schedule(event, at: time)
  }

  /// Runs the data plane's events in time order until `done` holds, the next event is later than
  /// `limit`, or the next event belongs to the control plane, which the data plane hands back
  /// instead of running: a timer, or a control message that arrived.
  ///
  /// A Ctrl-C (`LongRun.stopRequested`) ends the run between two events as if the limit had come,
  /// but with the clock left at the last event run: the cluster as it was at that moment.
  package mutating func runUntilControl(until limit: SimTime, stopWhen done: (DataPlane) -> Bool) -> LoopStop {
    var ran = 0
    defer { if ran > 0 { LongRun.ran(ran % LongRun.reportEvery, now: now, lastSeq: master?.log.lastSeq ?? 0) } }
    while true {
      // A placed fault comes before `done` is judged: it may change what `done` would say.
      if eventsRun == pauseAt { return .paused }
      if done(self) { break }
      if LongRun.shouldStop() { return .limit }
      guard let next = queue.nextTime, next <= limit else {
        now = max(now, limit)
        return .limit
      }
      ran += 1
      if ran % LongRun.reportEvery == 0 {
        LongRun.ran(LongRun.reportEvery, now: now, lastSeq: master?.log.lastSeq ?? 0)
      }
      let (time, event) = queue.popNext()!
      eventsRun &+= 1
      now = time
      if event.isWork { messagesInFlight -= 1 }
      switch event {
      case .control(let timer):
        return .timer(timer)
      case .deliver(let message, let receiverIncarnation):
        guard arrives(message, receiverIncarnation: receiverIncarnation) else { continue }
        if case .control(let signal) = message.body { return .signal(signal, from: message.from, to: message.to) }
        deliver(message)
      default:
        handle(event)
      }
    }
    return .done
  }

  /// Why `runUntilControl` returned.
  package enum LoopStop {
    /// `done` held.
    case done
    /// Nothing more is due by the limit; the clock is at the limit.
    case limit
    /// A control plane's timer is due now.
    case timer(any ControlTimerPayload)
    /// A control plane's message arrived now.
    case signal(any ControlSignal, from: String, to: String)
    /// `eventsRun` reached `pauseAt`: the clock is at the last event run.
    case paused
  }

  /// Whether a message due now reaches its receiver, recording it in the timeline either way. A host
  /// crash loses what the sender had not delivered (a killed process's kernel still delivers it); a
  /// crash of the receiver loses what it had not read; a partition loses what was on the wire when
  /// the link was cut.
  private mutating func arrives(_ message: Message, receiverIncarnation: Int) -> Bool {
    guard stillSends(message.from, incarnation: message.senderIncarnation),
      isAlive(message.to, incarnation: receiverIncarnation),
      !network.isCut(message.from, message.to)
    else {
      timeline.record(message, at: now, delivered: false)
      return false
    }
    timeline.record(message, at: now, delivered: true)
    return true
  }

  private mutating func handle(_ event: Scheduled) {
    switch event {
    case .deliver(let message, let receiverIncarnation):
      if arrives(message, receiverIncarnation: receiverIncarnation) { deliver(message) }
    case .semiSyncTimeout(let master, let incarnation, let seq):
      semiSyncTimedOut(master: master, incarnation: incarnation, seq: seq)
    case .ship(let master, let replica, let incarnation):
      ship(from: master, to: replica, incarnation: incarnation)
    case .applyTick(let node, let incarnation):
      applyTick(node, incarnation: incarnation)
    case .loadWrite(let id):
      loadWrite(id)
    case .connectionBroken(let from, let to, let incarnations, let retransmissions):
      connectionBroken(from: from, to: to, incarnations: incarnations, retransmissions: retransmissions)
    case .replconfAck:
      replconfAckTick()
    case .senderTimeout(let master, let replica, let replicaIncarnation):
      senderTimedOut(master: master, replica: replica, replicaIncarnation: replicaIncarnation)
    case .positionWrite(let node, let incarnation):
      writePositionFile(node, incarnation: incarnation)
    case .workerDone(let node, let seq, let generation):
      workerDone(node, seq: seq, generation: generation)
    case .control:
      preconditionFailure("control timers go back to the control plane")
    }
  }

  private mutating func deliver(_ message: Message) {
    switch message.body {
    case .entries(let epoch, let rewindTo, let entries):
      replicaReceive(from: message.from, at: message.to, epoch: epoch, rewindTo: rewindTo, entries: entries)
    case .hello(let lastSeq, let applied, let history):
      masterHello(from: message.from, at: message.to, lastSeq: lastSeq, applied: applied, history: history)
    case .ack(let received, let applied, let epoch):
      masterAck(from: message.from, at: message.to, received: received, applied: applied, epoch: epoch)
    case .reconnect(let epoch):
      let name = message.to
      guard nodes[name]?.role == .replica, epoch >= nodes[name]!.epoch else { return }
      nodes[name]!.masterName = message.from
      nodes[name]!.epoch = epoch
      sendHello(from: name, to: message.from)
    case .control:
      preconditionFailure("control messages go back to the control plane")
    case .snapshot(let epoch, let seq, let data, let history):
      replicaLoadSnapshot(from: message.from, at: message.to, epoch: epoch, seq: seq, data: data, history: history)
    case .logPurged(let needed, let oldest):
      replicaLogPurged(from: message.from, at: message.to, needed: needed, oldest: oldest)
    case .snapshotRequest:
      guard nodes[message.to]?.role == .master else { return }
      sendSnapshot(from: message.to, to: message.from, needed: nil)
    }
  }
}

extension DataPlane.Scheduled {
  /// Whether `settle` waits for this event.
  package var isWork: Bool {
    switch self {
    case .deliver(let message, _): message.body.isWork
    case .ship, .applyTick, .loadWrite, .connectionBroken, .positionWrite, .workerDone: true
    case .semiSyncTimeout, .control, .replconfAck, .senderTimeout: false
    }
  }
}
