import DequeModule
import ReplLabKernel

/// Everything the timeline view draws: each message with when it was sent and when it arrived (or
/// that it was lost), and marks for crashes, restarts, promotions, suspicions and writes. It keeps
/// the most recent `capacity` records, so a long session does not grow without bound.
public struct Timeline: Sendable {
  public static let capacity = 20_000

  /// Something that happened at one endpoint.
  public enum Mark: Sendable, Equatable {
    case crashed
    case restarted
    case promoted(epoch: Int)
    case steppedDown(epoch: Int)
    case demoted
    /// At the orchestrator: it now suspects `node`.
    case suspects(String)
    /// At the orchestrator: `node` answers again.
    case hearsAgain(String)
    /// At a master: a client write got `seq`.
    case write(seq: Int, op: Operation)
    /// At the client or proxy: writes go to `master` now.
    case repointed(master: String)
    /// The network was cut: the endpoints on one side and the other.
    case partitioned(side: [String], other: [String])
    case healed
  }

  public enum Entry: Sendable {
    /// A message: arrived at `arrivedAt`, or lost when that is nil (at the record's time).
    case message(Message, arrivedAt: SimTime?)
    case mark(String, Mark)
  }

  public struct Record: Sendable {
    public let time: SimTime
    public let entry: Entry
  }

  public private(set) var records: Deque<Record> = []
  /// How many older records were dropped to stay within `capacity`.
  public private(set) var forgotten = 0
  /// How many records were ever appended.
  public var appended: Int { records.count + forgotten }

  public init() {}

  package mutating func append(_ r: Record) {
    if records.count == Self.capacity {
      records.removeFirst()
      forgotten += 1
    }
    records.append(r)
  }

  /// Records a message. A batch of log entries is kept as its first and last entry, which is all
  /// a view shows of it: a full batch per record would make the timeline hold thousands of
  /// entries per record under heavy traffic, long after the log itself purged them.
  package mutating func record(_ message: Message, at time: SimTime, delivered: Bool) {
    var kept = message
    if case .entries(let epoch, let rewindTo, let entries) = message.body, entries.count > 2 {
      kept = Message(
        from: message.from, to: message.to, senderIncarnation: message.senderIncarnation, sentAt: message.sentAt,
        body: .entries(epoch: epoch, rewindTo: rewindTo, [entries.first!, entries.last!]))
    }
    append(Record(time: time, entry: .message(kept, arrivedAt: delivered ? time : nil)))
  }

  package mutating func mark(_ endpoint: String, _ mark: Mark, at time: SimTime) {
    append(Record(time: time, entry: .mark(endpoint, mark)))
  }
}
