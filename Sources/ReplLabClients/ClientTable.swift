import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// The lab's clients: the default client `app`, which plain `set`, `get` and `del` act as, and every
/// client made with `client NAME`; plus the history of everything they did and the checker that
/// watches it.
public struct ClientTable: Sendable {
  /// The client plain `set`/`get`/`del` act as: it reads from the master unless told otherwise, and
  /// stays quiet about broken guarantees (so `get KEY from NODE` reads like a plain node query)
  /// until `client app warnings on`.
  public static let defaultName = "app"
  public static let maxClients = 100
  /// Words a client may not be called, because commands use them after a client name.
  package static let reservedNames: Set<String> = ["all", "check", "clear", "last", "master", "leader", "primary"]

  public internal(set) var sessions: [String: ClientSession] = [:]
  /// Client names in the order they were made, `app` first: the order views use.
  public private(set) var names: [String] = []
  public internal(set) var history = ClientHistory()
  /// Sees every operation as it is recorded, so a broken guarantee is named the moment it happens.
  package var checker: HistoryChecker
  /// `lww on`: every write carries its client's wall clock as its timestamp, and one older than the
  /// key's is discarded (see `ClientTable+Clock.swift`).
  public internal(set) var lastWriteWins = false
  /// Each key's timestamp under `lww on`: the `updated_at` of the write that holds it.
  public internal(set) var stamps: [String: Stamp] = [:]

  /// How a node named in a client command (`from NODE`, `sticky NODE`) is found: the command
  /// language sets this so that role words (`master`) mean what they mean everywhere else.
  public var resolveNode: @Sendable (String, Cluster) throws(ClusterError) -> String = { name, c throws(ClusterError) in
    try c.data.existingNode(name)
  }

  public init(historyCapacity: Int = ClientHistory.defaultCapacity) {
    history = ClientHistory(capacity: historyCapacity)
    checker = HistoryChecker(window: historyCapacity)
    add(ClientSession(name: Self.defaultName, warnings: false))
  }

  private mutating func add(_ session: ClientSession) {
    sessions[session.name] = session
    names.append(session.name)
  }

  /// Every client, `app` first, then in the order they were made.
  public var orderedSessions: [ClientSession] { names.compactMap { sessions[$0] } }

  /// The client called `name` (any case), or an error that lists the clients there are.
  public func session(_ name: String) throws(ClientError) -> ClientSession {
    guard let s = sessions[name.lowercased()] else { throw .unknownClient(name, known: names) }
    return s
  }

  /// `reset`: a new cluster, so what the sessions saw and wrote means nothing any more; settings
  /// stay (a sticky replica that no longer exists is replaced on the next read).
  package mutating func clusterWasReset() {
    for name in names { sessions[name]!.forgetProgress() }
    stamps = [:]
    history.clear()
    checker = HistoryChecker(window: history.capacity)
  }

  /// `ops clear`: starts a new history; the checker forgets the old one too.
  public mutating func clearHistory() {
    history.clear()
    checker = HistoryChecker(window: history.capacity)
  }

  // MARK: client NAME SETTING...

  /// Creates `name` if it is new, then applies `settings` in order. Every setting is checked before
  /// any takes effect.
  public mutating func configure(_ rawName: String, _ settings: [ClientSetting], in cluster: Cluster)
    throws(ClientError) -> ClientConfigOutcome
  {
    let name = rawName.lowercased()
    let created = sessions[name] == nil
    if created {
      if cluster.nodes.contains(name) { throw .nameIsNode(name) }
      if names.count >= Self.maxClients { throw .tooManyClients(Self.maxClients) }
    }
    var s = sessions[name] ?? ClientSession(name: name)
    var changes: [ClientChange] = []
    for setting in settings {
      switch setting {
      case .reads(let policy, let node):
        var hashed = false
        var dropped: [Guarantee] = []
        if policy == .sticky {
          let pin = try stickyReplica(for: s, named: node, in: cluster)
          hashed = node == nil
          s.stickyReplica = pin
        } else {
          s.stickyReplica = nil
          dropped = Guarantee.allCases.filter { s.fix(for: $0) == .sticky }
          for g in dropped { s.fixes[g] = .off }
        }
        s.reads = policy
        changes.append(.reads(policy, sticky: s.stickyReplica, hashed: hashed))
        if !dropped.isEmpty { changes.append(.stickyFixesOff(dropped)) }
      case .fix(let g, let fix, let node):
        var hashed = false
        if fix == .sticky {
          // Keep the replica the client already sticks to, unless another is named.
          let keep =
            node == nil && s.reads == .sticky && s.stickyReplica.map { cluster.liveReplicas.contains($0) } == true
          let pin = keep ? s.stickyReplica! : try stickyReplica(for: s, named: node, in: cluster)
          hashed = node == nil && !keep
          s.reads = .sticky
          s.stickyReplica = pin
        }
        s.fixes[g] = fix
        changes.append(.fix(g, fix, sticky: fix == .sticky ? s.stickyReplica : nil, hashed: hashed))
      case .timeout(let ms):
        s.timeout = ms
        changes.append(.timeout(ms))
      case .warnings(let on):
        s.warnings = on
        changes.append(.warnings(on))
      }
    }
    if created { add(s) } else { sessions[name] = s }
    return ClientConfigOutcome(session: s, created: created, changes: changes)
  }

  /// The replica a client sticks to: the named one, checked, or one picked from a hash of the
  /// client's name (as DDIA suggests: the same user always lands on the same replica).
  package func stickyReplica(for s: ClientSession, named node: String?, in cluster: Cluster) throws(ClientError)
    -> String
  {
    if let node {
      let name: String
      do { name = try resolveNode(node, cluster) } catch { throw .badStickyReplica(node, reason: .notANode(error)) }
      if name == cluster.masterName {
        throw .badStickyReplica(name, reason: .isMaster(client: s.name))
      }
      guard cluster.nodes[name]?.isUp == true else {
        let live = cluster.liveReplicas
        throw .badStickyReplica(name, reason: .down(live: live))
      }
      guard cluster.liveReplicas.contains(name) else {
        throw .badStickyReplica(name, reason: .notFollowing(master: cluster.masterName))
      }
      return name
    }
    guard let pick = Self.hashPick(s.name, among: cluster.liveReplicas) else { throw .noReplicaToStick(client: s.name) }
    return pick
  }

  /// FNV-1a of the client's name picks a replica: stable from run to run, unlike Swift's `Hasher`,
  /// which is seeded per process.
  package static func hashPick(_ name: String, among replicas: [String]) -> String? {
    guard !replicas.isEmpty else { return nil }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in name.utf8 {
      h ^= UInt64(b)
      h = h &* 0x0000_0100_0000_01b3
    }
    return replicas[Int(h % UInt64(replicas.count))]
  }

  // MARK: as NAME set|del

  /// A client's write: it always goes to the master. An acknowledged write becomes the client's
  /// read-your-writes token.
  public mutating func write(_ rawName: String, key: String, expression: Expression?, in cluster: inout Cluster) throws
    -> ClientWriteOutcome
  {
    let name = rawName.lowercased()
    guard sessions[name] != nil else { throw ClientError.unknownClient(rawName, known: names) }
    let w = try cluster.write(key, expression)
    // The value the master stored: a function such as rand() is evaluated there.
    var value: String?
    if case .set(_, let stored)? = cluster.nodes[w.master]?.log.entry(w.seq)?.op { value = stored }
    let acknowledged: Bool
    switch w.result {
    case .immediate, .acknowledged, .fellBack, .splitBrain: acknowledged = true
    case .blocked, .cutOff: acknowledged = false
    }
    let op = history.record(
      client: name, time: cluster.now, key: key, node: w.master,
      kind: .write(value: value, seq: w.seq, epoch: w.epoch, acknowledged: acknowledged))
    _ = checker.observe(op)
    func update(_ s: inout ClientSession, now: SimTime) {
      s.stats.writes += 1
      if acknowledged {
        s.lastWrite = (w.seq, now + s.clockOffset)
        s.writtenKeys.insert(key)
      }
    }
    // One lookup of the session, changed in place.
    update(&sessions[name]!, now: cluster.now)
    if lastWriteWins {
      stamps[key] = Stamp(time: cluster.now + sessions[name]!.clockOffset, client: name, trueTime: cluster.now)
    }
    return ClientWriteOutcome(client: name, write: w, operation: op)
  }
}
