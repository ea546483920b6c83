import ReplLabKernel

/// Bookkeeping for checkers that judge the simulation from outside (the stress tests): which writes
/// were acknowledged and which nodes held them then, who wrote in which epoch, and where each epoch's
/// timeline forked off. It is off unless `DataPlane.startAudit()` turned it on, so a learner's session
/// pays one flag test per write; a checker empties `events` after every command with `drainAudit()`.
public struct Audit: Sendable {
  /// Something a checker needs to see in the order it happened.
  public enum Event: Sendable {
    case acknowledged(Acknowledgement)
    case promoted(Promotion)
  }

  /// A write the master acknowledged to its client with replicas (or a standby) holding it.
  public struct Acknowledgement: Sendable, Equatable {
    public let seq: Int
    /// The epoch the entry was written in.
    public let epoch: Int
    public let master: String
    /// The mode the client waited under.
    public let mode: SyncMode
    /// Semi-sync was in force when the write was acknowledged (it had not fallen back to async).
    public let semiSyncOn: Bool
    public let waitPoint: SemiSyncSettings.WaitPoint
    /// The nodes whose acknowledgements released it: each had received the write by then.
    public let by: [String]
    /// Too few synchronous standbys were connected and `sync-fallback async` let it through.
    public let degraded: Bool
    public let at: SimTime
  }

  /// A node became master.
  public struct Promotion: Sendable, Equatable {
    public let node: String
    public let epoch: Int
    /// The node's log when it took over (after applying its relay log, before the new epoch began).
    public let lastSeq: Int
    public let history: [ReplicationLog.EpochStart]
    public let at: SimTime
    /// Other live nodes still acting as master at that instant, able to take writes (a lease must
    /// keep this empty).
    public var alsoActing: [String] = []
  }

  public internal(set) var isOn = false
  /// Acknowledgements and promotions since the last drain, oldest first.
  public internal(set) var events: [Event] = []
  /// Every node that appended a client write in each epoch; fencing keeps this to one per epoch.
  public internal(set) var writers: [Int: [String]] = [:]
  /// Each epoch's timeline: the history of its master's log when the epoch began, ending with it.
  public internal(set) var timelines: [Int: [ReplicationLog.EpochStart]] = [1: [.init(epoch: 1, firstSeq: 1)]]

  public init() {}

  package mutating func wrote(epoch: Int, on node: String) {
    if writers[epoch]?.contains(node) == true { return }
    writers[epoch, default: []].append(node)
  }
}

extension DataPlane {
  /// Starts recording acknowledgements, writers and timelines for an outside checker.
  public mutating func startAudit() { audit.isOn = true }

  /// Takes the acknowledgements and promotions recorded since the last call.
  public mutating func drainAudit() -> [Audit.Event] {
    defer { audit.events.removeAll(keepingCapacity: true) }
    return audit.events
  }

  /// Events queued in the simulation (messages, timers, senders), for digests of the whole state.
  public var scheduledEvents: Int { queue.count }
}
