import ReplLabKernel

extension DataPlane {
  /// Linux's TCP retransmission timeout: the first retransmission of a lost packet waits TCP_RTO_MIN
  /// (200 ms), each further one twice as long, up to TCP_RTO_MAX (120 s).
  package static let retransmitTimeout: SimTime = 200
  package static let maxRetransmitTimeout: SimTime = 120_000
  /// tcp_retries2's default: after 15 retransmissions (about 15 minutes of backing off) TCP gives
  /// the connection up.
  package static let maxRetransmissions = 15

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

  /// Whether a message sent by this life of `endpoint` still leaves it: the sender is alive, or only
  /// its process died and its kernel delivers what it had been handed.
  package func stillSends(_ endpoint: String, incarnation: Int) -> Bool {
    if let n = nodes[endpoint], !n.isUp, n.flushingIncarnation == incarnation { return true }
    return isAlive(endpoint, incarnation: incarnation)
  }

  /// What the network does with a message sent now.
  package enum Delivery {
    case arrives(SimTime)
    /// A cut link, or a lost datagram (heartbeats, votes, announcements).
    case lost
    /// A replication packet lost `retransmissions + 1` times in a row: TCP gives the connection up
    /// at the returned time.
    case broken(at: SimTime, retransmissions: Int)
  }

  /// When `message` arrives: a cut link loses everything and loss loses datagrams, while a lost
  /// replication packet is retransmitted with TCP's exponential back-off until it gets through or
  /// TCP gives the connection up.
  package mutating func delivery(of message: Message, transfer: SimTime = 0) -> Delivery {
    if message.from != message.to && network.isCut(message.from, message.to) { return .lost }
    var sendAt = now
    var timeout = Self.retransmitTimeout
    for _ in 0...Self.maxRetransmissions {
      if let t = network.deliveryTime(
        from: message.from, to: message.to, now: sendAt, transfer: transfer, random: &random)
      {
        return .arrives(t)
      }
      guard message.body.isReliable else { return .lost }
      sendAt += timeout
      timeout = min(timeout * 2, Self.maxRetransmitTimeout)
    }
    return .broken(at: sendAt, retransmissions: Self.maxRetransmissions)
  }

  /// TCP gave up on a replication connection: the replica notices and connects to its master again
  /// (MySQL's SOURCE_CONNECT_RETRY, PostgreSQL's wal_retrieve_retry_interval), asking for what it
  /// lacks, so replication never stops without a word.
  package mutating func connectionBroken(from a: String, to b: String, incarnations: (Int, Int), retransmissions: Int) {
    guard isAlive(a, incarnation: incarnations.0), isAlive(b, incarnation: incarnations.1) else { return }
    let (replica, master): (String, String)
    if nodes[b]?.role == .replica, nodes[b]?.masterName == a {
      (replica, master) = (b, a)
    } else if nodes[a]?.role == .replica, nodes[a]?.masterName == b {
      (replica, master) = (a, b)
    } else {
      return
    }
    let syncBefore = syncSetSnapshot()
    nodes[master]?.replicas[replica]?.connected = false
    noteSyncSetChange(from: syncBefore)
    note(.connectionBroken(replica: replica, master: master, retransmissions: retransmissions))
    // A cut link is the partition's business: the replica reconnects when it heals.
    guard !network.isCut(replica, master) else { return }
    reconnect(replica, to: master)
  }

  /// The sender to a replica whose host died gave up (wal_sender_timeout): the master no longer
  /// counts it as connected, and FIRST n picks the next standby. A replica that came back since has
  /// a new connection, which this does not touch.
  package mutating func senderTimedOut(master: String, replica: String, replicaIncarnation: Int) {
    guard let r = nodes[replica], !r.isUp, r.incarnation == replicaIncarnation,
      nodes[master]?.replicas[replica]?.connected == true
    else { return }
    let syncBefore = syncSetSnapshot()
    nodes[master]!.replicas[replica]!.connected = false
    // Only a synchronous commit waits on that connection; otherwise nothing changes worth a line.
    if syncMode == .sync { note(.senderTimedOut(replica: replica, master: master, after: Self.senderTimeout)) }
    noteSyncSetChange(from: syncBefore)
  }

  /// A replica connects to its master again after losing the connection: it asks for the snapshot
  /// it still waits for, or says hello with where its log ends.
  package mutating func reconnect(_ replica: String, to master: String) {
    if nodes[replica]!.awaitingSnapshot {
      send(.snapshotRequest, from: replica, to: master)
    } else {
      sendHello(from: replica, to: master)
    }
  }

  /// Every endpoint a partition can name: the nodes, then the orchestrator, the client and the proxy.
  public var endpointNames: [String] { nodeNames + endpoints }
}
