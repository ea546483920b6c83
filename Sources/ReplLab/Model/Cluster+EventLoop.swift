extension Cluster {
  /// Puts a message on the network; it arrives after the link's latency unless the link is cut, the
  /// network drops it, or either end crashes first. Endpoints are nodes or the control plane's
  /// orchestrator and client (see `incarnation(of:)`).
  mutating func send(_ body: Message.Body, from: String, to: String) {
    guard let senderIncarnation = incarnation(of: from), let receiverIncarnation = incarnation(of: to) else { return }
    let message = Message(from: from, to: to, senderIncarnation: senderIncarnation, sentAt: now, body: body)
    guard let at = deliveryTime(of: message) else {
      control.timeline.record(message, at: now, delivered: false)
      return
    }
    queue.schedule(.deliver(message, receiverIncarnation: receiverIncarnation), at: at)
    if body.isWork { messagesInFlight += 1 }
  }

  /// Runs events in time order until `done` holds or the next event is later than `limit`.
  /// Returns whether `done` held; the clock ends at the last event run, or at `limit` if nothing
  /// stopped it early.
  @discardableResult
  mutating func run(until limit: SimTime, stopWhen done: (Cluster) -> Bool = { _ in false }) -> Bool {
    while !done(self) {
      guard let next = queue.nextTime, next <= limit else {
        now = max(now, limit)
        return false
      }
      let (time, event) = queue.popNext()!
      now = time
      handle(event)
    }
    return true
  }

  /// `wait DURATION`: runs everything due in the next `ms` milliseconds.
  public mutating func advance(by ms: SimTime) {
    run(until: now + ms)
  }

  /// `settle`: runs until no message is in flight, for at most `limit` ms of simulated time.
  /// Returns whether the network went quiet.
  @discardableResult
  public mutating func settle(limit: SimTime = 3_600_000) -> Bool {
    run(until: now + limit, stopWhen: { $0.messagesInFlight == 0 })
  }

  private mutating func handle(_ event: Scheduled) {
    switch event {
    case .deliver(let message, let receiverIncarnation):
      if message.body.isWork { messagesInFlight -= 1 }
      // A crash loses what the sender had not delivered and what the receiver had not read; a
      // partition loses what was on the wire when the link was cut.
      guard isAlive(message.from, incarnation: message.senderIncarnation),
        isAlive(message.to, incarnation: receiverIncarnation),
        !network.isCut(message.from, message.to)
      else {
        control.timeline.record(message, at: now, delivered: false)
        return
      }
      control.timeline.record(message, at: now, delivered: true)
      deliver(message)
    case .semiSyncTimeout(let master, let incarnation, let seq):
      semiSyncTimedOut(master: master, incarnation: incarnation, seq: seq)
    case .control(let timer):
      fire(timer)
    }
  }

  private mutating func deliver(_ message: Message) {
    switch message.body {
    case .entries(let epoch, let rewindTo, let entries):
      replicaReceive(from: message.from, at: message.to, epoch: epoch, rewindTo: rewindTo, entries: entries)
    case .hello(let lastSeq, let history):
      masterHello(from: message.from, at: message.to, lastSeq: lastSeq, history: history)
    case .ack(let received, let applied):
      masterAck(from: message.from, at: message.to, received: received, applied: applied)
    case .reconnect(let epoch):
      guard var node = nodes[message.to], node.role == .replica, epoch >= node.epoch else { return }
      node.masterName = message.from
      node.epoch = epoch
      nodes[node.name] = node
      send(.hello(lastSeq: node.log.lastSeq, history: node.log.history), from: node.name, to: message.from)
    case .control(let body):
      deliverControl(body, from: message.from, to: message.to)
    }
  }
}
