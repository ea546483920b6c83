import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct ApplyRateTests {
  /// 200 writes at t=0 with db3 applying `rate` entries per second. They leave in one message, which
  /// takes 10 ms of latency plus 20 ms on the wire (10,000 entries a second): db3 has them at t=30.
  static func backlog(rate: Int) throws -> Cluster {
    var c = Cluster()
    try c.setApplyRate(rate, for: "db3")
    for i in 1...200 { _ = try c.write("k\(i % 20)", "v\(i)") }
    return c
  }

  @Test(arguments: [10, 100, 250, 1000])
  func appliesAtAboutTheRate(_ rate: Int) throws {
    var c = try Self.backlog(rate: rate)
    c.advance(by: 30)
    #expect(c.node("db3")?.received == 200)
    #expect(c.node("db3")?.applied == 0)
    // In the next 0.4 s it applies about 0.4 s worth of entries.
    c.advance(by: 400)
    let applied = c.node("db3")!.applied
    let expected = min(200, rate * 400 / 1000)
    #expect(abs(applied - expected) <= max(1, rate / 100), "applied \(applied), expected about \(expected)")
    #expect(c.node("db2")?.applied == 200)
  }

  /// Found by a random fault schedule: slowing a replica while it was down left a stale "batch
  /// scheduled" flag, and after its restart it never applied another entry.
  @Test func replicaSlowedWhileDownAppliesAfterRestart() throws {
    var c = Cluster()
    try c.setApplyRate(10, for: "db3")
    for i in 1...5 { _ = try c.write("k\(i)", "v\(i)") }
    c.advance(by: 30)
    #expect(c.node("db3")?.received == 5)
    _ = try c.crash("db3")
    try c.setApplyRate(50, for: "db3")
    _ = try c.restart("db3")
    c.settle()
    #expect(c.node("db3")?.applied == 5)
    #expect(c.node("db3")?.data == c.master?.data)
  }

  @Test func acknowledgesReceiptAtOnce() throws {
    var c = try Self.backlog(rate: 10)
    c.advance(by: 40)
    let p = try #require(c.master?.replicas["db3"])
    #expect(p.received == 200)
    #expect(p.applied == 0)
    #expect(p.lastAck == 40)
  }

  @Test func semiSyncIsAcknowledgedBeforeTheSlowReplicaApplies() throws {
    var c = Cluster()
    c.setSyncMode(.semi)
    try c.setApplyRate(1, for: "db3")
    _ = try c.crash("db2")
    let w = try c.write("order:2", "paid")
    #expect(w.result == .acknowledged(waited: 20, by: ["db3"], degraded: false))
    #expect(c.node("db3")?.applied == 0)
  }

  @Test func appliedPositionReachesTheMasterWithEachBatch() throws {
    var c = try Self.backlog(rate: 100)
    c.advance(by: 540)
    // db3 applies one entry every 10 ms from 40 ms on (51 by 540 ms); each batch's
    // acknowledgement takes 10 ms to reach the master.
    let db3 = c.node("db3")!.applied
    let seen = c.master!.replicas["db3"]!.applied
    #expect(db3 == 51)
    #expect(seen == 50)
  }

  @Test func lagGrowsWhenWritesAreFaster() throws {
    var c = Cluster()
    try c.setApplyRate(100, for: "db3")
    _ = try c.startLoad(count: 2000, over: 10_000, keys: 500)
    c.advance(by: 2000)
    let behindAt2s = c.master!.applied - c.node("db3")!.applied
    c.advance(by: 3000)
    let behindAt5s = c.master!.applied - c.node("db3")!.applied
    // 200 writes per second against 100 applied per second: the gap grows by about 100 a second.
    #expect(abs(behindAt2s - 200) <= 5, "\(behindAt2s)")
    #expect(abs(behindAt5s - 500) <= 5, "\(behindAt5s)")
    #expect(c.node("db3")!.received >= c.master!.applied - 2)
    #expect(c.master!.applied - c.node("db2")!.applied <= 2)
  }

  @Test func keepingUpMeansNoGrowingLag() throws {
    var c = Cluster()
    try c.setApplyRate(500, for: "db3")
    _ = try c.startLoad(count: 2000, over: 10_000, keys: 500)
    c.advance(by: 5000)
    #expect(c.master!.applied - c.node("db3")!.applied <= 10)
  }

  @Test func slowOffAppliesTheBacklogAtOnce() throws {
    var c = try Self.backlog(rate: 10)
    c.advance(by: 30)
    #expect(c.node("db3")?.applied == 0)
    try c.setApplyRate(nil, for: "db3")
    #expect(c.node("db3")?.applied == 200)
    #expect(c.node("db3")?.data == c.node("db1")?.data)
    #expect(c.node("db3")?.applyRate == nil)
  }

  @Test func unknownNodeIsRefused() {
    var c = Cluster()
    #expect(throws: ClusterError.unknownNode("db9", known: ["db1", "db2", "db3"])) {
      try c.setApplyRate(10, for: "db9")
    }
  }

  @Test func theMasterCannotBeSlowed() {
    var i = Interpreter()
    let r = i.execute("slow db1 10/s")
    #expect(r.error == "db1 is the master; `slow` limits how fast a replica applies. Usage: slow NODE RATE/s")
    #expect(i.cluster.node("db1")?.applyRate == nil)
  }
}
