import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct SemiSyncTests {
  /// A semi-sync cluster whose settings are `settings`.
  static func semiSync(_ settings: SemiSyncSettings = SemiSyncSettings()) -> Cluster {
    var c = Cluster()
    c.setSyncMode(.semi)
    c.setSemiSync(settings)
    return c
  }

  // MARK: acks

  /// Found by a random fault schedule: a slow replica re-pointed to a new master reported its apply
  /// progress before the master's rewind reached it, with a position that counted a write of the
  /// old timeline; the new master took it for its own write of that seq and acknowledged it early.
  @Test func anAckFromAnotherTimelineReleasesNothing() throws {
    var c = Cluster()
    try c.setApplyRate(10, for: "db3")
    try c.setLatency(200, for: "db3")
    c.partition(["db2"], from: ["db1"])
    _ = try c.write("x", "1")
    c.advance(by: 250)
    #expect(c.node("db3")?.received == 1, "db3 holds db1's seq 1; db2 does not")
    _ = try c.crash("db1")
    _ = try c.promote("db2")
    c.setSyncMode(.semi)
    let w = try c.write("y", "2")
    guard case .acknowledged = w.result else {
      Issue.record("expected an acknowledgement, got \(w.result)")
      return
    }
    // Acknowledged only once db3 holds db2's seq 1, after the rewind.
    #expect(c.node("db3")?.log.epoch(at: 1) == 2)
    #expect(c.master!.replicas["db3"]!.received <= c.master!.log.lastSeq)
  }

  @Test func oneAckIsTheFirstReplicaToReceive() throws {
    var c = Self.semiSync()
    try c.setLatency(50, for: "db3")
    let w = try c.write("k", "v")
    #expect(w.result == .acknowledged(waited: 20, by: ["db2"], degraded: false))
  }

  @Test func twoAcksWaitForBothReplicas() throws {
    var s = SemiSyncSettings()
    s.acks = 2
    var c = Self.semiSync(s)
    try c.setLatency(50, for: "db3")
    let w = try c.write("k", "v")
    // db2 answers after 20 ms, but the write needs db3's answer too: 50 ms each way.
    #expect(w.result == .acknowledged(waited: 100, by: ["db2", "db3"], degraded: false))
  }

  @Test func twoAcksWithOneReplicaDownWaitForTheTimeout() throws {
    var s = SemiSyncSettings()
    s.acks = 2
    s.timeout = 3000
    var c = Self.semiSync(s)
    _ = try c.crash("db3")
    let w = try c.write("k", "v")
    #expect(w.result == .fellBack(waited: 3000))
    #expect(c.semiSyncActive == false)
  }

  @Test func acksCannotExceedTheReplicas() {
    var i = Interpreter()
    _ = i.execute("sync-mode semi")
    let refused = i.execute("semi-sync acks 3")
    #expect(
      refused.error
        == "acks 3 is more than the 2 replicas there are; a write could never be acknowledged. Usage: semi-sync acks N")
    #expect(i.cluster.semiSync.acks == 1)
    let accepted = i.execute("semi-sync acks 2")
    #expect(accepted.error == nil)
    #expect(i.cluster.semiSync.acks == 2)
  }

  @Test func anAddedReplicaAllowsOneMoreAck() {
    var i = Interpreter()
    #expect(i.execute("semi-sync acks 3").error != nil)
    _ = i.execute("add replica db4")
    #expect(i.execute("semi-sync acks 3").error == nil)
    #expect(i.cluster.semiSync.acks == 3)
  }

  // MARK: Timeout and return

  @Test func timeoutFallsBackToAsyncAndSaysSo() throws {
    var s = SemiSyncSettings()
    s.timeout = 2000
    var c = Self.semiSync(s)
    _ = try c.crash("db2")
    _ = try c.crash("db3")
    let w = try c.write("k", "v")
    #expect(w.result == .fellBack(waited: 2000))
    #expect(c.now == 2000)
    #expect(!c.semiSyncActive)
    #expect(c.pendingWrites.isEmpty)
    #expect(c.testValue(of: "k", on: "db1") == "v")
    let events = c.testHappenings()
    #expect(events.contains { if case .semiSyncOff("db1", 1, 2000) = $0 { true } else { false } })
    #expect(c.syncState(of: "db2") == .semi(on: false))

    // While OFF, writes are acknowledged at once.
    let next = try c.write("k", "w")
    #expect(next.result == .immediate(semiSyncOff: true, degraded: false))
    #expect(c.now == 2000)
  }

  @Test func semiSyncReturnsWhenAReplicaCatchesUp() throws {
    var s = SemiSyncSettings()
    s.timeout = 2000
    var c = Self.semiSync(s)
    _ = try c.crash("db2")
    _ = try c.crash("db3")
    _ = try c.write("k", "v")
    _ = try c.write("k", "w")
    _ = c.testHappenings()
    #expect(!c.semiSyncActive)
    _ = try c.restart("db2")
    // hello out, the missing entries back, the acknowledgement out: three one-way trips.
    c.advance(by: 29)
    #expect(!c.semiSyncActive)
    c.advance(by: 1)
    #expect(c.semiSyncActive)
    #expect(c.syncState(of: "db2") == .semi(on: true))
    let events = c.testHappenings()
    #expect(events.contains { if case .semiSyncOn("db1", "db2", 2) = $0 { true } else { false } })
    let w = try c.write("k", "x")
    #expect(w.result == .acknowledged(waited: 20, by: ["db2"], degraded: false))
  }

  // MARK: Wait point

  /// Replicas 20 s away and a timeout of a minute, so a write stays waiting across commands.
  static func farReplicas(_ waitPoint: SemiSyncSettings.WaitPoint) throws -> Cluster {
    var s = SemiSyncSettings()
    s.timeout = 60_000
    s.waitPoint = waitPoint
    var c = semiSync(s)
    try c.setLatency(20_000, for: "db2")
    try c.setLatency(20_000, for: "db3")
    return c
  }

  @Test func afterSyncHidesAWaitingWriteFromReaders() throws {
    var c = try Self.farReplicas(.afterSync)
    let w = try c.write("price", "100")
    guard case .blocked(10_000, _) = w.result else {
      Issue.record("expected the write to be blocked, got \(w.result)")
      return
    }
    let r = try c.read("price")
    #expect(r.value == nil)
    #expect(r.waitingSeqs == [1])
    #expect(r.unreplicatedSeq == nil)
    #expect(c.exposedReads.isEmpty)
    #expect(c.node("db1")?.applied == 0)

    c.advance(by: 30_000)
    #expect(c.pendingWrites.isEmpty)
    let after = try c.read("price")
    #expect(after.value == "100")
    #expect(after.waitingSeqs.isEmpty)
    #expect(after.unreplicatedSeq == nil)
    #expect(c.exposedReads.isEmpty)
  }

  @Test func afterCommitShowsAWaitingWriteAndRecordsTheRead() throws {
    var c = try Self.farReplicas(.afterCommit)
    let w = try c.write("price", "120")
    guard case .blocked(10_000, _) = w.result else {
      Issue.record("expected the write to be blocked, got \(w.result)")
      return
    }
    #expect(c.pendingWrites.map(\.seq) == [1])
    let r = try c.read("price")
    #expect(r.value == "120")
    #expect(r.unreplicatedSeq == 1)
    #expect(r.waitingSeqs.isEmpty)
    #expect(c.exposedReads == [1: [10_000]])
    c.advance(by: 500)
    _ = try c.read("price")
    #expect(c.exposedReads == [1: [10_000, 10_500]])

    // Once a replica has it, a read is no longer an exposure.
    c.advance(by: 30_000)
    #expect(c.pendingWrites.isEmpty)
    let later = try c.read("price")
    #expect(later.unreplicatedSeq == nil)
    #expect(c.exposedReads == [1: [10_000, 10_500]])
  }

  @Test func readsFromAReplicaAreNeverExposures() throws {
    var c = try Self.farReplicas(.afterCommit)
    _ = try c.write("price", "120")
    let r = try c.read("price", from: "db2")
    #expect(r.value == nil)
    #expect(r.unreplicatedSeq == nil)
    #expect(c.exposedReads.isEmpty)
  }

  // MARK: Failover

  @Test func aLostAfterCommitWriteCarriesItsReads() throws {
    var c = try Self.farReplicas(.afterCommit)
    _ = try c.write("price", "120")
    _ = try c.read("price")
    let cutOff = try c.crash("db1")
    #expect(cutOff == [1])
    let p = try c.promote(nil)
    #expect(p.newMaster == "db2")
    #expect(p.lost.count == 1)
    let lost = try #require(p.lost.first)
    #expect(lost.entry.seq == 1)
    #expect(lost.acknowledged == false)
    #expect(lost.readAt == [10_000])
    #expect(lost.alsoOn.isEmpty)
    #expect(c.exposedReads.isEmpty)
    #expect(try c.read("price").value == nil)
  }

  @Test func aWriteAcknowledgedAfterTheTimeoutIsLostAsAcknowledged() throws {
    var s = SemiSyncSettings()
    s.timeout = 1000
    var c = Self.semiSync(s)
    try c.setLatency(20_000, for: "db2")
    try c.setLatency(20_000, for: "db3")
    let w = try c.write("price", "100")
    #expect(w.result == .fellBack(waited: 1000))
    _ = try c.crash("db1")
    let p = try c.promote(nil)
    let lost = try #require(p.lost.first)
    #expect(p.lost.count == 1)
    #expect(lost.acknowledged == true)
    #expect(lost.readAt.isEmpty)
  }
}
