import Testing

@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

@Suite struct LoadTests {
  /// The loadFinished happenings among `events`, with their times.
  static func finished(_ events: [ClusterEvent]) -> [(
    time: SimTime, id: Int, writes: Int, acknowledged: Int, failed: Int, first: Int?, last: Int?
  )] {
    events.compactMap { e in
      guard case .loadFinished(let id, let writes, let acknowledged, let failed, let first, let last) = e.what else {
        return nil
      }
      return (e.time, id, writes, acknowledged, failed, first, last)
    }
  }

  @Test func writesAreSpreadEvenly() throws {
    var c = Cluster()
    let id = try c.startLoad(count: 11, over: 1000, keys: 5)
    #expect(id == 1)
    c.settle()
    let times = c.master!.log.entries(from: 0).map(\.time)
    #expect(times == Array(stride(from: SimTime(0), through: 1000, by: 100)))
    #expect(c.master?.log.lastSeq == 11)
  }

  @Test func unevenCountsStillStartAtZeroAndEndAtTheDuration() throws {
    var c = Cluster()
    _ = try c.startLoad(count: 7, over: 1000, keys: 5)
    c.settle()
    let times = c.master!.log.entries(from: 0).map(\.time)
    #expect(times.count == 7)
    #expect(times.first == 0)
    #expect(times.last == 1000)
    #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 >= 166 && $1 - $0 <= 167 })
  }

  @Test func writesHappenOnlyAsTimePasses() throws {
    var c = Cluster()
    _ = try c.startLoad(count: 11, over: 1000, keys: 5)
    #expect(c.master?.log.lastSeq == 0)
    c.advance(by: 450)
    #expect(c.master?.log.lastSeq == 5)
    #expect(c.activeLoads == 1)
  }

  @Test func keysStayWithinRange() throws {
    var c = Cluster()
    _ = try c.startLoad(count: 300, over: 0, keys: 7)
    c.settle()
    let names = Set(c.keys.names)
    #expect(names.isSubset(of: Set((1...7).map { "k\($0)" })))
    #expect(names.count == 7)
  }

  @Test func aFinishedLoadSaysSo() throws {
    var c = Cluster()
    _ = try c.startLoad(count: 11, over: 1000, keys: 5)
    c.settle()
    let done = Self.finished(c.drainEvents())
    #expect(done.count == 1)
    let f = try #require(done.first)
    #expect(f.time == 1000)
    #expect(f.id == 1)
    #expect(f.writes == 11)
    #expect(f.acknowledged == 11)
    #expect(f.failed == 0)
    #expect(f.first == 1)
    #expect(f.last == 11)
    #expect(c.activeLoads == 0)
  }

  @Test func underSemiSyncALoadFinishesWithItsLastAcknowledgement() throws {
    var c = Cluster()
    c.setSyncMode(.semi)
    _ = try c.startLoad(count: 10, over: 900, keys: 5)
    c.settle()
    let f = try #require(Self.finished(c.drainEvents()).first)
    #expect(f.time == 920)
    #expect(f.acknowledged == 10)
  }

  @Test func writesFailWhileTheMasterIsDown() throws {
    var c = Cluster()
    _ = try c.startLoad(count: 10, over: 900, keys: 5)
    c.advance(by: 450)
    _ = try c.crash("db1")
    c.advance(by: 1000)
    let f = try #require(Self.finished(c.drainEvents()).first)
    #expect(f.writes == 10)
    #expect(f.acknowledged == 5)
    #expect(f.failed == 5)
    #expect(f.first == 1)
    #expect(f.last == 5)
    #expect(c.activeLoads == 0)
  }

  @Test func writesCutOffByACrashCountAsFailed() throws {
    var c = Cluster()
    c.setSyncMode(.semi)
    _ = try c.startLoad(count: 10, over: 900, keys: 5)
    // The write of 400 ms is still waiting for its acknowledgement when the master dies.
    c.advance(by: 405)
    _ = try c.crash("db1")
    c.advance(by: 1000)
    let f = try #require(Self.finished(c.drainEvents()).first)
    #expect(f.acknowledged == 4)
    #expect(f.failed == 6)
    #expect(c.activeLoads == 0)
  }

  @Test func writesReleasedByAModeSwitchCountAsAcknowledged() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    _ = try c.crash("db3")
    _ = try c.startLoad(count: 5, over: 0, keys: 5)
    c.advance(by: 100)
    #expect(c.pendingWrites.count == 5)
    c.setSyncMode(.async)
    #expect(c.pendingWrites.isEmpty)
    let f = try #require(Self.finished(c.drainEvents()).first)
    #expect(f.acknowledged == 5)
    #expect(c.activeLoads == 0)
  }

  @Test func concurrentLoadsCountTheirOwnWrites() throws {
    var c = Cluster()
    c.setSyncMode(.semi)
    try c.setLatency(100, for: "db2")
    try c.setLatency(100, for: "db3")
    // Their writes interleave: seqs 1, 3, 5 are load 1's and 2, 4, 6 load 2's.
    _ = try c.startLoad(count: 3, over: 100, keys: 5)
    _ = try c.startLoad(count: 3, over: 100, keys: 5)
    c.settle()
    let done = Self.finished(c.drainEvents())
    #expect(done.map(\.id) == [1, 2])
    // Each load's last write (seqs 5 and 6, at 100 ms) is acknowledged after a 200 ms round trip.
    #expect(done.map(\.time) == [300, 300])
    #expect(done.map(\.first) == [1, 2])
    #expect(done.map(\.last) == [5, 6])
    #expect(done.map(\.acknowledged) == [3, 3])
  }

  @Test func settleWaitsForARunningLoad() throws {
    var c = Cluster()
    _ = try c.startLoad(count: 100, over: 5000, keys: 10)
    #expect(c.messagesInFlight > 0)
    let quiet = c.settle()
    #expect(quiet)
    #expect(c.now >= 5000)
    #expect(c.activeLoads == 0)
    #expect(c.master?.log.lastSeq == 100)
    for replica in ["db2", "db3"] {
      #expect(c.node(replica)?.applied == 100)
      #expect(c.node(replica)?.data == c.node("db1")?.data)
    }
  }

  // MARK: Determinism

  /// Every node's data, as text, after a load with a slow replica under `seed`.
  static func dataAfterLoad(seed: UInt64) throws -> [String] {
    var c = Cluster(seed: seed)
    try c.setApplyRate(300, for: "db3")
    _ = try c.startLoad(count: 500, over: 2000, keys: 50)
    c.settle()
    return c.orderedNodes.map { n in
      n.data.pairs.map { "\(c.keyName($0.0))=\($0.1)" }.joined(separator: ",")
    }
  }

  @Test func theSameSeedGivesTheSameDataEverywhere() throws {
    let a = try Self.dataAfterLoad(seed: 7)
    let b = try Self.dataAfterLoad(seed: 7)
    #expect(a.count == 3)
    #expect(a == b)
    #expect(Set(a).count == 1, "every node holds the same data")
    // The seed does decide the keys: another seed gives other data.
    let other = try Self.dataAfterLoad(seed: 8)
    #expect(other != a)
  }
}
