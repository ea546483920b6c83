import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// A named client of the cluster: where its reads go, which guarantees it keeps and how, and what it
/// has written and seen so far (its session).
public struct ClientSession: Sendable {
  public let name: String
  public internal(set) var reads: ReadPolicy = .master
  /// The sticky replica, while `reads` is `.sticky`.
  public internal(set) var stickyReplica: String?
  /// How each guarantee is kept; `.off` when the client does not ask for it.
  public internal(set) var fixes: [Guarantee: Fix] = [:]
  /// How long a waiting fix waits for a replica before the read gives up.
  public internal(set) var timeout: SimTime = ClientSession.defaultTimeout
  /// Whether the lab says so when one of this client's reads breaks a guarantee.
  public internal(set) var warnings = true
  /// How far the wall clock of the app server this client runs on is off true time (`clock NAME
  /// OFFSET`): read-your-writes' window and last-write-wins timestamps read this clock.
  public internal(set) var clockOffset: SimTime = 0

  // MARK: What the session remembers

  /// Seq and time of the client's last acknowledged write: the read-your-writes token. The time is
  /// the client's wall clock (true time plus `clockOffset` when it wrote), as Rails keeps it in the
  /// session for its DatabaseSelector.
  public internal(set) var lastWrite: (seq: Int, time: SimTime)?
  /// Keys the client has written, for `read-your-writes master`.
  public internal(set) var writtenKeys: Set<String> = []
  /// The highest applied position of any node that answered this client: the monotonic-reads token.
  public internal(set) var highestPosition = 0
  /// The newest write (seq) among the values this client has read: what it depends on, the
  /// consistent-prefix token.
  public internal(set) var newestSeen = 0
  /// Which replica round-robin picks next.
  package var turn = 0

  // MARK: What it cost

  public internal(set) var stats = Stats()

  /// Counts behind `clients`: what the client's reads cost and how often they broke a guarantee.
  public struct Stats: Sendable, Equatable {
    public var writes = 0
    public var reads = 0
    /// Reads the master answered.
    public var masterReads = 0
    /// Reads a fix sent to the master, which the policy would have sent to a replica.
    public var redirected = 0
    /// Reads a refusing replica passed to another node.
    public var refused = 0
    /// Simulated time spent waiting for replicas, in total.
    public var waited: SimTime = 0
    /// Reads that gave up waiting.
    public var timedOut = 0
    /// Reads that broke a guarantee.
    public var broken = 0
  }

  /// 5 s: long enough for ordinary lag, short enough that a stuck replica does not hang a lesson.
  public static let defaultTimeout: SimTime = 5_000

  public init(name: String, warnings: Bool = true) {
    self.name = name
    self.warnings = warnings
  }

  /// How the client keeps `g`; `.off` when it does not ask for it.
  public func fix(for g: Guarantee) -> Fix { fixes[g] ?? .off }

  /// The guarantees the client asks for, in their usual order.
  public var guarantees: [Guarantee] { Guarantee.allCases.filter { fix(for: $0) != .off } }

  /// Whether some guarantee is kept by sticking to one replica.
  package var keepsSticky: Bool { Guarantee.allCases.contains { fix(for: $0) == .sticky } }

  /// Forgets what the session saw and wrote (the cluster was reset); settings stay.
  package mutating func forgetProgress() {
    lastWrite = nil
    writtenKeys = []
    highestPosition = 0
    newestSeen = 0
    turn = 0
    stats = Stats()
  }
}
