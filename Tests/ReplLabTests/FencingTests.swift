import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// An old master that comes back: with step-down it steps down and rolls back; without, split brain.
@Suite struct FencingTests {
  /// db1 and the client are cut off from the rest; the client writes `a 1` to db1; the orchestrator
  /// fails over to db2 after 5 s.
  static func partitionedMaster(fencing: Bool) -> Lab {
    var lab = Lab()
    lab.run(
      "step-down \(fencing ? "on" : "off")", "failover auto", "detector timeout 5s", "set a 0", "wait 2s",
      "partition db1 app", "set a 1", "wait 6s")
    return lab
  }

  @Test func whilePartitionedTheOldMasterStillTakesTheStaleClientsWrites() {
    var lab = Self.partitionedMaster(fencing: true)
    #expect(lab.cluster.masterName == "db2")
    #expect(lab.run("get a").output == "\"1\" from db1 (master, applied seq 2)")
    #expect(lab.run("get a from db2").output == "\"0\" from db2 (master, applied seq 1)")
    let w = lab.run("set c 3").output
    #expect(
      w.contains(
        "app still sends writes to db1, which still takes them although db2 became master in epoch 2: split brain"))
  }

  @Test func withFencingTheOldMasterStepsDownAndRollsBackWhatTheNewOneNeverHad() {
    var lab = Self.partitionedMaster(fencing: true)
    let out = lab.transcript("heal", "wait 2s")
    #expect(
      out.contains(
        "db1 learns from orch that db2 is master in epoch 2 (it was master in epoch 1): it steps down"))
    #expect(out.contains("db1 rolled back 1 write that db2 never had, now discarded: seq 2 (set a 1)"))
    let db1 = lab.cluster.node("db1")!
    #expect(db1.role == .replica && db1.masterName == "db2" && db1.epoch == 2)
    #expect(lab.run("diff").output.hasSuffix("hold the same data (1 key)."))
  }

  /// Found by a random fault schedule: a master stepped down with a write it had logged but not yet
  /// committed (a synchronous replica was down); the new master had it, so nothing was rolled back,
  /// and the write sat unapplied in the old master's log for good.
  @Test func aSteppedDownMasterAppliesWhatItLoggedButHadNotCommitted() {
    var lab = Lab()
    lab.run(
      "failover auto", "detector timeout 5s", "sync-mode sync", "set a 0", "crash db3", "partition db1 from orch",
      "set a 1")
    #expect(lab.cluster.masterName == "db2")
    #expect(lab.cluster.node("db1")?.applied == 1, "seq 2 waits for db3 on db1")
    lab.run("heal", "wait 3s")
    let db1 = lab.cluster.node("db1")!
    #expect(db1.role == .replica)
    #expect(db1.applied == 2)
    #expect(lab.cluster.testValue(of: "a", on: "db1") == "1")
  }

  /// Found by a random fault schedule: `demote` rolled back a stray master whose log no longer held
  /// the entries after the fork (retention), leaving their values in its data.
  @Test func demotingAStrayThatCannotRollBackReloadsFromASnapshot() {
    var lab = Self.partitionedMaster(fencing: false)
    lab.run("retention 2", "set b 1", "set c 1", "set d 1")
    #expect(lab.cluster.node("db1")!.log.firstSeq == 4, "seq 2 and 3, db1's first writes after the fork, are purged")
    lab.run("heal")
    let out = lab.run("demote db1").output
    #expect(out.contains("it cannot roll back: it discards its data and loads a snapshot of db2"), "\(out)")
    lab.run("settle")
    #expect(lab.cluster.node("db1")!.data == lab.cluster.node("db2")!.data)
    #expect(lab.run("diff").output.hasSuffix("hold the same data (1 key)."))
  }

  @Test func aSteppedDownMasterRefusesAStaleClientsWrite() {
    var lab = Lab()
    // The client hears nothing from the orchestrator; the old master learns of epoch 2 and steps down.
    lab.run(
      "failover auto", "detector timeout 5s", "set a 0", "wait 2s", "partition db1 from db2 db3 orch", "partition app",
      "wait 6s", "partition db1 app")
    lab.run("heal", "partition app", "wait 2s")
    #expect(lab.cluster.node("db1")!.role == .replica)
    let refused = lab.run("set a 9")
    #expect(
      refused.error?.hasPrefix(
        "db1 refused app's write: it is a read-only replica now, following db2 in epoch 2") == true)
  }

  @Test func withoutFencingTwoMastersTakeWritesUntilDemoted() {
    var lab = Self.partitionedMaster(fencing: false)
    let out = lab.transcript("heal", "wait 2s")
    #expect(out.contains("split brain: db1 still acts as master in epoch 1 while db2 is master in epoch 2"))
    #expect(lab.cluster.node("db1")!.role == .master)
    // The client now writes to db2; db1 kept its own write: the articles' set-then-key-not-found.
    lab.run("set b 2")
    #expect(lab.run("get b from db1").output.hasPrefix("(nil) from db1"))
    let diff = lab.run("diff").output
    #expect(diff.contains("db1 differs on 2 keys"))
    #expect(diff.contains("a    0             1"))
    let demoted = lab.run("demote db1").output
    #expect(
      demoted
        == "db1 steps down from master (epoch 1) and follows db2 (epoch 2). It rolled back 1 write db2 never had, now discarded: seq 2 (set a 1)."
    )
    lab.run("wait 1s")
    #expect(lab.run("diff").output.hasSuffix("hold the same data (2 keys)."))
  }

  @Test func withoutFencingARestartedOldMasterResumesAsMaster() {
    var lab = Lab()
    lab.run("step-down off", "crash master", "promote")
    let r = lab.run("restart db1").output
    #expect(r.hasPrefix("db1 restarted and resumes as master in epoch 1"))
    #expect(lab.cluster.strayMasters == ["db1"])
    // With step-down on (the default) the same restart rejoins as a replica, as lesson 3 shows.
    var fenced = Lab()
    fenced.run("crash master", "promote")
    #expect(fenced.run("restart db1").output.contains("rejoins as db2's replica"))
  }

  @Test func demoteRefusesTheClusterMasterAReplicaAndUnknownNodes() {
    var lab = Lab()
    #expect(lab.run("demote db1").error?.contains("is the cluster's master") == true)
    #expect(lab.run("demote db2").error == "db2 is a replica of db1, not acting as master; there is nothing to demote")
    #expect(lab.run("demote db9").error?.hasPrefix("there is no node named 'db9'") == true)
  }
}
