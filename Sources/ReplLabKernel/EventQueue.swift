import HeapModule

/// Pending simulation events ordered by (time, insertion order).
///
/// Two events due at the same millisecond run in the order they were scheduled, which is what makes a
/// replay deterministic: a heap alone does not promise any order between equal times.
///
/// The heap holds small plain keys and the payloads stay in `slots`: a heap moves its elements on
/// every insert and pop, and moving a payload (a message with its strings and entries) means
/// retaining and releasing everything it holds.
public struct EventQueue<Payload> {
  /// A pending event with its place in the order.
  package struct Entry: Comparable {
    package let time: SimTime
    package let order: UInt64
    package let payload: Payload
    package static func < (a: Entry, b: Entry) -> Bool { (a.time, a.order) < (b.time, b.order) }
    package static func == (a: Entry, b: Entry) -> Bool { a.time == b.time && a.order == b.order }
  }

  private var heap = Heap<EventKey>()
  /// Payloads by slot; nil for a free slot.
  private var slots: [Payload?] = []
  private var freeSlots: [Int] = []
  private var nextOrder: UInt64 = 0

  public init() {}

  public var isEmpty: Bool { heap.isEmpty }
  public var count: Int { heap.count }
  /// When the next event is due, if any.
  public var nextTime: SimTime? { heap.min?.time }

  public mutating func schedule(_ payload: Payload, at time: SimTime) {
    insert(payload, at: time, order: nextOrder)
    nextOrder &+= 1
  }

  /// Removes and returns the earliest event.
  public mutating func popNext() -> (time: SimTime, payload: Payload)? {
    guard let e = popEntry() else { return nil }
    return (e.time, e.payload)
  }

  /// Removes and returns the earliest event with its place in the order, which a fault placed on
  /// it may give to another (`insert(_:at:order:)`).
  package mutating func popEntry() -> Entry? {
    guard let key = heap.popMin() else { return nil }
    return Entry(time: key.time, order: key.order, payload: release(key.slot))
  }

  /// The earliest pending event whose payload matches, with its place in the order. It scans every
  /// pending event: for faults placed by hand, never for the loop itself.
  package func earliest(where matches: (Payload) -> Bool) -> Entry? {
    earliest(1, where: matches).first
  }

  /// The earliest pending events whose payloads match, in order (scans, like `earliest(where:)`).
  package func earliest(_ count: Int, where matches: (Payload) -> Bool) -> [Entry] {
    heap.unordered.filter { matches(slots[$0.slot]!) }.sorted().prefix(count).map {
      Entry(time: $0.time, order: $0.order, payload: slots[$0.slot]!)
    }
  }

  /// Takes the event with this place in the order out of the queue (rebuilding the heap: rare use).
  package mutating func remove(order: UInt64) {
    guard let key = heap.unordered.first(where: { $0.order == order }) else { return }
    heap = Heap(heap.unordered.filter { $0.order != order })
    _ = release(key.slot)
  }

  /// Puts an event back at a given place in the order: a taken-out event keeps its tie-break, or
  /// two swap theirs.
  package mutating func insert(_ payload: Payload, at time: SimTime, order: UInt64) {
    let slot: Int
    if let free = freeSlots.popLast() {
      slot = free
      slots[slot] = payload
    } else {
      slot = slots.count
      slots.append(payload)
    }
    heap.insert(EventKey(time: time, order: order, slot: slot))
  }

  /// Empties a slot and returns what it held.
  private mutating func release(_ slot: Int) -> Payload {
    let payload = slots[slot].take()!
    freeSlots.append(slot)
    return payload
  }

  /// Every pending payload, earliest first (for views; it copies, so keep it off hot paths).
  public var pendingInOrder: [(time: SimTime, payload: Payload)] {
    heap.unordered.sorted().map { ($0.time, slots[$0.slot]!) }
  }

  public mutating func removeAll() {
    heap = Heap()
    slots = []
    freeSlots = []
  }
}

/// An event's place in the queue, and where its payload waits. Outside the generic queue so that
/// the heap's code is specialised for it once, with no type metadata to look up per move.
struct EventKey: Comparable, Sendable {
  let time: SimTime
  let order: UInt64
  let slot: Int
  static func < (a: EventKey, b: EventKey) -> Bool { (a.time, a.order) < (b.time, b.order) }
  static func == (a: EventKey, b: EventKey) -> Bool { a.time == b.time && a.order == b.order }
}

extension EventQueue: Sendable where Payload: Sendable {}
extension EventQueue.Entry: Sendable where Payload: Sendable {}
