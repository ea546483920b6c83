import ReplLabTestSupport
import Testing

@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

@Suite struct PromotionTests {
  /// db2 has seq 1 and db3 has not, when db1 crashes.
  static func db3Lagging() throws -> Cluster {
    var c = Cluster()
    try c.setLatency(1000, for: "db3")
    _ = try c.write("a", "1")
    c.advance(by: 20)
    _ = try c.crash("db1")
    return c
  }

  @Test func promotePicksTheMostUpToDateLiveReplica() throws {
    var c = try Self.db3Lagging()
    #expect(c.node("db2")?.received == 1)
    #expect(c.node("db3")?.received == 0)
    let p = try c.promote(nil)
    #expect(p.newMaster == "db2")
    #expect(p.oldMaster == "db1")
    #expect(!p.chosenByName)
    #expect(p.candidates.map(\.name) == ["db2", "db3"])
    #expect(p.candidates.map(\.received) == [1, 0])
    #expect(p.repointed == ["db3"])
    #expect(p.lost.isEmpty)
    #expect(c.masterName == "db2")
    #expect(c.node("db2")?.role == .master)
    #expect(c.node("db3")?.masterName == "db2")
    c.settle()
    #expect(c.testValue(of: "a", on: "db3") == "1")
  }

  @Test func promoteIgnoresDownReplicas() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    c.settle()
    _ = try c.crash("db2")
    _ = try c.crash("db1")
    let p = try c.promote(nil)
    #expect(p.newMaster == "db3")
    #expect(p.candidates.map(\.name) == ["db3"])
    #expect(p.repointed.isEmpty)
  }

  @Test func promoteBreaksTiesByName() throws {
    var c = Cluster()
    // Added last, but first by name.
    _ = try c.addReplica("alpha")
    _ = try c.write("a", "1")
    c.settle()
    _ = try c.crash("db1")
    let p = try c.promote(nil)
    #expect(p.newMaster == "alpha")
    #expect(p.candidates.map(\.name) == ["alpha", "db2", "db3"])
  }

  @Test func promotePrefersANewerEpochOverMoreEntries() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    _ = try c.write("a", "2")
    _ = try c.write("a", "3")
    c.settle()
    // Fail over to db2 (epoch 2) while db3 is down; db3 keeps seq 1-3 of epoch 1.
    _ = try c.crash("db3")
    _ = try c.crash("db1")
    _ = try c.promote("db2")
    _ = try c.restart("db1")
    c.settle()
    _ = try c.write("a", "4")
    c.settle()
    // Now db1 follows db2 and has seq 4 of epoch 2; crash db2 and bring back db3, which has only epoch 1.
    _ = try c.crash("db2")
    _ = try c.restart("db3")
    let p = try c.promote(nil)
    #expect(p.newMaster == "db1")
    #expect(p.epoch == 3)
  }

  @Test func lostWritesAreListedWithTheAcknowledgedFlag() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    c.settle()
    // Acknowledged at once (async), crashed before it left the master.
    _ = try c.write("a", "2")
    _ = try c.crash("db1")
    let p = try c.promote(nil)
    #expect(p.lost.count == 1)
    let lost = try #require(p.lost.first)
    #expect(lost.entry.seq == 2)
    #expect(lost.entry.epoch == 1)
    #expect(lost.acknowledged)
    #expect(lost.alsoOn.isEmpty)
  }

  @Test func unacknowledgedLostWrite() throws {
    var c = Cluster()
    try c.setLatency(60_000, for: "db2")
    try c.setLatency(60_000, for: "db3")
    c.setSyncMode(.sync)
    let w = try c.write("a", "1")
    guard case .blocked(_, let missing) = w.result else {
      Issue.record("expected the write to block, got \(w.result)")
      return
    }
    #expect(missing == [.init(name: "db2", isDown: false), .init(name: "db3", isDown: false)])
    #expect(try c.crash("db1") == [1])
    let p = try c.promote(nil)
    let lost = try #require(p.lost.first)
    #expect(p.lost.count == 1)
    #expect(lost.entry.seq == 1)
    #expect(!lost.acknowledged)
  }

  /// Two failovers in a row: the write db1 acknowledged survives on db2, then dies with it. The lost
  /// write names db1, which acknowledged it, not db2, the master that failed last.
  @Test func aWriteLostInASecondFailoverNamesTheMasterThatAcknowledgedIt() throws {
    var c = Cluster()
    try c.setLatency(60_000, for: "db3")
    _ = try c.write("a", "1")
    c.advance(by: 100)
    #expect(c.node("db2")?.log.lastSeq == 1)
    _ = try c.crash("db1")
    _ = try c.promote("db2")
    c.advance(by: 100)
    _ = try c.crash("db2")
    let p = try c.promote("db3")
    let lost = try #require(p.lost.first)
    #expect(lost.entry.epoch == 1)
    #expect(lost.acknowledged)
    #expect(lost.writtenBy == "db1")
    #expect(c.masterOfEpoch == [1: "db1", 2: "db2", 3: "db3"])
  }

  @Test func promoteRefusesWhileTheMasterIsUp() throws {
    var c = Cluster()
    #expect(throws: ClusterError.masterStillUp("db1")) { try c.promote(nil) }
    #expect(throws: ClusterError.masterStillUp("db1")) { try c.promote("db2") }
    #expect(throws: ClusterError.cannotPromoteMaster("db1")) { try c.promote("db1") }
    #expect(c.masterName == "db1")
    #expect(c.epoch == 1)
  }

  @Test func promoteRefusesADownOrUnknownNode() throws {
    var c = Cluster()
    _ = try c.crash("db1")
    _ = try c.crash("db3")
    #expect(throws: ClusterError.nodeDown("db3", alternatives: ["db2"], key: nil)) { try c.promote("db3") }
    #expect(throws: ClusterError.nodeDown("db1", alternatives: ["db2"], key: nil)) { try c.promote("db1") }
    #expect(throws: ClusterError.unknownNode("db9", known: ["db1", "db2", "db3"])) { try c.promote("db9") }
    _ = try c.crash("db2")
    #expect(throws: ClusterError.noCandidate) { try c.promote(nil) }
    #expect(c.masterName == "db1")
    #expect(c.epoch == 1)
  }

  @Test func epochIncrementsWithEachPromotion() throws {
    var c = Cluster()
    _ = try c.crash("db1")
    #expect(try c.promote(nil).epoch == 2)
    #expect(c.epoch == 2)
    #expect(c.node("db2")?.epoch == 2)
    #expect(c.node("db3")?.epoch == 2)
    #expect(c.node("db2")?.log.lastEpoch == 2)
    let w = try c.write("a", "1")
    #expect(w.epoch == 2)
    #expect(c.node("db2")?.log.entry(1)?.epoch == 2)
    _ = try c.crash("db2")
    #expect(try c.promote(nil).epoch == 3)
    #expect(c.masterName == "db3")
  }

  @Test func oldMasterRejoinsAndRollsBackItsDivergentWrites() throws {
    var c = Cluster()
    _ = try c.write("k", "a")
    c.settle()
    // Two writes only db1 ever had: one overwrites, one creates a key.
    _ = try c.write("k", "b")
    _ = try c.write("only_old", "x")
    _ = try c.crash("db1")
    let p = try c.promote(nil)
    #expect(p.lost.map(\.entry.seq) == [2, 3])
    _ = try c.write("k", "c")
    c.settle()
    _ = c.drainEvents()

    let r = try c.restart("db1")
    #expect(r.kind == .rejoinedAsReplica(master: "db2", epoch: 2, oldEpoch: 1))
    #expect(c.node("db1")?.role == .replica)
    #expect(c.node("db1")?.masterName == "db2")
    c.settle()

    let events = c.testHappenings()
    let rolledBack = events.compactMap { h -> (String, String, [LogEntry])? in
      if case .rolledBack(let n, let m, let d) = h { (n, m, d) } else { nil }
    }
    #expect(rolledBack.count == 1)
    if let (node, master, discarded) = rolledBack.first {
      #expect(node == "db1")
      #expect(master == "db2")
      #expect(discarded.map(\.seq) == [2, 3])
      #expect(discarded.allSatisfy { $0.epoch == 1 })
    }
    let db1 = try #require(c.node("db1"))
    let db2 = try #require(c.node("db2"))
    #expect(db1.data == db2.data)
    #expect(c.testValue(of: "k", on: "db1") == "c")
    #expect(c.testValue(of: "only_old", on: "db1") == nil)
    #expect(db1.log.lastSeq == db2.log.lastSeq)
    #expect(db1.log.history == db2.log.history)
    #expect(db1.applied == db2.applied)
    #expect(db1.epoch == 2)
    // And it keeps following: a new write arrives like on any replica.
    _ = try c.write("k", "d")
    c.settle()
    #expect(c.testValue(of: "k", on: "db1") == "d")
  }

  @Test func oldMasterRollsBackEvenWhenTheNewMasterWroteNothing() throws {
    var c = Cluster()
    _ = try c.write("k", "a")
    c.settle()
    _ = try c.write("k", "b")
    _ = try c.crash("db1")
    _ = try c.promote(nil)
    _ = try c.restart("db1")
    c.settle()
    #expect(c.testValue(of: "k", on: "db1") == "a")
    #expect(c.node("db1")?.log.lastSeq == 1)
    #expect(c.node("db1")?.data == c.node("db2")?.data)
  }

  @Test func promotingALaggingReplicaRollsBackAMoreAdvancedOne() throws {
    var c = try Self.db3Lagging()
    let p = try c.promote("db3")
    #expect(p.newMaster == "db3")
    #expect(p.chosenByName)
    #expect(p.candidates.first?.name == "db2")
    let lost = try #require(p.lost.first)
    #expect(p.lost.count == 1)
    #expect(lost.entry.seq == 1)
    #expect(lost.acknowledged)
    #expect(lost.alsoOn == ["db2"])
    _ = c.drainEvents()
    c.settle()
    let events = c.testHappenings()
    #expect(
      events.contains {
        if case .rolledBack("db2", "db3", let d) = $0 { d.map(\.seq) == [1] } else { false }
      })
    #expect(c.testValue(of: "a", on: "db2") == nil)
    #expect(c.node("db2")?.log.lastSeq == 0)
    #expect(c.node("db2")?.data == c.node("db3")?.data)
    _ = try c.write("a", "2")
    c.settle()
    #expect(c.testValue(of: "a", on: "db2") == "2")
  }

  @Test func aReplicaAddedFromASnapshotIsClonedAgainWhenTheForkIsBeforeItsLog() throws {
    var c = Cluster()
    _ = try c.write("k", "a")
    c.settle()
    // Acknowledged and in db4's snapshot, but neither db2 nor db3 ever receives it: they are far away.
    try c.setLatency(100, for: "db2")
    try c.setLatency(100, for: "db3")
    _ = try c.write("k", "b")
    _ = try c.write("new", "x")
    let added = try c.addReplica("db4")
    #expect(added.snapshotSeq == 3)
    // Deliver the snapshot only: the master's stream to db2/db3 is lost in the crash.
    c.advance(by: 15)
    #expect(c.node("db4")?.applied == 3)
    _ = try c.crash("db1")
    let p = try c.promote("db2")
    #expect(p.lost.map(\.entry.seq) == [2, 3])
    c.settle()
    let events = c.testHappenings()
    // db4's log starts after seq 3: it cannot undo seq 2 and 3, so it is cloned from db2 again.
    #expect(
      events.contains {
        if case .cannotRewind("db4", "db2", 1, 4) = $0 { true } else { false }
      })
    #expect(c.node("db4")?.data == c.node("db2")?.data)
    #expect(c.testValue(of: "k", on: "db4") == "a")
    #expect(c.testValue(of: "new", on: "db4") == nil)
    #expect(try c.read("k", from: "db4").value == "a")
  }

  @Test func aReplicaAddedFromASnapshotStreamsFromTheNextSeq() throws {
    var c = Cluster()
    _ = try c.write("k", "a")
    _ = try c.write("k", "b")
    let added = try c.addReplica("db4")
    #expect(added.snapshotSeq == 2)
    #expect(added.keys == 1)
    // The snapshot travels over the network: nothing to read until it lands.
    #expect(throws: ClusterError.receivingSnapshot("db4")) { _ = try c.read("k", from: "db4") }
    c.settle()
    #expect(c.testValue(of: "k", on: "db4") == "b")
    #expect(c.node("db4")?.applied == 2)
    #expect(c.node("db4")?.received == 2)
    _ = c.drainEvents()
    _ = try c.write("k", "c")
    c.settle()
    #expect(c.testValue(of: "k", on: "db4") == "c")
    let db4 = c.testHappenings().compactMap { h -> Int? in
      if case .replicated("db4", let first, _, _) = h { first } else { nil }
    }
    #expect(db4 == [3])
  }

  @Test func aSnapshotDoesNotIncludeWritesStillWaitingForAcknowledgement() throws {
    var c = Cluster()
    _ = try c.crash("db3")
    c.setSyncMode(.sync)
    _ = try c.write("k", "v")
    let added = try c.addReplica("db4")
    #expect(added.snapshotSeq == 0)
    #expect(c.node("db4")?.log.lastSeq == 0)
    #expect(c.testValue(of: "k", on: "db4") == nil)
    c.settle()
    #expect(c.testValue(of: "k", on: "db4") == "v")
  }
}
