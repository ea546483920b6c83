import ReplLabKernel

/// What a write does to one key.
public enum Operation: Sendable, Equatable {
  case set(key: KeyTable.ID, value: String)
  case delete(key: KeyTable.ID)

  public var key: KeyTable.ID {
    switch self {
    case .set(let k, _), .delete(let k): k
    }
  }
}

/// One entry of a replication log: a write with its position (sequence number), the epoch of the
/// master that wrote it, and when.
///
/// `before` is the node's own before-image of the key, filled in when that node applies the entry,
/// so a node can roll the entry back (as pg_rewind and MongoDB's rollback do) without a full copy.
public struct LogEntry: Sendable, Equatable {
  public let seq: Int
  public let epoch: Int
  public let time: SimTime
  /// The row image: the value the master stored.
  public let op: Operation
  /// Set when the entry was shipped as a statement: replicas evaluate it themselves.
  public let statement: Expression?
  public var before: String?

  public init(seq: Int, epoch: Int, time: SimTime, op: Operation, statement: Expression? = nil, before: String? = nil) {
    self.seq = seq
    self.epoch = epoch
    self.time = time
    self.op = op
    self.statement = statement
    self.before = before
  }

  public static func == (a: LogEntry, b: LogEntry) -> Bool {
    a.seq == b.seq && a.epoch == b.epoch && a.time == b.time && a.op == b.op && a.statement == b.statement
  }
}

/// Which write an entry is, across nodes: its epoch and sequence number.
public struct WriteID: Sendable, Hashable {
  public let epoch: Int
  public let seq: Int

  public init(_ e: LogEntry) {
    epoch = e.epoch
    seq = e.seq
  }
}
