import ReplLabKernel
extension DataPlane {
  /// TCP's minimum retransmission timeout on Linux: how long a lost replication packet waits before
  /// it is sent again.
  package static let retransmitTimeout: SimTime = 200

  /// The incarnation a message records for its sender or receiver: a node's current life, or 0 for
  /// the control plane's endpoints (orchestrator, client, proxy), which never crash. Nil for a name
  /// that is neither.
  package func incarnation(of endpoint: String) -> Int? {
    if let n = nodes[endpoint] { return n.incarnation }
    return endpoints.contains(endpoint) ? 0 : nil
  }

  /// Whether `endpoint` is still the same live process that a message was addressed to or sent by.
  package func isAlive(_ endpoint: String, incarnation: Int) -> Bool {
    if let n = nodes[endpoint] { return n.isUp && n.incarnation == incarnation }
    return endpoints.contains(endpoint)
  }

  /// When `message` arrives, or nil when it is lost: a cut link loses everything, loss loses
  /// datagrams, and a lost replication packet is retransmitted after `retransmitTimeout` (up to 8
  /// times) as TCP would.
  package mutating func deliveryTime(of message: Message, transfer: SimTime = 0) -> SimTime? {
    if message.from != message.to && network.isCut(message.from, message.to) { return nil }
    var sendAt = now
    for _ in 0..<8 {
      if let t = network.deliveryTime(from: message.from, to: message.to, now: sendAt, transfer: transfer, random: &random) { return t }
      guard message.body.isReliable else { return nil }
      sendAt += Self.retransmitTimeout
    }
    return nil
  }

  /// Every endpoint a partition can name: the nodes, then the orchestrator, the client and the proxy.
  public var endpointNames: [String] { nodeNames + endpoints }
}
