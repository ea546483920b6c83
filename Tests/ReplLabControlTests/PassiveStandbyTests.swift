import ReplLabTestSupport
import Testing

@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

@Suite struct PassiveStandbyTests {
  /// Replicas 200 ms away and a passive standby db4 next to the master, loaded and streaming.
  static func farReplicasWithStandby() throws -> Cluster {
    var c = Cluster()
    try c.setLatency(200, for: "db2")
    try c.setLatency(200, for: "db3")
    _ = try c.addReplica("db4", standby: true)
    c.advance(by: 20)
    return c
  }

  @Test func addStandbyStartsFromASnapshot() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    _ = try c.write("b", "2")
    c.settle()
    let added = try c.addReplica("db4", standby: true)
    #expect(added.standby)
    #expect(added.master == "db1")
    #expect(added.snapshotSeq == 2)
    #expect(added.keys == 2)
    #expect(c.node("db4")?.isStandby == true)
    #expect(c.node("db4")?.awaitingSnapshot == true)
    #expect(c.passiveStandbys == ["db4"])
    #expect(c.replicaNames == ["db2", "db3", "db4"])
    c.settle()
    #expect(c.node("db4")?.awaitingSnapshot == false)
    #expect(c.node("db4")?.data == c.node("db1")?.data)
    #expect(c.node("db4")?.applied == 2)
  }

  @Test func anOrdinaryReplicaIsNoStandby() throws {
    var c = Cluster()
    let added = try c.addReplica("db4")
    #expect(!added.standby)
    #expect(c.passiveStandbys.isEmpty)
  }

  @Test func asyncWritesWaitForTheStandby() throws {
    var c = try Self.farReplicasWithStandby()
    #expect(c.syncMode == .async)
    let w = try c.write("cart:7", "2 books")
    #expect(w.mode == .async)
    #expect(w.result == .acknowledged(waited: 20, by: ["db4"], degraded: false))
    // The ordinary replicas still get it asynchronously, later.
    #expect(c.node("db2")?.received == 0)
    #expect(c.node("db3")?.received == 0)
    #expect(c.node("db4")?.received == 1)
  }

  @Test func aDownStandbyBlocksWritesUnderFallbackWait() throws {
    var c = try Self.farReplicasWithStandby()
    _ = try c.crash("db4")
    let w = try c.write("cart:7", "2 books")
    #expect(w.result == .blocked(waited: 10_000, missing: [.init(name: "db4", isDown: true)]))
  }

  @Test func aDownStandbyIsSkippedUnderFallbackAsync() throws {
    var c = try Self.farReplicasWithStandby()
    c.setSyncFallback(.async)
    _ = try c.crash("db4", kind: .process)
    let w = try c.write("cart:7", "2 books")
    #expect(w.result == .immediate(semiSyncOff: false, degraded: true))
  }

  @Test func readsFromTheStandbyAreRefused() throws {
    var c = try Self.farReplicasWithStandby()
    _ = try c.write("cart:7", "2 books")
    #expect(throws: ClusterError.standbyServesNoReads("db4", alternatives: ["db1", "db2", "db3"])) {
      try c.read("cart:7", from: "db4")
    }
    #expect(c.exposedReads.isEmpty)
  }

  @Test func aReadSuggestionNeverNamesTheStandby() throws {
    var c = try Self.farReplicasWithStandby()
    _ = try c.crash("db2")
    #expect(throws: ClusterError.nodeDown("db2", alternatives: ["db3", "db1"], key: "k")) {
      try c.read("k", from: "db2")
    }
  }

  @Test func promotionPrefersTheStandbyAtTheSamePosition() throws {
    var c = try Self.farReplicasWithStandby()
    _ = try c.write("a", "1")
    c.settle()
    #expect(c.nodeNames.allSatisfy { c.node($0)?.received == 1 })
    _ = try c.crash("db1")
    #expect(c.promotionCandidates.map(\.name) == ["db4", "db2", "db3"])
    let p = try c.promote(nil)
    #expect(p.newMaster == "db4")
    #expect(p.standby)
    #expect(p.lost.isEmpty)
    #expect(c.node("db4")?.role == .master)
    #expect(c.node("db4")?.isStandby == false)
    #expect(c.passiveStandbys.isEmpty)
  }

  @Test func nothingIsLostWhenTheStandbyIsPromoted() throws {
    var c = try Self.farReplicasWithStandby()
    _ = try c.write("cart:7", "2 books")
    c.advance(by: 20)
    _ = try c.write("cart:7", "3 books")
    _ = try c.write("cart:8", "1 lamp")
    // The far replicas have nothing yet.
    #expect(c.node("db2")?.received == 0)
    _ = try c.crash("db1")
    let p = try c.promote(nil)
    #expect(p.newMaster == "db4")
    #expect(p.lost.isEmpty)
    #expect(try c.read("cart:7").value == "3 books")
    #expect(try c.read("cart:8").value == "1 lamp")
    c.settle()
    #expect(c.testValue(of: "cart:8", on: "db2") == "1 lamp")
    #expect(c.testValue(of: "cart:8", on: "db3") == "1 lamp")
  }

  @Test func withoutAStandbyTheSameFailoverLosesAcknowledgedWrites() throws {
    var c = Cluster()
    try c.setLatency(200, for: "db2")
    try c.setLatency(200, for: "db3")
    _ = try c.write("cart:7", "2 books")
    c.advance(by: 20)
    _ = try c.write("cart:7", "3 books")
    _ = try c.write("cart:8", "1 lamp")
    _ = try c.crash("db1")
    let p = try c.promote(nil)
    #expect(p.lost.map(\.entry.seq) == [1, 2, 3])
    #expect(p.lost.allSatisfy { $0.acknowledged })
  }
}
