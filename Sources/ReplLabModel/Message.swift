import ReplLabKernel

/// What travels on the simulated network between nodes.
public struct Message: Sendable {
  public let from: String
  public let to: String
  /// The sender's incarnation when it sent this; a crash loses what it had not delivered.
  public let senderIncarnation: Int
  /// When it was put on the wire (the timeline draws the arrow from here to its arrival).
  public let sentAt: SimTime
  public let body: Body

  public enum Body: Sendable {
    /// Master to replica: entries to store, after rolling back everything past `rewindTo` if set.
    case entries(epoch: Int, rewindTo: Int?, [LogEntry])
    /// Replica to master: "I follow you; my log ends at `lastSeq` with this epoch history, and I have
    /// applied up to `applied`."
    case hello(lastSeq: Int, applied: Int, history: [ReplicationLog.EpochStart])
    /// Replica to master: positions stored and applied, and the epoch of the entry at `received`,
    /// which tells the master whether that position is on its own timeline.
    case ack(received: Int, applied: Int, epoch: Int)
    /// Master to replica after the master restarts: reconnect and say hello.
    case reconnect(epoch: Int)
    /// Master to replica: a consistent copy of the data at `seq`, to start over from.
    case snapshot(epoch: Int, seq: Int, data: KeyValueStore, history: [ReplicationLog.EpochStart])
    /// Master to replica: the log you need was purged and a snapshot is not automatic.
    case logPurged(needed: Int, oldest: Int)
    /// Replica to master: send me a full snapshot (`resync NODE`).
    case snapshotRequest
    /// A control plane's message (heartbeats, votes, promotion orders, announcements): the data plane
    /// carries it without knowing what it means.
    case control(any ControlSignal)
  }
}

/// A control plane's timer, which the data plane's event queue carries in time order with its own.
public protocol ControlTimerPayload: Sendable {}

/// A control plane's message, which travels on the simulated network like replication does.
public protocol ControlSignal: Sendable {
  /// Whether `settle` waits for it: heartbeats never stop coming, so they are not work in flight.
  var isWork: Bool { get }
}

/// What a control plane did, recorded in the journal beside the data plane's events.
public protocol ControlNotice: Sendable {}

extension Message.Body {
  /// Whether `settle` waits for this message.
  package var isWork: Bool {
    if case .control(let signal) = self { return signal.isWork }
    return true
  }

  /// Replication runs over TCP: a lost packet is sent again rather than lost. Control messages are
  /// datagrams in the lab (heartbeats, votes, announcements) and a lost one is gone.
  package var isReliable: Bool {
    if case .control = self { return false }
    return true
  }
}
