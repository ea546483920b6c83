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
      let entry = queue.popEntry()!
      var event = entry.payload
      eventsRun &+= 1
      now = entry.time
      if event.isWork { messagesInFlight -= 1 }
      if armedMessageFault != nil || probe != nil, case .deliver(let message, let incarnation) = event,
        wouldArrive(message, receiverIncarnation: incarnation)
      {
        if probe != nil {
          let noted = DeliveryProbe(event: eventsRun, reorderable: reorderPartner(of: message) != nil)
          probe!.append(noted)
        }
        if let fault = armedMessageFault {
          armedMessageFault = nil
          guard let instead = hit(fault, on: entry) else { continue }
          event = instead
        }
      }
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
    guard wouldArrive(message, receiverIncarnation: receiverIncarnation) else {
      timeline.record(message, at: now, delivered: false)
      return false
    }
    timeline.record(message, at: now, delivered: true)
    return true
  }

  /// Whether a message due now would reach its receiver (see `arrives`).
  private func wouldArrive(_ message: Message, receiverIncarnation: Int) -> Bool {
    stillSends(message.from, incarnation: message.senderIncarnation)
      && isAlive(message.to, incarnation: receiverIncarnation) && !network.isCut(message.from, message.to)
  }

  /// The queued message due at this same instant on another link that would arrive too: what a
  /// reorder swaps `message` with. Messages on one link keep their order, as a stream does.
  private func reorderPartner(of message: Message) -> EventQueue<Scheduled>.Entry? {
    let link = Network.Link(message.from, message.to)
    return queue.earliest { event in
      guard case .deliver(let m, let incarnation) = event else { return false }
      return Network.Link(m.from, m.to) != link && wouldArrive(m, receiverIncarnation: incarnation)
    }.flatMap { $0.time == now ? $0 : nil }
  }

  /// Runs an armed message fault on `entry`, a message that would arrive now. Returns the event to
  /// run in its place: the message that overtakes it, or nil when nothing arrives now.
  private mutating func hit(_ fault: MessageFault, on entry: EventQueue<Scheduled>.Entry) -> Scheduled? {
    guard case .deliver(let message, _) = entry.payload else { return entry.payload }
    switch fault {
    case .lose:
      timeline.record(message, at: now, delivered: false)
      guard message.body.isReliable else {
        messageFaultHits.append(
          MessageFaultHit(fault: fault, time: now, message: message, overtaker: nil, retransmittedAt: nil, heldBack: 0))
        note(.messageFault(messageFaultHits.last!))
        return nil
      }
      // TCP sends the segment again after its timeout; what follows on the link waits behind it.
      let again = now + Self.retransmitTimeout
      let link = Network.Link(message.from, message.to)
      let behind = queue.earliest(Int.max) { event in
        guard case .deliver(let m, _) = event else { return false }
        return m.body.isReliable && Network.Link(m.from, m.to) == link
      }.filter { $0.time < again }
      for e in behind {
        queue.remove(order: e.order)
        queue.insert(e.payload, at: again, order: e.order)
      }
      queue.insert(entry.payload, at: again, order: entry.order)
      if entry.payload.isWork { messagesInFlight += 1 }
      network.hold(message.from, message.to, until: again)
      messageFaultHits.append(
        MessageFaultHit(
          fault: fault, time: now, message: message, overtaker: nil, retransmittedAt: again, heldBack: behind.count))
      note(.messageFault(messageFaultHits.last!))
      return nil
    case .reorder:
      guard let other = reorderPartner(of: message), case .deliver(let overtaker, _) = other.payload else {
        messageFaultHits.append(
          MessageFaultHit(fault: fault, time: now, message: message, overtaker: nil, retransmittedAt: nil, heldBack: 0))
        note(.messageFault(messageFaultHits.last!))
        return entry.payload
      }
      queue.remove(order: other.order)
      queue.insert(entry.payload, at: now, order: other.order)
      if entry.payload.isWork { messagesInFlight += 1 }
      if other.payload.isWork { messagesInFlight -= 1 }
      messageFaultHits.append(
        MessageFaultHit(
          fault: fault, time: now, message: message, overtaker: overtaker, retransmittedAt: nil, heldBack: 0))
      note(.messageFault(messageFaultHits.last!))
      return other.payload
    }
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
