import Testing

@testable import ReplLabKernel

@Suite struct NetworkTests {
  @Test func defaultLatencyIsTenMilliseconds() {
    let n = Network()
    #expect(Network.defaultLatency == 10)
    #expect(n.latency(from: "db1", to: "db2") == 10)
    #expect(n.latency(from: "db2", to: "db1") == 10)
  }

  @Test func deliveryAfterDefaultLatency() {
    var n = Network()
    var r = SeededGenerator(seed: 1)
    #expect(n.deliveryTime(from: "db1", to: "db2", now: 100, random: &r) == 110)
  }

  @Test func messageToSelfArrivesAtOnce() {
    var n = Network()
    var r = SeededGenerator(seed: 1)
    n.setLatency(500, for: "db1")
    #expect(n.deliveryTime(from: "db1", to: "db1", now: 42, random: &r) == 42)
  }

  @Test func perNodeLatencyIsTheMaxOfBothEnds() {
    var n = Network()
    n.setLatency(300, for: "db3")
    #expect(n.latency(from: "db1", to: "db3") == 300)
    #expect(n.latency(from: "db3", to: "db1") == 300)
    #expect(n.latency(from: "db1", to: "db2") == 10)
    n.setLatency(100, for: "db1")
    #expect(n.latency(from: "db1", to: "db3") == 300)
    #expect(n.latency(from: "db1", to: "db2") == 100)
    // A setting lower than the default does not lower the other end's default.
    n.setLatency(2, for: "db2")
    #expect(n.latency(from: "db2", to: "db4") == 10)
    n.setLatency(1, for: "db4")
    #expect(n.latency(from: "db2", to: "db4") == 2)
    // Clearing a setting goes back to the default.
    n.setLatency(nil, for: "db3")
    #expect(n.latency(from: "db3", to: "db4") == 10)
  }

  @Test func fifoPerLinkWithJitter() {
    var n = Network()
    n.jitter = 50
    var r = SeededGenerator(seed: 3)
    var last: SimTime = 0
    var arrivals: [SimTime] = []
    for now in SimTime(0)..<SimTime(300) {
      let t = n.deliveryTime(from: "db1", to: "db2", now: now, random: &r)!
      #expect(t >= last, "message sent at \(now) overtook an earlier one")
      #expect(t >= now + 10)
      last = t
      arrivals.append(t)
    }
    // The jitter did something, so the FIFO rule was actually exercised.
    let delays = arrivals.enumerated().map { $0.element - SimTime($0.offset) }
    #expect(Set(delays).count > 1)
    #expect(delays.contains { $0 > 10 })
  }

  @Test func fifoHoldsForRepliesOnTheSameLink() {
    var n = Network()
    n.jitter = 40
    var r = SeededGenerator(seed: 11)
    var last: SimTime = 0
    for now in SimTime(0)..<SimTime(200) {
      let (from, to) = now.isMultiple(of: 2) ? ("db1", "db2") : ("db2", "db1")
      let t = n.deliveryTime(from: from, to: to, now: now, random: &r)!
      #expect(t >= last)
      last = t
    }
  }

  @Test func jitterOnOneLinkDoesNotHoldBackAnother() {
    var n = Network()
    n.setLatency(1000, for: "db3")
    var r = SeededGenerator(seed: 1)
    #expect(n.deliveryTime(from: "db1", to: "db3", now: 0, random: &r) == 1000)
    #expect(n.deliveryTime(from: "db1", to: "db2", now: 1, random: &r) == 11)
  }

  @Test func sameSeedGivesSameJitteredTimes() {
    func times(seed: UInt64) -> [SimTime?] {
      var n = Network()
      n.jitter = 25
      var r = SeededGenerator(seed: seed)
      return (0..<50).map { i in n.deliveryTime(from: "a", to: "b", now: SimTime(i * 100), random: &r) }
    }
    #expect(times(seed: 5) == times(seed: 5))
  }

  @Test func cutLinksDropInBothDirections() {
    var n = Network()
    var r = SeededGenerator(seed: 1)
    n.cut("db1", "db2")
    #expect(n.isCut("db1", "db2"))
    #expect(n.isCut("db2", "db1"))
    #expect(!n.isCut("db1", "db3"))
    #expect(n.deliveryTime(from: "db1", to: "db2", now: 0, random: &r) == nil)
    #expect(n.deliveryTime(from: "db2", to: "db1", now: 0, random: &r) == nil)
    #expect(n.deliveryTime(from: "db1", to: "db3", now: 0, random: &r) == 10)
    n.heal("db2", "db1")
    #expect(!n.isCut("db1", "db2"))
    #expect(n.deliveryTime(from: "db1", to: "db2", now: 0, random: &r) == 10)
  }

  @Test func totalLossDropsEverything() {
    var n = Network()
    n.lossRate = 1
    var r = SeededGenerator(seed: 1)
    for i in 0..<20 {
      #expect(n.deliveryTime(from: "db1", to: "db2", now: SimTime(i), random: &r) == nil)
    }
  }

  @Test func linkIsUnordered() {
    #expect(Network.Link("b", "a") == Network.Link("a", "b"))
    #expect(Network.Link("b", "a").a == "a")
  }

  @Test func forgetClearsLatencyCutsAndOrdering() {
    var n = Network()
    var r = SeededGenerator(seed: 1)
    n.setLatency(1000, for: "db3")
    #expect(n.deliveryTime(from: "db1", to: "db3", now: 0, random: &r) == 1000)
    n.cut("db1", "db3")
    n.cut("db1", "db2")
    n.forget("db3")
    #expect(n.nodeLatency["db3"] == nil)
    #expect(!n.isCut("db1", "db3"))
    #expect(n.isCut("db1", "db2"))
    // A new node by the same name is not held behind the old one's last message.
    #expect(n.deliveryTime(from: "db1", to: "db3", now: 1, random: &r) == 11)
  }
}
