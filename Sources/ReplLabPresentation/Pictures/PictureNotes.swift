import DequeModule
import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// What the pictures need that the timeline does not keep: each typed write from invocation to
/// acknowledgement, the writes an old master rolled back, and changes of sync state, each with the
/// sentence the REPL printed. The interpreter hands every command's events and writes here; it keeps
/// the newest `capacity` of each kind, so a long session does not grow without bound.
public struct PictureNotes: Sendable {
  public static let capacity = 5000

  /// One client write: invoked at `invoked`, answered (or not) as `end` says.
  public struct Write: Sendable, Equatable {
    public enum End: Sendable, Equatable {
      /// Acknowledged at `at`; `waited` is nonzero when the client waited for replicas.
      case acknowledged(at: SimTime)
      /// Semi-sync timed out at `at` and the master acknowledged it alone.
      case fellBack(at: SimTime)
      /// Still waiting when the command returned (a later event may acknowledge it).
      case waiting
      /// The master crashed while the client waited.
      case cutOff(at: SimTime)
    }
    public let seq: Int
    public let epoch: Int
    public let master: String
    public let mode: SyncMode
    public let invoked: SimTime
    public var end: End
    /// What the REPL answered.
    public let sentence: String
  }

  /// Entries a node threw away when it followed a master whose history differs.
  public struct Rollback: Sendable, Equatable {
    public let time: SimTime
    public let node: String
    public let master: String
    public let discarded: [WriteID]
    public let sentence: String
  }

  /// A change of the master's sync state (semi-sync off or on, synchronous standbys degraded,
  /// restored or changed).
  public struct SyncChange: Sendable, Equatable {
    public let time: SimTime
    public let master: String
    /// Whether writes wait for replicas again after this change.
    public let waits: Bool
    public let sentence: String
  }

  public private(set) var writes: Deque<Write> = []
  public private(set) var rollbacks: Deque<Rollback> = []
  public private(set) var syncChanges: Deque<SyncChange> = []

  public init() {}

  /// A `set`, `del` or `incr` the interpreter ran, invoked at `invoked`, answered with `sentence`.
  public mutating func wrote(_ w: WriteOutcome, invoked: SimTime, sentence: String) {
    let end: Write.End
    switch w.result {
    case .immediate, .splitBrain: end = .acknowledged(at: invoked)
    case .acknowledged(let waited, _, _): end = .acknowledged(at: invoked + waited)
    case .fellBack(let waited): end = .fellBack(at: invoked + waited)
    case .blocked: end = .waiting
    case .cutOff: end = .cutOff(at: invoked)
    }
    writes.append(
      Write(seq: w.seq, epoch: w.epoch, master: w.master, mode: w.mode, invoked: invoked, end: end, sentence: sentence))
    if writes.count > Self.capacity { writes.removeFirst(writes.count - Self.capacity) }
  }

  /// The events of one command, as the interpreter drained them.
  public mutating func observe(_ events: [ClusterEvent], in c: Cluster) {
    for e in events {
      switch e.what {
      case .rolledBack(let node, let master, let discarded):
        rollbacks.append(
          Rollback(
            time: e.time, node: node, master: master, discarded: discarded.map(WriteID.init),
            sentence: Explain.event(e, in: c)))
      case .lateAcknowledgement(let seq, _, _, _, _):
        settle(seq, .acknowledged(at: e.time))
      case .clientCutOff(let master, let seqs):
        for s in seqs { settle(s, .cutOff(at: e.time), on: master) }
      case .semiSyncOff(let master, let seq, _):
        settle(seq, .fellBack(at: e.time), on: master)
        syncChanges.append(SyncChange(time: e.time, master: master, waits: false, sentence: Explain.event(e, in: c)))
      case .syncDegraded(let master, _):
        syncChanges.append(SyncChange(time: e.time, master: master, waits: false, sentence: Explain.event(e, in: c)))
      case .semiSyncOn(let master, _, _), .syncRestored(let master, _), .syncStandbysChanged(let master, _, _):
        syncChanges.append(SyncChange(time: e.time, master: master, waits: true, sentence: Explain.event(e, in: c)))
      default:
        break
      }
    }
    if rollbacks.count > Self.capacity { rollbacks.removeFirst(rollbacks.count - Self.capacity) }
    if syncChanges.count > Self.capacity { syncChanges.removeFirst(syncChanges.count - Self.capacity) }
  }

  /// Ends a write that was still waiting.
  private mutating func settle(_ seq: Int, _ end: Write.End, on master: String? = nil) {
    guard
      let i = writes.lastIndex(where: { $0.seq == seq && $0.end == .waiting && (master == nil || $0.master == master) })
    else { return }
    writes[i].end = end
  }
}
