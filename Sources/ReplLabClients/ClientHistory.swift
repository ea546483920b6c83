import DequeModule
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Every client operation in the order it happened, numbered from 1, keeping the newest `capacity`.
///
/// A checker like Jepsen's Elle judges a run only by such a record: what each client wrote and what
/// each read returned. The lab keeps a bounded record so that a long piped run cannot grow it forever.
public struct ClientHistory: Sendable {
  public static let defaultCapacity = 100_000

  /// The recorded operations, oldest first.
  public private(set) var operations: Deque<ClientOperation> = []
  /// How many operations were ever recorded (the next one is `recorded + 1`).
  public private(set) var recorded = 0
  /// How many operations it keeps before dropping the oldest.
  public let capacity: Int

  public init(capacity: Int = ClientHistory.defaultCapacity) {
    self.capacity = max(1, capacity)
  }

  /// How many of the oldest operations were dropped to stay within `capacity`.
  public var dropped: Int { recorded - operations.count }

  /// Records an operation and returns it with its number.
  @discardableResult
  public mutating func record(client: String, time: SimTime, key: String, node: String, kind: ClientOperation.Kind)
    -> ClientOperation
  {
    recorded += 1
    let op = ClientOperation(number: recorded, client: client, time: time, key: key, node: node, kind: kind)
    if operations.count == capacity { operations.removeFirst() }
    operations.append(op)
    return op
  }

  /// Forgets everything, numbering included (`ops clear`).
  public mutating func clear() {
    operations.removeAll()
    recorded = 0
  }
}
