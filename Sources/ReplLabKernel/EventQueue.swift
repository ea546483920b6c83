import HeapModule

/// Pending simulation events ordered by (time, insertion order).
///
/// Two events due at the same millisecond run in the order they were scheduled, which is what makes a
/// replay deterministic: a heap alone does not promise any order between equal times.
public struct EventQueue<Payload> {
  package struct Entry: Comparable {
    package let time: SimTime
    package let order: UInt64
    package let payload: Payload
    package static func < (a: Entry, b: Entry) -> Bool { (a.time, a.order) < (b.time, b.order) }
    package static func == (a: Entry, b: Entry) -> Bool { a.time == b.time && a.order == b.order }
  }

  private var heap = Heap<Entry>()
  private var nextOrder: UInt64 = 0

  public init() {}

  public var isEmpty: Bool { heap.isEmpty }
  public var count: Int { heap.count }
  /// When the next event is due, if any.
  public var nextTime: SimTime? { heap.min?.time }

  public mutating func schedule(_ payload: Payload, at time: SimTime) {
    heap.insert(Entry(time: time, order: nextOrder, payload: payload))
    nextOrder &+= 1
  }

  /// Removes and returns the earliest event.
  public mutating func popNext() -> (time: SimTime, payload: Payload)? {
    guard let e = heap.popMin() else { return nil }
    return (e.time, e.payload)
  }

  /// Removes and returns the earliest event with its place in the order, which a fault placed on
  /// it may give to another (`insert(_:at:order:)`).
  package mutating func popEntry() -> Entry? { heap.popMin() }

  /// Every pending payload, earliest first (for views; it copies, so keep it off hot paths).
  public var pendingInOrder: [(time: SimTime, payload: Payload)] {
    heap.unordered.sorted().map { ($0.time, $0.payload) }
  }

  /// The earliest pending event whose payload matches, with its place in the order. It scans every
  /// pending event: for faults placed by hand, never for the loop itself.
  package func earliest(where matches: (Payload) -> Bool) -> Entry? {
    heap.unordered.filter { matches($0.payload) }.min()
  }

  /// The earliest pending events whose payloads match, in order (scans, like `earliest(where:)`).
  package func earliest(_ count: Int, where matches: (Payload) -> Bool) -> [Entry] {
    Array(heap.unordered.filter { matches($0.payload) }.sorted().prefix(count))
  }

  /// Takes the event with this place in the order out of the queue (rebuilding the heap: rare use).
  package mutating func remove(order: UInt64) {
    heap = Heap(heap.unordered.filter { $0.order != order })
  }

  /// Puts an event back at a given place in the order: a taken-out event keeps its tie-break, or
  /// two swap theirs.
  package mutating func insert(_ payload: Payload, at time: SimTime, order: UInt64) {
    heap.insert(Entry(time: time, order: order, payload: payload))
  }

  public mutating func removeAll() {
    heap = Heap()
  }
}

extension EventQueue: Sendable where Payload: Sendable {}
extension EventQueue.Entry: Sendable where Payload: Sendable {}
