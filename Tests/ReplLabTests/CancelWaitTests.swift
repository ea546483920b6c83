import Testing

@testable import ReplLab
@testable import ReplLabControl
@testable import ReplLabModel

/// `cancel`: a client gives up its synchronous commit, as psql's Ctrl-C or pg_cancel_backend does.
@Suite struct CancelWaitTests {
  /// FIRST 1 (db2) with db2 down: a write to `z` waits on db1.
  static func waitingOnDb2() throws -> Cluster {
    var c = Cluster()
    c.setSyncMode(.sync)
    try c.setSyncStandbys(.first(1, ["db2"]))
    _ = try c.crash("db2")
    let w = try c.write("z", "1")
    guard case .blocked = w.result else {
      Issue.record("expected the write to wait, got \(w.result)")
      return c
    }
    return c
  }

  @Test func theCancelledCommitStaysCommittedAndVisibleOnTheMaster() throws {
    var c = try Self.waitingOnDb2()
    #expect(try c.read("z", from: "db1").value == nil)
    let r = try c.cancelWaitingCommits()
    #expect(r == DataPlane.CancelledWait(master: "db1", seqs: [1], keys: ["z"], loadWrites: 0, missing: ["db2"]))
    #expect(c.pendingWrites.isEmpty)
    #expect(try c.read("z", from: "db1").value == "1")
    // It still replicates: the standby gets it when it returns.
    _ = try c.restart("db2")
    _ = c.settle()
    #expect(try c.read("z", from: "db2").value == "1")
  }

  @Test func nothingWaitingIsRefusedAndChangesNothing() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    _ = try c.write("a", "1")
    let before = c.now
    #expect(throws: ClusterError.nothingWaiting(master: "db1")) { try c.cancelWaitingCommits() }
    #expect(c.now == before)
  }

  @Test func aSemiSyncWaitIsNotCancelled() throws {
    var c = Cluster()
    c.setSyncMode(.semi)
    var semi = SemiSyncSettings()
    semi.timeout = 60_000
    c.setSemiSync(semi)
    _ = try c.crash("db2")
    _ = try c.crash("db3")
    _ = try c.write("z", "1")
    let waiting = c.pendingWrites.count
    #expect(waiting == 1)
    #expect(throws: ClusterError.cancelNeedsSynchronousCommit(master: "db1")) { try c.cancelWaitingCommits() }
    #expect(c.pendingWrites.count == waiting)
    #expect(try c.read("z", from: "db1").value == nil)
  }

  @Test func theREPLPrintsPostgreSQLsWarning() {
    var i = Interpreter()
    for line in ["sync-mode sync", "sync-standbys first 1 db2", "crash db2", "set z 1"] {
      #expect(i.execute(line).error == nil)
    }
    let r = i.execute("cancel")
    #expect(r.error == nil)
    #expect(r.output.contains("WARNING:  canceling wait for synchronous replication due to user request"))
    #expect(r.output.contains("committed on db1 and visible there now, though db2 never confirmed it"))
    #expect(i.execute("get z").output.hasPrefix("\"1\" from db1"))
    let again = i.execute("cancel")
    #expect(again.error?.hasPrefix("no write is waiting on db1") == true)
  }
}
