import ReplLabKernel
import ReplLabModel

/// The consensus regime (Raft, a MongoDB replica set): no outside manager. The primary sends every
/// member a heartbeat each `heartbeatInterval`; a member that hears from no primary for its
/// randomised election timeout stands as candidate in a new term; a majority of votes makes it
/// primary. Terms are the data plane's epochs: a primary elected in term T writes in epoch T.
///
/// The rules, as in the Raft paper (section 5) and MongoDB's protocol version 1: every message
/// carries the sender's term, and a receiver that sees a newer one adopts it (a primary steps
/// down); one vote per term; a vote only for a candidate whose last entry has a newer term, or the
/// same term and at least the same index; candidates keep standing, a new term on each timeout,
/// until one wins; a primary that has not heard from a majority within an election timeout steps
/// down (check-quorum).
public struct ConsensusGroup: Sendable {
  /// MongoDB's electionTimeoutMillis default.
  public static let defaultElectionTimeout: SimTime = 10_000
  /// MongoDB's heartbeatIntervalMillis default.
  public static let defaultHeartbeatInterval: SimTime = 2_000
  /// The random offset added to every election timeout is up to this share of it (in per cent),
  /// so that members rarely stand at once.
  public static let offsetPercent: SimTime = 15

  /// One member's view of the group.
  public struct Member: Sendable, Equatable {
    /// The newest term it has seen.
    public internal(set) var term = 0
    /// Whom it voted for in `term`.
    public internal(set) var votedFor: String?
    /// The primary it heard from in `term`.
    public internal(set) var leader: String?
    /// Standing in `term`, with the votes gathered so far (its own first).
    public internal(set) var votes: [String]?
    /// In a dry run for `term + 1`, with the members that would vote for it so far (its own first).
    public internal(set) var preVotes: [String]?
    /// When it last heard a primary's heartbeat.
    public internal(set) var heardPrimaryAt: SimTime?
    /// When it last heard from each member (kept by a primary, for check-quorum).
    public internal(set) var heardFrom: [String: SimTime] = [:]
    /// Bumped whenever its election timer restarts, so an older one is ignored.
    package var generation = 0
    /// The timeout last drawn.
    public internal(set) var timeout: SimTime = 0
    /// When its election timer last restarted.
    public internal(set) var since: SimTime = 0
  }

  public internal(set) var electionTimeout = defaultElectionTimeout
  public internal(set) var heartbeatInterval = defaultHeartbeatInterval
  /// Members' priorities (0: never stands). Kept in step with `ControlPlane.priorities`.
  public internal(set) var priorities: [String: Int] = [:]
  public internal(set) var members: [String: Member] = [:]
  /// Where the client's driver (or the proxy) believes the primary is.
  public internal(set) var router = Router()
  /// The write concern last set with `write-concern`, if any: a new primary re-applies majority to
  /// its own set of other members.
  public internal(set) var writeConcern: WriteConcern?
  /// Bumped when the regime starts or stops, so the timers of an earlier run are ignored.
  package var run = 0
  /// Election timers drawn so far: each carries its number, so an older one is ignored.
  package var timersDrawn = 0

  public init() {}

  /// Votes a candidate needs, and members a primary must hear from: a majority of all members, up
  /// or down.
  public static func majority(of data: DataPlane) -> Int { data.nodeNames.count / 2 + 1 }

  /// The term and index of a member's last log entry: what a vote compares.
  public static func lastEntry(_ name: String, in data: DataPlane) -> (term: Int, index: Int) {
    guard let log = data.nodes[name]?.log else { return (0, 0) }
    return (log.epoch(at: log.lastSeq) ?? 0, log.lastSeq)
  }

  /// Whether `name` is a primary in the group's eyes: up, acting as master, leading its own term.
  public func isLeader(_ name: String, in data: DataPlane) -> Bool {
    data.nodes[name]?.isUp == true && data.nodes[name]?.role == .master && members[name]?.leader == name
  }

  /// The members that act as primary now, in name order.
  public func leaders(in data: DataPlane) -> [String] {
    data.nodeNames.filter { isLeader($0, in: data) }
  }
}

extension ConsensusGroup: FailoverRegime {
  public static var endpoints: [String] { [Router.clientName, Router.proxyName] }

  /// Every member starts in the current epoch; the master leads it, and every other member's
  /// election timer starts.
  public mutating func start(in data: inout DataPlane) {
    run += 1
    members = [:]
    let term = data.nodeNames.compactMap { data.nodes[$0]?.epoch }.max() ?? data.epoch
    for name in data.nodeNames {
      var m = Member()
      m.term = max(term, data.epoch)
      if let master = data.masterName, data.nodes[master]?.isUp == true, data.nodes[master]?.role == .master {
        m.leader = master
        if name == master {
          m.votedFor = master
          for other in data.nodeNames { m.heardFrom[other] = data.now }
        }
      }
      members[name] = m
      restartTimer(name, in: &data)
    }
    router.master = data.masterName
    router.epoch = data.nodes[data.masterName ?? ""]?.epoch ?? data.epoch
    data.schedule(.control(ConsensusTimer.heartbeat(node: "", generation: run)), at: data.now + heartbeatInterval)
  }

  public mutating func fire(_ timer: any ControlTimerPayload, in data: inout DataPlane) {
    guard let t = timer as? ConsensusTimer else { preconditionFailure("not a consensus timer: \(timer)") }
    switch t {
    case .heartbeat(_, let generation):
      guard generation == run else { return }
      heartbeatTick(in: &data)
    case .electionTimeout(let node, let generation):
      electionTimedOut(node, generation: generation, in: &data)
    }
  }

  public mutating func deliver(_ signal: any ControlSignal, from: String, to: String, in data: inout DataPlane) {
    guard let m = signal as? ConsensusMessage else { preconditionFailure("not a consensus message: \(signal)") }
    if case .primaryIs(let term) = m {
      driverLearns(primary: from, term: term, at: to, in: &data)
      return
    }
    guard data.nodes[to]?.isUp == true, members[to] != nil else { return }
    switch m {
    case .heartbeat(let term): heartbeatReceived(at: to, from: from, term: term, in: &data)
    case .heartbeatReply(let term): heartbeatReplyReceived(at: to, from: from, term: term, in: &data)
    case .preVote(let term, let lastTerm, let lastIndex):
      preVoteRequested(at: to, by: from, term: term, lastTerm: lastTerm, lastIndex: lastIndex, in: &data)
    case .preVoteReply(let term, let granted):
      preVoteReplyReceived(at: to, from: from, term: term, granted: granted, in: &data)
    case .requestVote(let term, let lastTerm, let lastIndex):
      voteRequested(at: to, by: from, term: term, lastTerm: lastTerm, lastIndex: lastIndex, in: &data)
    case .vote(let term, let granted): voteReceived(at: to, from: from, term: term, granted: granted, in: &data)
    case .primaryIs: break
    }
  }

  public mutating func nodeCrashed(_ name: String, in data: DataPlane) {
    // Memory is lost; the term and the vote are on disk (Raft's persistent state), so they stay.
    members[name]?.votes = nil
    members[name]?.preVotes = nil
    members[name]?.heardPrimaryAt = nil
    members[name]?.heardFrom = [:]
    members[name]?.leader = nil
  }

  /// The primary tells the client at its next heartbeat; nothing else to do.
  public mutating func networkHealed(in data: inout DataPlane) -> Bool {
    guard let m = data.masterName, isLeader(m, in: data), router.master != m else { return false }
    tellDriver(from: m, in: &data)
    return true
  }

  public mutating func stop(in data: inout DataPlane) {
    // Timers still queued carry an older run or generation and are ignored.
    run += 1
    for name in members.keys.sorted() { members[name]!.generation = 0 }
  }

  /// A restarted former primary learns the newer term from the first heartbeat it hears.
  public var fencesReturningMasters: Bool { true }

  public func clientMaster(in data: DataPlane) -> String? { router.master ?? data.masterName }
}
