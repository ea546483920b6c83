import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct SyncStandbyTests {
  /// A `sync-mode sync` cluster with db3 applying 10 entries per second (one every 100 ms).
  static func slowDb3(_ level: CommitLevel) throws -> Cluster {
    var c = Cluster()
    c.setSyncMode(.sync)
    c.setCommitLevel(level)
    try c.setApplyRate(10, for: "db3")
    return c
  }

  static func contains(_ events: [ClusterEvent.Happening], _ match: (ClusterEvent.Happening) -> Bool) -> Bool {
    events.contains(where: match)
  }

  // MARK: synchronous_commit

  @Test func remoteApplyWaitsForTheSlowReplicaToApply() throws {
    var c = try Self.slowDb3(.remoteApply)
    let w = try c.write("stock", "40")
    // db3 stores it at 10 ms, applies it at 110 ms, and its acknowledgement arrives at 120 ms.
    #expect(w.result == .acknowledged(waited: 120, by: ["db2", "db3"], degraded: false))
    #expect(c.node("db3")?.applied == 1)
    #expect(try c.read("stock", from: "db3").value == "40")
  }

  @Test(arguments: [CommitLevel.on, .remoteWrite])
  func onWaitsOnlyForReceipt(_ level: CommitLevel) throws {
    var c = try Self.slowDb3(level)
    let w = try c.write("stock", "40")
    #expect(w.result == .acknowledged(waited: 20, by: ["db2", "db3"], degraded: false))
    #expect(c.node("db3")?.received == 1)
    #expect(c.node("db3")?.applied == 0)
    #expect(try c.read("stock", from: "db3").value == nil)
  }

  @Test(arguments: [CommitLevel.local, .off])
  func localDoesNotWait(_ level: CommitLevel) throws {
    var c = try Self.slowDb3(level)
    let w = try c.write("stock", "40")
    #expect(w.result == .immediate(semiSyncOff: false, degraded: false))
    #expect(c.now == 0)
    #expect(c.pendingWrites.isEmpty)
    #expect(c.node("db2")?.received == 0)
    #expect(c.syncState(of: "db2") == .async)
  }

  /// synchronous_commit is fixed when a commit starts to wait: lowering it releases nobody, and the
  /// waiting write is released by the standby it waits for, when that one returns.
  @Test func loweringTheLevelDoesNotReleaseAWaitingWrite() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2"]))
    _ = try c.crash("db2")
    let w = try c.write("stock", "40")
    guard case .blocked = w.result else {
      Issue.record("expected a blocked write, got \(w.result)")
      return
    }
    #expect(c.pendingWrites.count == 1)
    c.setCommitLevel(.local)
    #expect(c.pendingWrites.count == 1)
    #expect(c.pendingWrites.first?.level == .remoteApply)
    _ = try c.restart("db2")
    _ = c.settle()
    #expect(c.pendingWrites.isEmpty)
  }

  // MARK: A standby's host dies

  /// A dead host closes no connection: under FIRST 1 (db2, db3) db1 keeps db2 as its synchronous
  /// standby, and a commit waits, until its sender gives up after wal_sender_timeout.
  @Test func aDeadHostStaysSynchronousUntilTheSenderTimesOut() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2", "db3"]))
    _ = try c.crash("db2", kind: .host)
    #expect(c.currentSyncSet() == ["db2"])
    _ = c.testHappenings()
    let w = try c.write("stock", "38")
    #expect(w.result == .blocked(waited: 10_000, missing: [.init(name: "db2", isDown: true)]))
    c.advance(by: DataPlane.senderTimeout - 10_000)
    #expect(c.currentSyncSet() == ["db3"])
    #expect(c.pendingWrites.isEmpty)
    let events = c.testHappenings()
    #expect(
      Self.contains(events) {
        if case .senderTimedOut("db2", "db1", DataPlane.senderTimeout) = $0 { true } else { false }
      })
    #expect(
      Self.contains(events) {
        if case .lateAcknowledgement(1, _, .sync, .remoteApply, ["db3"]) = $0 { true } else { false }
      })
  }

  /// A killed process's kernel closes its connection: db3 takes over at once.
  @Test func aKilledProcessDisconnectsAtOnce() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2", "db3"]))
    _ = try c.crash("db2", kind: .process)
    #expect(c.currentSyncSet() == ["db3"])
    let w = try c.write("stock", "38")
    #expect(w.result == .acknowledged(waited: 20, by: ["db3"], degraded: false))
  }

  /// A standby back before the timeout has a new connection; the old sender's timeout leaves it be.
  @Test func aStandbyBackBeforeTheTimeoutKeepsItsNewConnection() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2", "db3"]))
    _ = try c.crash("db2", kind: .host)
    _ = try c.write("stock", "38")
    _ = try c.restart("db2")
    c.advance(by: DataPlane.senderTimeout)
    #expect(c.pendingWrites.isEmpty)
    #expect(c.currentSyncSet() == ["db2"])
    #expect(!Self.contains(c.testHappenings()) { if case .senderTimedOut = $0 { true } else { false } })
  }

  // MARK: FIRST n

  @Test func firstOnePicksTheFirstConnected() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2", "db3"]))
    try c.setLatency(1000, for: "db3")
    #expect(c.currentSyncSet() == ["db2"])
    #expect(c.syncState(of: "db2") == .sync)
    #expect(c.syncState(of: "db3") == .potential)
    // db3 is a second away, but only db2 is waited for.
    let w = try c.write("stock", "38")
    #expect(w.result == .acknowledged(waited: 20, by: ["db2"], degraded: false))
  }

  @Test func firstOneSkipsADisconnectedStandby() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    _ = try c.crash("db2", kind: .process)
    try c.setSyncStandbys(.first(1, ["db2", "db3"]))
    #expect(c.currentSyncSet() == ["db3"])
    let w = try c.write("stock", "38")
    #expect(w.result == .acknowledged(waited: 20, by: ["db3"], degraded: false))
  }

  @Test func aCrashMakesThePotentialStandbySynchronous() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2", "db3"]))
    try c.setLatency(1000, for: "db3")
    _ = try c.write("stock", "38")
    _ = c.testHappenings()
    _ = try c.crash("db2", kind: .process)
    let events = c.testHappenings()
    #expect(events.count == 1)
    #expect(
      Self.contains(events) {
        if case .syncStandbysChanged("db1", ["db3"], ["db2"]) = $0 { true } else { false }
      })
    #expect(c.syncState(of: "db3") == .sync)
    #expect(c.syncState(of: "db2") == .potential)
    let w = try c.write("stock", "37")
    #expect(w.result == .acknowledged(waited: 2000, by: ["db3"], degraded: false))
  }

  @Test func aReturningHigherPriorityStandbyTakesOverAgain() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2", "db3"]))
    _ = try c.crash("db2", kind: .process)
    _ = c.testHappenings()
    _ = try c.restart("db2")
    c.settle()
    let events = c.testHappenings()
    #expect(
      Self.contains(events) {
        if case .syncStandbysChanged("db1", ["db2"], ["db3"]) = $0 { true } else { false }
      })
    #expect(c.currentSyncSet() == ["db2"])
  }

  @Test func unlistedReplicasAreAsync() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2"]))
    #expect(c.syncState(of: "db2") == .sync)
    #expect(c.syncState(of: "db3") == .async)
    _ = try c.crash("db3")
    let w = try c.write("stock", "1")
    #expect(w.result == .acknowledged(waited: 20, by: ["db2"], degraded: false))
  }

  // MARK: ANY n

  @Test func anyOneTakesTheFirstAnswer() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.any(1, ["db2", "db3"]))
    try c.setLatency(1000, for: "db2")
    #expect(c.syncState(of: "db2") == .quorum)
    #expect(c.syncState(of: "db3") == .quorum)
    let w = try c.write("stock", "36")
    #expect(w.result == .acknowledged(waited: 20, by: ["db3"], degraded: false))
  }

  @Test func anyTwoWaitsForBoth() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.any(2, ["db2", "db3"]))
    try c.setLatency(1000, for: "db2")
    let w = try c.write("stock", "36")
    #expect(w.result == .acknowledged(waited: 2000, by: ["db2", "db3"], degraded: false))
  }

  // MARK: No standby left

  @Test func withFallbackWaitTheCommitBlocksUntilAStandbyReturns() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2"]))
    _ = try c.crash("db2", kind: .process)
    let crashEvents = c.testHappenings()
    #expect(
      Self.contains(crashEvents) {
        if case .syncStandbysChanged("db1", [], ["db2"]) = $0 { true } else { false }
      })
    let w = try c.write("stock", "35")
    #expect(w.result == .blocked(waited: 10_000, missing: [.init(name: "db2", isDown: true)]))
    #expect(c.pendingWrites.map(\.seq) == [1])
    #expect(!c.syncDegraded)
    // The master does not show the write to readers meanwhile.
    #expect(try c.read("stock").value == nil)

    _ = c.testHappenings()
    _ = try c.restart("db2")
    c.advance(by: 100)
    #expect(c.pendingWrites.isEmpty)
    let events = c.testHappenings()
    #expect(
      Self.contains(events) {
        if case .lateAcknowledgement(1, 10_030, .sync, .remoteApply, ["db2"]) = $0 { true } else { false }
      })
    #expect(try c.read("stock").value == "35")
  }

  @Test func withFallbackAsyncTheCommitDegradesAndRecovers() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    c.setSyncFallback(.async)
    try c.setSyncStandbys(.first(1, ["db2"]))
    _ = try c.crash("db2", kind: .process)
    _ = c.testHappenings()
    let w = try c.write("stock", "34")
    #expect(w.result == .immediate(semiSyncOff: false, degraded: true))
    #expect(c.syncDegraded)
    var events = c.testHappenings()
    #expect(Self.contains(events) { if case .syncDegraded("db1", 1) = $0 { true } else { false } })

    // Later degraded writes say nothing new.
    _ = try c.write("stock", "33")
    events = c.testHappenings()
    #expect(!Self.contains(events) { if case .syncDegraded = $0 { true } else { false } })

    _ = try c.restart("db2")
    c.advance(by: 100)
    _ = c.testHappenings()
    let back = try c.write("stock", "32")
    #expect(back.result == .acknowledged(waited: 20, by: ["db2"], degraded: false))
    #expect(!c.syncDegraded)
    events = c.testHappenings()
    #expect(Self.contains(events) { if case .syncRestored("db1", 3) = $0 { true } else { false } })
  }

  @Test func allReplicasWithOneDownDegradesButStillWaitsForTheOthers() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    c.setSyncFallback(.async)
    _ = try c.crash("db3", kind: .process)
    let w = try c.write("stock", "1")
    #expect(w.result == .acknowledged(waited: 20, by: ["db2"], degraded: true))
    #expect(c.syncDegraded)
  }

  @Test func allReplicasWithOneDownBlocksUnderFallbackWait() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    _ = try c.crash("db3")
    let w = try c.write("stock", "1")
    #expect(w.result == .blocked(waited: 10_000, missing: [.init(name: "db3", isDown: true)]))
  }

  @Test func anyQuorumWithEveryStandbyDownDegrades() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    c.setSyncFallback(.async)
    try c.setSyncStandbys(.any(1, ["db2", "db3"]))
    _ = try c.crash("db2", kind: .process)
    _ = try c.crash("db3", kind: .process)
    let w = try c.write("stock", "1")
    #expect(w.result == .immediate(semiSyncOff: false, degraded: true))
  }

  // MARK: sync_state

  @Test func syncStateFollowsTheMode() throws {
    var c = Cluster()
    #expect(c.syncState(of: "db2") == .async)
    c.setSyncMode(.semi)
    #expect(c.syncState(of: "db2") == .semi(on: true))
    c.setSyncMode(.sync)
    #expect(c.syncState(of: "db2") == .sync)
    #expect(c.syncState(of: "db3") == .sync)
    c.setCommitLevel(.local)
    #expect(c.syncState(of: "db2") == .async)
    c.setCommitLevel(.on)
    try c.setSyncStandbys(.any(1, ["db3"]))
    #expect(c.syncState(of: "db2") == .async)
    #expect(c.syncState(of: "db3") == .quorum)
    _ = try c.addReplica("db4", standby: true)
    #expect(c.syncState(of: "db4") == .standby)
  }

  // MARK: Validation

  @Test func unknownStandbysAreRefusedAndChangeNothing() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2", "db3"]))
    #expect(throws: ClusterError.unknownStandby("db9", known: ["db2", "db3"])) {
      try c.setSyncStandbys(.first(1, ["db2", "db9"]))
    }
    #expect(throws: ClusterError.unknownStandby("db1", known: ["db2", "db3"])) {
      try c.setSyncStandbys(.any(1, ["db1"]))
    }
    #expect(c.syncStandbys == .first(1, ["db2", "db3"]))
  }

  @Test func aPassiveStandbyCannotBeListed() throws {
    var c = Cluster()
    _ = try c.addReplica("db4", standby: true)
    #expect(throws: ClusterError.unknownStandby("db4", known: ["db2", "db3"])) {
      try c.setSyncStandbys(.first(1, ["db4"]))
    }
    #expect(c.syncStandbys == .all)
  }

  @Test func moreStandbysThanListedAreRefusedAndChangeNothing() throws {
    var c = Cluster()
    try c.setSyncStandbys(.any(1, ["db2", "db3"]))
    #expect(throws: ClusterError.quorumTooLarge(3, listed: 2)) {
      try c.setSyncStandbys(.any(3, ["db2", "db3"]))
    }
    #expect(throws: ClusterError.quorumTooLarge(2, listed: 1)) {
      try c.setSyncStandbys(.first(2, ["db2"]))
    }
    #expect(c.syncStandbys == .any(1, ["db2", "db3"]))
  }

  @Test func theInterpreterReportsARefusedSettingAndKeepsTheOldOne() {
    var i = Interpreter()
    _ = i.execute("sync-standbys first 1 db2 db3")
    let r = i.execute("sync-standbys any 1 db9")
    #expect(r.error == "'db9' is not a replica; the replicas are db2, db3")
    #expect(i.cluster.syncStandbys == .first(1, ["db2", "db3"]))
  }

  /// Found by a random fault schedule: a synchronous replica applied a write, crashed before its
  /// acknowledgement got out, and came back with nothing more to receive; the master never heard
  /// that it had applied the write, and the commit waited for ever.
  @Test func aReplicaThatAppliedBeforeCrashingReleasesTheCommitWhenItReconnects() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setLatency(1000, for: "db3")
    _ = try c.startLoad(count: 1, over: 0, keys: 1)
    c.advance(by: 1500)
    #expect(c.node("db3")?.applied == 1, "applied; its acknowledgement is still on the way")
    #expect(c.master?.applied == 0)
    _ = try c.crash("db3")
    _ = try c.restart("db3")
    c.settle()
    #expect(c.master?.applied == 1)
    #expect(c.pendingWrites.isEmpty)
  }
}
