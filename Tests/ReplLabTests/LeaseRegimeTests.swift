import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// The lease regime (`manager lease`, Patroni on etcd): a leader that cannot renew its key demotes
/// itself before the key expires, and only then may a replica take it.
@Suite struct LeaseRegimeTests {
  /// Patroni's defaults; db1 and the client are cut off from everyone, etcd included, at t=12s.
  static func cutOff(_ extra: String...) -> Lab {
    var lab = Lab()
    lab.run("preset patroni", "preset off")
    for line in extra { lab.run(line) }
    lab.run("set a 0", "wait 12s", "partition db1 app")
    return lab
  }

  static func actingMasters(_ c: Cluster) -> [String] {
    c.nodeNames.filter { c.node($0)?.isUp == true && c.node($0)?.role == .master }
  }

  @Test func aLeaderThatCannotRenewDemotesItselfBeforeItsKeyExpires() {
    var lab = Self.cutOff()
    var demotedAt: SimTime?
    while lab.cluster.now < 60_000 && demotedAt == nil {
      lab.run("wait 100ms")
      if lab.cluster.node("db1")!.role == .replica { demotedAt = lab.cluster.now }
    }
    let at = try! #require(demotedAt)
    let key = try! #require(lab.cluster.control.lease.store.leader(at: at))
    #expect(key.holder == "db1", "the key still names db1 when it demotes: nobody else can hold it yet")
    #expect(at < key.expiresAt)
    // loop_wait + retry_timeout after the cut at most: the renewal that failed, then the retries.
    #expect(at <= 12_000 + 10_000 + 10_000 + 100)
  }

  @Test func aPartitionedOldMasterRefusesWritesDuringThePartition() {
    var lab = Self.cutOff()
    #expect(lab.run("set a 1").error == nil, "right after the cut db1 still holds its key")
    lab.run("wait 20s")
    let before = lab.cluster.node("db1")!.log.lastSeq
    let refused = lab.run("set a 2")
    #expect(refused.error?.contains("db1 refused app's write: it gave up being master and is read-only") == true)
    lab.run("wait 10s")
    #expect(lab.cluster.masterName == "db2", "the key expired and db2 took it")
    #expect(lab.cluster.network.isCut("db1", "db2"), "still partitioned")
    lab.run("get a from db1")
    #expect(lab.cluster.node("db1")!.role == .replica)
    #expect(lab.cluster.node("db1")!.log.lastSeq == before, "db1 took no write after it demoted")
  }

  @Test func neverTwoNodesTakeWritesAtTheSameInstant() {
    var lab = Self.cutOff()
    var sawNoMaster = false
    for _ in 0..<400 {
      lab.run("wait 100ms")
      let masters = Self.actingMasters(lab.cluster)
      #expect(masters.count <= 1, "t=\(lab.cluster.now): \(masters)")
      if masters.isEmpty { sawNoMaster = true }
    }
    #expect(sawNoMaster, "between the demotion and the takeover nobody takes writes")
    #expect(lab.cluster.masterName == "db2")
  }

  @Test func aReplicaTakesTheKeyOnlyOnceItExpired() {
    var lab = Self.cutOff()
    let expiry = lab.cluster.control.lease.store.leader!.expiresAt
    lab.run("wait 40s")
    let promotion = lab.cluster.timeline.records.compactMap { r -> SimTime? in
      if case .mark("db2", .promoted) = r.entry { return r.time }
      return nil
    }.first
    #expect(try! #require(promotion) >= expiry)
  }

  @Test func maximumLagOnFailoverKeepsALaggingReplicaFromTheKey() {
    var lab = Lab()
    lab.run(
      "preset patroni", "crash db2", "partition db3 from db1", "set a 1", "set b 2", "wait 12s",
      "patroni maximum_lag_on_failover 0", "crash db1", "heal")
    let out = lab.transcript("wait 60s")
    #expect(out.contains("db3 does not try for the leader key: it is 2 entries behind"))
    #expect(Self.actingMasters(lab.cluster).isEmpty)
    #expect(lab.cluster.lostWrites.isEmpty)
    // With the default bound the same replica takes the key and the two writes are lost.
    var lax = Lab()
    lax.run(
      "preset patroni", "crash db2", "partition db3 from db1", "set a 1", "set b 2", "wait 12s", "crash db1",
      "heal", "wait 60s")
    #expect(lax.cluster.masterName == "db3")
    #expect(lax.cluster.lostWrites.count == 2)
  }

  @Test func theMostAdvancedReplicaTakesTheKey() {
    var lab = Lab()
    lab.run("preset patroni", "partition db2 from db1", "set a 1", "wait 12s", "crash db1", "heal", "wait 40s")
    #expect(lab.cluster.masterName == "db3", "db3 has seq 1, db2 has nothing")
    #expect(lab.cluster.lostWrites.isEmpty)
  }

  @Test func synchronousModeLetsOnlyTheSynchronousStandbyTakeOver() {
    var lab = Lab()
    lab.run("preset patroni", "patroni synchronous_mode on", "wait 12s")
    #expect(lab.cluster.syncMode == .sync)
    #expect(lab.cluster.control.lease.store.syncStandby == "db2")
    lab.run("set a 1", "crash db1")
    let out = lab.transcript("wait 40s")
    #expect(out.contains("db3 does not try for the leader key: in synchronous_mode only the synchronous standby, db2"))
    #expect(lab.cluster.masterName == "db2")
    #expect(lab.cluster.lostWrites.isEmpty)
  }

  @Test func statusShowsTheKeyItsHolderAndItsExpiry() {
    var lab = Lab()
    lab.run("manager lease", "wait 12s")
    let status = lab.run("status").output
    #expect(status.contains("etcd (lease): leader key held by db1, renewed t=10.010s, expires t=40.010s"))
    #expect(status.contains("patroni: ttl 30, loop_wait 10, retry_timeout 10"))
  }

  @Test func badPatroniValuesAndPromoteUnderLeaseChangeNothing() {
    var lab = Lab()
    lab.run("manager lease")
    let before = lab.run("status").output
    for (line, message) in [
      ("patroni ttl 15", "ttl must be at least 20 seconds"),
      ("patroni ttl 20", "loop_wait 10 + 2 x retry_timeout 10 must not exceed ttl 20"),
      ("patroni retry_timeout 2", "retry_timeout must be at least 3 seconds"),
      ("patroni loop_wait 0", "loop_wait (whole seconds)"),
      ("patroni loop_wait soon", "not a whole number"),
      ("patroni synchronous_mode maybe", "expected on or off"),
      ("patroni maximum_lag_on_failover -1", "not a whole number"),
      ("patroni foo 1", "unknown Patroni setting 'foo'"),
      ("patroni ttl", "needs one more argument"),
      ("promote db2", "under `manager lease` the node that takes the leader key promotes itself"),
      ("manager leases", "unknown manager 'leases'"),
    ] {
      let r = lab.run(line)
      #expect(r.error?.contains(message) == true, "\(line): \(r.error ?? r.output)")
      #expect(r.error?.contains("\n") == false)
    }
    #expect(lab.run("status").output == before)
    #expect(lab.cluster.control.lease.settings == PatroniSettings())
  }

  @Test func switchingBackToTheOrchestratorStopsTheAgents() {
    var lab = Lab()
    lab.run("manager lease", "wait 12s", "manager orchestrator", "partition db1")
    let out = lab.transcript("wait 60s")
    #expect(!out.contains("leader key"))
    #expect(lab.cluster.node("db1")!.role == .master)
  }
}
