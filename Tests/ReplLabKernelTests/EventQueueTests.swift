import Testing

@testable import ReplLabKernel

@Suite struct EventQueueTests {
  @Test func popsInTimeOrder() {
    var q = EventQueue<String>()
    q.schedule("c", at: 30)
    q.schedule("a", at: 10)
    q.schedule("b", at: 20)
    var popped: [String] = []
    var times: [SimTime] = []
    while let (t, p) = q.popNext() {
      times.append(t)
      popped.append(p)
    }
    #expect(popped == ["a", "b", "c"])
    #expect(times == [10, 20, 30])
  }

  @Test func equalTimesPopInInsertionOrder() {
    var q = EventQueue<Int>()
    // Enough entries that a bare heap would shuffle equal keys.
    for i in 0..<200 { q.schedule(i, at: 5) }
    var popped: [Int] = []
    while let (t, p) = q.popNext() {
      #expect(t == 5)
      popped.append(p)
    }
    #expect(popped == Array(0..<200))
  }

  @Test func mixedTimesKeepInsertionOrderWithinATime() {
    var q = EventQueue<String>()
    q.schedule("late-1", at: 20)
    q.schedule("early-1", at: 10)
    q.schedule("late-2", at: 20)
    q.schedule("early-2", at: 10)
    q.schedule("early-3", at: 10)
    q.schedule("late-3", at: 20)
    var popped: [String] = []
    while let (_, p) = q.popNext() { popped.append(p) }
    #expect(popped == ["early-1", "early-2", "early-3", "late-1", "late-2", "late-3"])
  }

  @Test func nextTimeIsTheEarliestPendingTime() {
    var q = EventQueue<String>()
    #expect(q.nextTime == nil)
    q.schedule("x", at: 50)
    #expect(q.nextTime == 50)
    q.schedule("y", at: 7)
    #expect(q.nextTime == 7)
    q.schedule("z", at: 100)
    #expect(q.nextTime == 7)
    _ = q.popNext()
    #expect(q.nextTime == 50)
    _ = q.popNext()
    _ = q.popNext()
    #expect(q.nextTime == nil)
  }

  @Test func popNextOnEmptyReturnsNil() {
    var q = EventQueue<Int>()
    #expect(q.isEmpty)
    #expect(q.count == 0)
    #expect(q.popNext() == nil)
    q.schedule(1, at: 0)
    #expect(q.popNext()?.payload == 1)
    #expect(q.popNext() == nil)
    #expect(q.isEmpty)
  }

  @Test func countAndRemoveAll() {
    var q = EventQueue<Int>()
    q.schedule(1, at: 3)
    q.schedule(2, at: 1)
    #expect(q.count == 2)
    #expect(!q.isEmpty)
    q.removeAll()
    #expect(q.isEmpty)
    #expect(q.nextTime == nil)
    #expect(q.popNext() == nil)
  }

  @Test func insertionOrderContinuesAfterRemoveAll() {
    var q = EventQueue<String>()
    q.schedule("old", at: 1)
    q.removeAll()
    q.schedule("first", at: 4)
    q.schedule("second", at: 4)
    #expect(q.popNext()?.payload == "first")
    #expect(q.popNext()?.payload == "second")
  }

  @Test func pendingInOrderListsEarliestFirstWithoutRemoving() {
    var q = EventQueue<String>()
    q.schedule("b", at: 2)
    q.schedule("a1", at: 1)
    q.schedule("c", at: 3)
    q.schedule("a2", at: 1)
    let pending = q.pendingInOrder
    #expect(pending.map(\.payload) == ["a1", "a2", "b", "c"])
    #expect(pending.map(\.time) == [1, 1, 2, 3])
    #expect(q.count == 4)
  }

  /// What a placed message fault does with the queue: finds the earliest matching event, takes it
  /// out, and puts two back with their places in the order swapped; freed slots are reused.
  @Test func eventsCanBeFoundTakenOutAndSwapped() {
    var q = EventQueue<String>()
    for (p, t) in [("a", 5), ("b", 5), ("c", 5), ("d", 9)] { q.schedule(p, at: SimTime(t)) }
    let a = q.popEntry()!
    let c = q.earliest { $0 == "c" }!
    #expect(c.time == 5 && c.payload == "c")
    q.remove(order: c.order)
    q.insert(a.payload, at: a.time, order: c.order)
    q.insert(c.payload, at: c.time, order: a.order)
    #expect(q.earliest(2) { $0 != "d" }.map(\.payload) == ["c", "b"])
    var popped: [String] = []
    while let (_, p) = q.popNext() { popped.append(p) }
    #expect(popped == ["c", "b", "a", "d"])
    #expect(q.isEmpty)
  }
}
