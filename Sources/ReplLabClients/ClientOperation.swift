import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// One operation a client made, as the history records it: who, when, which node, which key, and
/// the sequence numbers that say what the operation saw or wrote.
public struct ClientOperation: Sendable, Equatable {
  /// Position in the history, from 1: `#4`.
  public let number: Int
  public let client: String
  public let time: SimTime
  public let key: String
  /// The master that logged a write, or the node that answered a read.
  public let node: String
  public let kind: Kind

  public enum Kind: Sendable, Equatable {
    /// A write logged as `seq` in `epoch`; `acknowledged` once the client heard OK.
    case write(value: String?, seq: Int, epoch: Int, acknowledged: Bool)
    /// A read answered with `value`, by a node that had applied up to `applied`; `version` is the
    /// seq of the write that value came from (0: the key was never written there).
    case read(value: String?, applied: Int, version: Int, waited: SimTime)
    /// A read that got no answer: its waiting fix gave up, or the node crashed while it waited.
    case noAnswer(waited: SimTime)
  }

  public init(number: Int, client: String, time: SimTime, key: String, node: String, kind: Kind) {
    self.number = number
    self.client = client
    self.time = time
    self.key = key
    self.node = node
    self.kind = kind
  }

  /// The value written or read (nil for a delete, a missing key, or no answer).
  public var value: String? {
    switch kind {
    case .write(let v, _, _, _), .read(let v, _, _, _): v
    case .noAnswer: nil
    }
  }

  /// For a write, its seq; for a read, the seq of the write whose value it returned.
  public var version: Int {
    switch kind {
    case .write(_, let seq, _, _): seq
    case .read(_, _, let version, _): version
    case .noAnswer: 0
    }
  }

  /// Whether this is a write (answered or not).
  public var isWrite: Bool {
    if case .write = kind { return true }
    return false
  }

  /// Whether this is a read that returned a value (or nil): the reads the checker judges.
  public var isAnsweredRead: Bool {
    if case .read = kind { return true }
    return false
  }
}
