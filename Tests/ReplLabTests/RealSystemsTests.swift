import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

/// Behaviour checked against real PostgreSQL and MySQL: what `lag` lists, when a standby becomes
/// synchronous, when semi-sync turns back ON, and the sentences that must say where a write is.
@Suite struct RealSystemsTests {
  @Test func lagListsOnlyConnectedStandbysUnderPostgres() {
    var lab = Lab()
    lab.run("preset postgres-sync", "set k v", "wait 100ms", "crash db2 process", "wait 100ms")
    let out = lab.transcript("lag")
    #expect(!out.contains("\ndb2 "), "\(out)")
    #expect(out.contains("Not connected, so not in pg_stat_replication: db2 (down)."))
    #expect(out.contains("\ndb3      streaming"))
  }

  /// A standby whose host died stays in pg_stat_replication until wal_sender_timeout: nothing closed
  /// its connection. `lag` lists it and says why.
  @Test func lagListsADeadHostsStandbyUntilTheSenderTimesOut() {
    var lab = Lab()
    lab.run("preset postgres-sync", "set k v", "wait 100ms", "crash db2 host", "wait 100ms")
    let out = lab.transcript("lag")
    #expect(out.contains("\ndb2      down"), "\(out)")
    #expect(out.contains("db2 is down, but db1 does not know yet"))
    lab.run("wait 60s")
    #expect(lab.transcript("lag").contains("Not connected, so not in pg_stat_replication: db2 (down)."))
  }

  @Test func aStandbyCatchingUpIsNoSynchronousCandidate() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2", "db3"]))
    _ = try c.crash("db2", kind: .process)
    c.settle()
    #expect(c.currentSyncSet() == ["db3"])
    _ = try c.write("k", "v")
    _ = try c.restart("db2")
    // db2 has said hello but not yet caught up: it is catching up, not streaming.
    c.advance(by: 11)
    #expect(c.data.isConnected("db2"))
    #expect(c.currentSyncSet() == ["db3"])
    c.settle()
    #expect(c.currentSyncSet() == ["db2"])
  }

  @Test func semiSyncTurnsOnOnlyOnceEnoughReplicasCaughtUp() throws {
    var lab = Lab()
    lab.run("sync-mode semi", "semi-sync acks 2", "semi-sync timeout 1s", "crash db2", "crash db3")
    lab.run("set k 1", "wait 2s")
    #expect(lab.cluster.semiSyncActive == false)
    lab.run("restart db2", "wait 100ms")
    // One replica caught up, but wait_for_replica_count is 2.
    #expect(lab.cluster.semiSyncActive == false)
    let out = lab.transcript("restart db3", "wait 100ms")
    #expect(lab.cluster.semiSyncActive == true)
    #expect(out.contains("with it 2 replicas have everything (rpl_semi_sync_source_wait_for_replica_count 2)"))
  }

  @Test func aSemiSyncTimeoutSaysWhichReplicasHaveTheWrite() {
    var lab = Lab()
    lab.run("sync-mode semi", "semi-sync acks 2", "semi-sync timeout 1s", "crash db3")
    let out = lab.run("set k 1").output
    #expect(out.contains("only db2 received it in time, fewer than the 2 replicas semi-sync waits for"), "\(out)")
    #expect(out.contains("for now the write exists on db1 and db2."))
  }

  @Test func anAsyncWriteWithEveryReplicaDownSaysWhereItIs() {
    var lab = Lab()
    lab.run("crash db2", "crash db3")
    #expect(
      lab.run("set k 1").output
        == "OK  seq 1 on db1 (master, epoch 1). async: acknowledged, and no replica is connected: for now the write exists only on db1."
    )
  }

  @Test func lagShowsAForkedOldMasterAsForkedNotUpToDate() {
    var lab = Lab()
    lab.run("set a 1", "wait 100ms", "set a 2", "crash master", "promote")
    let out = lab.transcript("lag")
    #expect(out.contains("forked"), "\(out)")
    #expect(
      out.contains("db1: seq 2 of its log is not the master's (epoch 1) and will be rolled back when it follows db2."))
  }
}

/// Sentences that were false: a failover that worked is not reported as one that gave up, and the
/// PostgreSQL parameter the lab shows is valid syntax.
@Suite struct TruthfulSentencesTests {
  @Test func aPromotionTheClientNeverHeardOfIsNotAFailedElection() {
    var lab = Lab()
    lab.run("failover auto", "detector timeout 5s", "wait 1500ms", "partition app from orch", "crash master")
    let out = lab.transcript("wait 20s")
    #expect(!out.contains("gives up"), "\(out)")
    #expect(out.contains("db2 is master, but 10 s after orch declared db1 dead app has still not heard of it"))
  }

  @Test func syncStandbysAllIsShownAsValidSynchronousStandbyNames() {
    var lab = Lab()
    lab.run("preset postgres-sync", "sync-standbys all")
    let out = lab.transcript("status")
    #expect(out.contains("'FIRST 2 (db2, db3)'"), "\(out)")
    #expect(!out.contains("every replica)"))
  }
}

/// MySQL logs RAND()'s seed: under statement format a replica draws the same number; UUID() and
/// SYSDATE() still diverge.
@Suite struct StatementFormatTests {
  @Test func randReplicatesIdenticallyUnderStatementFormat() {
    var lab = Lab()
    lab.run("log-format statement", "set lucky rand()", "set token uuid()", "settle")
    let c = lab.cluster
    #expect(c.testValue(of: "lucky", on: "db2") == c.testValue(of: "lucky", on: "db1"))
    #expect(c.testValue(of: "lucky", on: "db3") == c.testValue(of: "lucky", on: "db1"))
    #expect(c.testValue(of: "token", on: "db2") != c.testValue(of: "token", on: "db1"))
  }
}
