import ReplLabTestSupport
import Testing

@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

@Suite struct CrashRestartTests {
  @Test func crashedReplicaMissesWritesAndCatchesUpOnRestart() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    c.settle()
    #expect(try c.crash("db3") == [])
    #expect(c.node("db3")?.isUp == false)
    _ = try c.write("b", "2")
    _ = try c.write("a", "3")
    c.settle()
    #expect(c.node("db3")?.received == 1)
    #expect(c.node("db3")?.applied == 1)
    #expect(c.testValue(of: "a", on: "db3") == "1")
    #expect(c.testValue(of: "b", on: "db3") == nil)
    #expect(c.testValue(of: "a", on: "db2") == "3")
    _ = c.drainEvents()

    let r = try c.restart("db3")
    #expect(r.node == "db3")
    #expect(r.kind == .replicaReconnecting(master: "db1", from: 2))
    #expect(c.node("db3")?.isUp == true)
    c.settle()
    #expect(c.node("db3")?.applied == 3)
    #expect(c.node("db3")?.data == c.node("db1")?.data)
    let events = c.testHappenings()
    guard events.count == 1, case .replicated("db3", 2, 3, 3) = events[0] else {
      Issue.record("expected db3 to receive seqs 2-3 in one batch, got \(events)")
      return
    }
  }

  @Test func crashedReplicaKeepsItsDiskAndCannotBeRead() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    c.settle()
    _ = try c.crash("db2")
    #expect(c.testValue(of: "a", on: "db2") == "1")
    #expect(throws: ClusterError.nodeDown("db2", alternatives: ["db3", "db1"], key: "a")) {
      try c.read("a", from: "db2")
    }
  }

  @Test func messagesInFlightToACrashedNodeAreLost() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    c.advance(by: 5)
    _ = try c.crash("db2")
    c.advance(by: 100)
    #expect(c.node("db2")?.received == 0)
    #expect(c.node("db3")?.received == 1)
    #expect(c.messagesInFlight == 0)
  }

  @Test func aMessageForAnEarlierLifeIsLostEvenIfTheNodeIsBackInTime() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    c.advance(by: 5)
    _ = try c.crash("db2")
    _ = try c.restart("db2")
    // The entry sent to db2's previous life would arrive at t=10; it must not.
    c.advance(by: 5)
    #expect(c.now == 10)
    #expect(c.node("db2")?.received == 0)
    _ = c.drainEvents()
    // db2's hello gets the entry re-sent: it arrives once, at t=25.
    c.settle()
    #expect(c.node("db2")?.applied == 1)
    let events = c.drainEvents().filter { if case .replicated("db2", _, _, _) = $0.what { true } else { false } }
    #expect(events.map(\.time) == [25])
  }

  @Test func messagesInFlightFromACrashedNodeAreLost() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    c.advance(by: 5)
    _ = try c.crash("db1")
    c.advance(by: 100)
    #expect(c.node("db2")?.received == 0)
    #expect(c.node("db3")?.received == 0)
    #expect(c.testValue(of: "a", on: "db1") == "1")
  }

  @Test func crashedMasterRejectsWrites() throws {
    var c = Cluster()
    _ = try c.crash("db1")
    #expect(throws: ClusterError.masterDown(master: "db1", liveReplicas: ["db2", "db3"])) {
      try c.write("a", "1")
    }
    #expect(throws: ClusterError.masterDown(master: "db1", liveReplicas: ["db2", "db3"])) {
      try c.read("a")
    }
    #expect(throws: ClusterError.masterDown(master: "db1", liveReplicas: ["db2", "db3"])) {
      try c.addReplica("db4")
    }
    _ = try c.crash("db2")
    _ = try c.crash("db3")
    #expect(throws: ClusterError.masterDown(master: "db1", liveReplicas: [])) {
      try c.write("a", "1")
    }
  }

  @Test func crashAndRestartRefuseTheWrongState() throws {
    var c = Cluster()
    #expect(throws: ClusterError.nodeAlreadyUp("db2")) { try c.restart("db2") }
    _ = try c.crash("db2")
    #expect(throws: ClusterError.nodeAlreadyDown("db2")) { try c.crash("db2") }
    #expect(throws: ClusterError.unknownNode("db9", known: ["db1", "db2", "db3"])) { try c.crash("db9") }
    #expect(throws: ClusterError.unknownNode("db9", known: ["db1", "db2", "db3"])) { try c.restart("db9") }
  }

  @Test func restartedMasterResumesWrites() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    c.settle()
    _ = try c.crash("db1")
    let r = try c.restart("db1")
    #expect(r.kind == .resumedAsMaster(epoch: 1, recovered: 0))
    #expect(c.masterName == "db1")
    #expect(c.epoch == 1)
    // A write straight away, before the replicas have reconnected, still reaches them.
    let w = try c.write("a", "2")
    #expect(w.seq == 2)
    #expect(w.result == .immediate(semiSyncOff: false, degraded: false))
    c.settle()
    #expect(c.testValue(of: "a", on: "db2") == "2")
    #expect(c.testValue(of: "a", on: "db3") == "2")
    #expect(c.node("db1")?.replicas["db2"]?.connected == true)
  }

  @Test func masterCrashCutsOffAWaitingClientAndRecoveryCommitsTheWrite() throws {
    var c = Cluster()
    _ = try c.crash("db3")
    c.setSyncMode(.sync)
    _ = try c.write("a", "1")
    #expect(try c.read("a").value == nil)
    #expect(try c.crash("db1") == [1])
    #expect(c.pendingWrites.isEmpty)
    let r = try c.restart("db1")
    #expect(r.kind == .resumedAsMaster(epoch: 1, recovered: 1))
    #expect(try c.read("a").value == "1")
  }

  /// db3 received seq 1 from db1; db2, promoted without it, never had it. When db3 returns, the
  /// restart says first that seq 1 will be rolled back, and the log then agrees with db2's.
  @Test func aRestartedReplicaWithAForkedLogSaysItRollsBackFirst() throws {
    var c = Cluster()
    try c.setLatency(60_000, for: "db2")
    _ = try c.write("a", "1")
    c.advance(by: 100)
    #expect(c.node("db3")?.log.lastSeq == 1)
    _ = try c.crash("db3")
    _ = try c.crash("db1")
    try c.setLatency(10, for: "db2")
    _ = try c.promote("db2")
    let r = try c.restart("db3")
    #expect(r.kind == .replicaRollingBack(master: "db2", forkAfter: 0, last: 1))
    c.settle()
    #expect(c.testValue(of: "a", on: "db3") == nil)
  }

  @Test func restartedReplicaFollowsTheMasterAfterAPromotion() throws {
    var c = Cluster()
    _ = try c.crash("db3")
    _ = try c.crash("db1")
    _ = try c.promote("db2")
    _ = try c.write("a", "1")
    let r = try c.restart("db3")
    #expect(r.kind == .replicaReconnecting(master: "db2", from: 1))
    c.settle()
    #expect(c.node("db3")?.masterName == "db2")
    #expect(c.node("db3")?.epoch == 2)
    #expect(c.testValue(of: "a", on: "db3") == "1")
  }

  @Test func restartWithNoMasterToFollow() throws {
    var c = Cluster()
    _ = try c.crash("db2")
    c.data.masterName = nil
    let r = try c.restart("db2")
    #expect(r.kind == .noMasterToFollow)
    #expect(c.node("db2")?.isUp == true)
  }
}

/// A process crash (kill -9) against a host crash: what the kernel had been handed still leaves a
/// killed process, and nothing leaves a dead host.
@Suite struct CrashKindTests {
  @Test func aKilledMastersAcknowledgedWriteStillReachesTheReplicas() throws {
    var c = Cluster()
    _ = try c.write("k", "v1")
    c.settle()
    _ = try c.write("k", "v2")
    _ = try c.crash("db1", kind: .process)
    c.settle()
    #expect(c.testValue(of: "k", on: "db2") == "v2")
    #expect(c.testValue(of: "k", on: "db3") == "v2")
    let report = try c.promote(nil)
    #expect(report.lost.isEmpty)
  }

  @Test func aDeadHostsAcknowledgedWriteIsLost() throws {
    var c = Cluster()
    _ = try c.write("k", "v1")
    c.settle()
    _ = try c.write("k", "v2")
    _ = try c.crash("db1", kind: .host)
    c.settle()
    #expect(c.testValue(of: "k", on: "db2") == "v1")
    let report = try c.promote(nil)
    #expect(report.lost.map(\.entry.seq) == [2])
  }

  @Test func aKilledProcessSendsNothingAfterItDied() throws {
    var c = Cluster()
    _ = try c.crash("db1", kind: .process)
    // The master is down: a write cannot even start, so nothing new can leave it.
    #expect(throws: ClusterError.self) { _ = try c.write("k", "v") }
    c.settle()
    #expect(c.node("db2")?.received == 0)
  }
}
