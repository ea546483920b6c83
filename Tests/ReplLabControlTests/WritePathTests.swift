import ReplLabTestSupport
import Testing

@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

@Suite struct WritePathTests {
  // MARK: async

  @Test func asyncWriteIsAcknowledgedAtOnce() throws {
    var c = Cluster()
    let w = try c.write("k", "v")
    #expect(w.result == .immediate(semiSyncOff: false, degraded: false))
    #expect(w.seq == 1)
    #expect(w.master == "db1")
    #expect(w.epoch == 1)
    #expect(w.mode == .async)
    #expect(c.now == 0)
    #expect(c.testValue(of: "k", on: "db1") == "v")
    #expect(c.node("db1")?.applied == 1)
    #expect(c.testValue(of: "k", on: "db2") == nil)
    #expect(c.testValue(of: "k", on: "db3") == nil)
    #expect(c.pendingWrites.isEmpty)
  }

  @Test func asyncWriteReachesReplicasAfterTenMilliseconds() throws {
    var c = Cluster()
    _ = try c.write("k", "v")
    c.advance(by: 9)
    #expect(c.now == 9)
    #expect(c.testValue(of: "k", on: "db2") == nil)
    #expect(c.node("db2")?.received == 0)
    c.advance(by: 1)
    #expect(c.now == 10)
    #expect(c.testValue(of: "k", on: "db2") == "v")
    #expect(c.testValue(of: "k", on: "db3") == "v")
    let events = c.drainEvents()
    #expect(events.map(\.time) == [10, 10])
    guard events.count == 2,
      case .replicated("db2", 1, 1, 1) = events[0].what,
      case .replicated("db3", 1, 1, 1) = events[1].what
    else {
      Issue.record("expected db2 then db3 to replicate seq 1, got \(events)")
      return
    }
  }

  @Test func deleteIsAWriteLikeAnyOther() throws {
    var c = Cluster()
    _ = try c.write("k", "v")
    let d = try c.write("k", nil as String?)
    #expect(d.seq == 2)
    #expect(c.testValue(of: "k", on: "db1") == nil)
    c.settle()
    #expect(c.testValue(of: "k", on: "db2") == nil)
    #expect(c.node("db2")?.applied == 2)
  }

  @Test func readFromReplicaReportsMasterPosition() throws {
    var c = Cluster()
    _ = try c.write("k", "a")
    c.settle()
    _ = try c.write("k", "b")
    let r = try c.read("k", from: "db2")
    #expect(r.value == "a")
    #expect(r.applied == 1)
    #expect(r.masterApplied == 2)
    #expect(r.masterValue == .some("b"))
    #expect(r.role == .replica)
    let m = try c.read("k")
    #expect(m.node == "db1")
    #expect(m.value == "b")
    #expect(try c.read("k", from: c.resolve("MASTER")).node == "db1")
  }

  // MARK: semi-sync

  @Test func semiSyncWaitsForOneReplicaToReceive() throws {
    var c = Cluster()
    c.setSyncMode(.semi)
    let w = try c.write("k", "v")
    // One way to the replica, one way back with the acknowledgement; db2's arrives first.
    #expect(w.result == .acknowledged(waited: 20, by: ["db2"], degraded: false))
    #expect(w.mode == .semi)
    #expect(c.now == 20)
    #expect(c.testValue(of: "k", on: "db1") == "v")
    #expect(c.pendingWrites.isEmpty)
    #expect(c.semiSyncActive)
  }

  @Test func semiSyncNamesTheReplicaThatAcknowledged() throws {
    var c = Cluster()
    try c.setLatency(100, for: "db2")
    c.setSyncMode(.semi)
    let w = try c.write("k", "v")
    #expect(w.result == .acknowledged(waited: 20, by: ["db3"], degraded: false))
  }

  @Test func semiSyncTimesOutFallsBackAndComesBackOn() throws {
    var c = Cluster()
    _ = try c.crash("db2")
    _ = try c.crash("db3")
    c.setSyncMode(.semi)
    let w = try c.write("k", "v")
    #expect(w.result == .fellBack(waited: 10_000))
    #expect(c.now == 10_000)
    #expect(!c.semiSyncActive)
    #expect(c.testValue(of: "k", on: "db1") == "v")
    let off = c.testHappenings()
    guard off.count == 1, case .semiSyncOff("db1", 1, 10_000) = off[0] else {
      Issue.record("expected one semiSyncOff event, got \(off)")
      return
    }

    // While OFF, writes are acknowledged at once.
    let w2 = try c.write("k", "v2")
    #expect(w2.result == .immediate(semiSyncOff: true, degraded: false))
    #expect(c.now == 10_000)

    // A replica that restarts and catches up switches semi-sync back on.
    _ = try c.restart("db2")
    #expect(!c.semiSyncActive)
    c.settle()
    #expect(c.semiSyncActive)
    #expect(c.testValue(of: "k", on: "db2") == "v2")
    let on = c.testHappenings()
    #expect(on.contains { if case .semiSyncOn("db1", "db2", 2) = $0 { true } else { false } })

    // And the next write waits for a replica again.
    let w3 = try c.write("k", "v3")
    #expect(w3.result == .acknowledged(waited: 20, by: ["db2"], degraded: false))
  }

  @Test func switchingToSemiResetsAnEarlierFallback() throws {
    var c = Cluster()
    _ = try c.crash("db2")
    _ = try c.crash("db3")
    c.setSyncMode(.semi)
    _ = try c.write("k", "v")
    #expect(!c.semiSyncActive)
    c.setSyncMode(.semi)
    #expect(c.semiSyncActive)
  }

  @Test func writesWaitingWhenSwitchingToSemiGetTheSemiSyncTimeout() throws {
    var c = Cluster()
    _ = try c.crash("db2")
    _ = try c.crash("db3")
    c.setSyncMode(.sync)
    let w = try c.write("k", "v")
    guard case .blocked = w.result else {
      Issue.record("expected the sync write to block, got \(w.result)")
      return
    }
    let switchedAt = c.now
    c.setSyncMode(.semi)
    #expect(c.pendingWrites.map(\.seq) == [1])
    _ = c.drainEvents()
    c.advance(by: c.semiSync.timeout - 1)
    #expect(c.pendingWrites.count == 1)
    c.advance(by: 1)
    #expect(c.pendingWrites.isEmpty)
    #expect(!c.semiSyncActive)
    #expect(try c.read("k").value == "v")
    let events = c.drainEvents()
    #expect(events.allSatisfy { $0.time == switchedAt + c.semiSync.timeout })
    #expect(events.contains { if case .semiSyncOff("db1", 1, _) = $0.what { true } else { false } })
    #expect(events.contains { if case .lateAcknowledgement(1, _, .semi, _, []) = $0.what { true } else { false } })
  }

  // MARK: sync

  @Test func syncWaitsForEveryReplicaToApply() throws {
    var c = Cluster()
    try c.setLatency(50, for: "db3")
    c.setSyncMode(.sync)
    let w = try c.write("k", "v")
    #expect(w.result == .acknowledged(waited: 100, by: ["db2", "db3"], degraded: false))
    #expect(c.testValue(of: "k", on: "db3") == "v")
  }

  @Test func syncWithAReplicaDownBlocksAndIsAcknowledgedLate() throws {
    var c = Cluster()
    _ = try c.write("k", "old")
    c.settle()
    let start = c.now
    _ = try c.crash("db3", kind: .process)
    c.setSyncMode(.sync)
    let w = try c.write("k", "new")
    #expect(w.result == .blocked(waited: Cluster.blockedWriteWait, missing: [.init(name: "db3", isDown: true)]))
    #expect(c.now == start + Cluster.blockedWriteWait)
    #expect(c.pendingWrites.map(\.seq) == [2])
    // The master has logged the write but not committed it: clients still read the old value.
    #expect(c.node("db1")?.log.lastSeq == 2)
    #expect(c.node("db1")?.applied == 1)
    #expect(try c.read("k").value == "old")
    #expect(c.testValue(of: "k", on: "db2") == "new")
    _ = c.drainEvents()

    // Waiting longer changes nothing while db3 is down.
    c.advance(by: 60_000)
    #expect(try c.read("k").value == "old")
    #expect(c.pendingWrites.count == 1)
    // Only the orchestrator's view changes (it suspects db3); nothing happens to the write.
    #expect(c.testHappenings().filter { if case .control = $0 { false } else { true } }.isEmpty)

    let restartedAt = c.now
    _ = try c.restart("db3")
    c.settle()
    #expect(c.pendingWrites.isEmpty)
    #expect(try c.read("k").value == "new")
    #expect(c.testValue(of: "k", on: "db3") == "new")
    let late = c.drainEvents().filter {
      if case .lateAcknowledgement = $0.what { true } else { false }
    }
    #expect(late.count == 1)
    if let e = late.first, case .lateAcknowledgement(let seq, let waited, let mode, _, let by) = e.what {
      #expect(seq == 2)
      #expect(mode == .sync)
      #expect(by == ["db2", "db3"])
      // hello to the master, the missing entries back, db3's acknowledgement: three one-way trips.
      #expect(e.time == restartedAt + 30)
      #expect(waited == e.time - start)
    }
    // Nothing is acknowledged twice.
    c.advance(by: 1000)
    #expect(c.testHappenings().filter { if case .control = $0 { false } else { true } }.isEmpty)
  }

  @Test func writesBehindABlockedWriteWaitInOrder() throws {
    var c = Cluster()
    _ = try c.crash("db3")
    c.setSyncMode(.sync)
    _ = try c.write("a", "1")
    let second = try c.write("b", "2")
    guard case .blocked = second.result else {
      Issue.record("expected the second write to block too, got \(second.result)")
      return
    }
    #expect(c.pendingWrites.map(\.seq) == [1, 2])
    #expect(try c.read("a").value == nil)
    #expect(try c.read("b").value == nil)
  }

  @Test func switchingToAsyncReleasesABlockedWrite() throws {
    var c = Cluster()
    _ = try c.crash("db3")
    c.setSyncMode(.sync)
    _ = try c.write("k", "v")
    #expect(try c.read("k").value == nil)
    _ = c.drainEvents()
    c.setSyncMode(.async)
    #expect(c.pendingWrites.isEmpty)
    #expect(try c.read("k").value == "v")
    let happenings = c.testHappenings()
    #expect(happenings.contains { if case .lateAcknowledgement(1, _, .async, _, []) = $0 { true } else { false } })
  }

  @Test func removingTheMissingReplicaReleasesABlockedWrite() throws {
    var c = Cluster()
    _ = try c.crash("db3")
    c.setSyncMode(.sync)
    _ = try c.write("k", "v")
    try c.remove("db3")
    #expect(c.pendingWrites.isEmpty)
    #expect(try c.read("k").value == "v")
  }

  // MARK: errors

  @Test func writeWithMasterDownIsRefused() throws {
    var c = Cluster()
    _ = try c.crash("db1")
    #expect(throws: ClusterError.masterDown(master: "db1", liveReplicas: ["db2", "db3"])) {
      try c.write("k", "v")
    }
    #expect(c.node("db1")?.log.lastSeq == 0)
    #expect(c.keys.id(of: "k") == nil)
    #expect(c.now == 0)
  }
}
