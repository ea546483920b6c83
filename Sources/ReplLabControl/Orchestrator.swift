import ReplLabKernel
import ReplLabModel

/// The orchestrator's memory: when it last heard from each node, what the node said about itself,
/// which nodes it suspects, and the failover it is running, if any. It is a separate process (the
/// lab calls it `orch`) that reaches the nodes over the same simulated network.
public struct Orchestrator: Sendable {
  /// What a node said about itself in its last heartbeat.
  public struct Report: Sendable, Equatable {
    public let epoch: Int
    public let isMaster: Bool
    public let master: String?
    public let lastSeq: Int
  }

  /// The orchestrator's view of one node.
  public struct Watch: Sendable {
    /// When the last heartbeat arrived (or when watching started).
    public internal(set) var lastArrival: SimTime
    public internal(set) var history: HeartbeatHistory
    /// Bumped by every heartbeat, so an older detector deadline is ignored.
    package var generation = 0
    /// Since when the node has been suspected dead, if it is.
    public internal(set) var suspectedAt: SimTime?
    public internal(set) var report: Report?
    /// How many heartbeats have arrived.
    public internal(set) var heartbeats = 0
  }

  /// A failover in progress.
  package struct Run: Sendable {
    package let id: Int
    package let method: ElectionMethod
    package let oldMaster: String
    package let detectedAt: SimTime
    /// When the old master really stopped taking writes (it crashed), if it did.
    package let crashedAt: SimTime?
    package var newMaster: String?
    package var promotedAt: SimTime?
  }

  /// How long the orchestrator waits for an election to produce a master before giving up.
  public static let failoverDeadline: SimTime = 10_000

  public internal(set) var watches: [String: Watch] = [:]
  package var run: Run?
  package var nextRun = 1
  /// When the last automatic failover completed (anti-flapping).
  public internal(set) var lastAutoFailover: SimTime?
  /// When each node last crashed: what the lab knows and the orchestrator does not, used to say how
  /// long detection really took.
  package var crashedAt: [String: SimTime] = [:]
  /// Stray masters already reported as split brain, so the warning is printed once.
  package var splitBrainReported: Set<String> = []
  /// Whether a heartbeat tick is in the queue; it stops rescheduling itself when another regime
  /// runs the cluster.
  package var ticking = false

  /// Nodes currently suspected, in `order`.
  public func suspected(in order: [String]) -> [String] {
    order.filter { watches[$0]?.suspectedAt != nil }
  }

  /// Whether a failover is under way.
  public var isFailingOver: Bool { run != nil }
}
