import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Fencing proper: mechanisms that keep a deposed master from taking writes during the partition
/// (min-replicas-to-write, STONITH, the epoch each entry carries), not after it.
@Suite struct FencingMechanismTests {
  /// db1 and the client are cut off at t=2s; the orchestrator suspects db1 at about t=6s and fails
  /// over to db2.
  static func partitioned(_ setup: String...) -> Lab {
    var lab = Lab()
    for line in setup { lab.run(line) }
    lab.run("failover auto", "detector timeout 5s", "set a 0", "wait 2s", "partition db1 app")
    return lab
  }

  @Test func minReplicasToWriteRefusesOnceNoReplicaHasAcknowledgedWithinMaxLag() {
    var lab = Self.partitioned("min-replicas-to-write 1", "min-replicas-max-lag 2")
    // Right after the cut the replicas' last acknowledgements are fresh: db1 still takes writes.
    #expect(lab.run("set a 1").error == nil)
    lab.run("wait 3s")
    let refused = lab.run("set a 2")
    #expect(refused.error?.hasPrefix("NOREPLICAS Not enough good replicas to write: db1 heard from no replica") == true)
    #expect(lab.cluster.node("db1")!.log.lastSeq == 2, "the refused write is not logged")
    // db1 stopped (t=4s at the latest) before db2 was promoted (t=6s): never two writers at once.
    lab.run("wait 4s")
    #expect(lab.cluster.masterName == "db2")
    #expect(lab.run("set a 3").error?.contains("NOREPLICAS") == true, "app still writes to db1, which refuses")
    #expect(lab.cluster.node("db1")!.log.lastSeq == 2)
  }

  @Test func minReplicasToWriteAcceptsWhileReplicasAcknowledgeEverySecond() {
    var lab = Lab()
    lab.run("min-replicas-to-write 2", "min-replicas-max-lag 1", "set a 1", "wait 30s")
    // No write for 30 s, yet the replicas' REPLCONF ACKs keep them fresh.
    #expect(lab.run("set a 2").error == nil)
    lab.run("crash db3", "wait 3s")
    #expect(lab.run("set a 3").error?.contains("heard from db2 within the last 1 s and needs 2") == true)
    lab.run("min-replicas-to-write 1")
    #expect(lab.run("set a 3").error == nil)
  }

  @Test func withoutMinReplicasTheCutOffMasterKeepsTakingWrites() {
    var lab = Self.partitioned()
    lab.run("wait 3s")
    #expect(lab.run("set a 2").error == nil)
  }

  @Test func stonithPowersTheOldMasterOffBeforePromoting() {
    var lab = Self.partitioned("fencing stonith")
    let out = lab.transcript("wait 6s")
    #expect(out.contains("STONITH: orch cuts db1's power through its fence device before promoting anyone"))
    let stonith = out.range(of: "STONITH")!.lowerBound
    #expect(stonith < out.range(of: "db2 is now master")!.lowerBound, "fenced before the promotion")
    #expect(lab.cluster.masterName == "db2")
    #expect(lab.cluster.node("db1")!.isUp == false)
    #expect(lab.cluster.strayMasters.isEmpty)
    #expect(lab.run("set b 1").error?.contains("db1, which is down") == true)
  }

  @Test func withoutStonithTheOldMasterStillTakesWritesBesideTheNewOne() {
    var lab = Self.partitioned()
    lab.run("wait 6s")
    #expect(lab.cluster.strayMasters == ["db1"])
    #expect(lab.run("set b 1").output.contains("split brain"))
  }

  /// The storage checks the token: a replica that has seen epoch 2 does not store entries an
  /// epoch-1 master sends it, even from the master it follows.
  @Test func aReplicaRefusesEntriesStampedWithAnOlderEpoch() {
    var data = DataPlane(seed: 1, replicas: 2)
    _ = try! data.beginWrite("a", .literal("1"))
    _ = data.runUntilControl(until: 1000, stopWhen: { _ in false })
    #expect(data.nodes["db2"]!.log.lastSeq == 1)
    // db2 has learned of epoch 2 and still names db1, which is in epoch 1.
    data.follow("db2", master: "db1", epoch: 2)
    _ = data.runUntilControl(until: 2000, stopWhen: { _ in false })
    _ = try! data.beginWrite("a", .literal("2"))
    _ = data.runUntilControl(until: 3000, stopWhen: { _ in false })
    #expect(data.nodes["db3"]!.log.lastSeq == 2, "db3, in epoch 1, stores it")
    #expect(data.nodes["db2"]!.log.lastSeq == 1, "db2 refuses a write stamped with epoch 1")
  }

  @Test func badFencingValuesChangeNothing() {
    var lab = Lab()
    let before = lab.run("status").output
    for (line, message) in [
      ("fencing maybe", "unknown fencing 'maybe': use stonith or none"),
      ("step-down perhaps", "expected on or off"),
      ("min-replicas-to-write -1", "not a whole number"),
      ("min-replicas-to-write 50", "min-replicas-to-write"),
      ("min-replicas-max-lag 0", "min-replicas-max-lag"),
      ("min-replicas-max-lag 1500ms", "whole seconds from 1 to 3600"),
      ("min-replicas-max-lag soon", "not a duration"),
    ] {
      let r = lab.run(line)
      #expect(r.error?.contains(message) == true, "\(line): \(r.error ?? r.output)")
      #expect(r.error?.contains("\n") == false)
    }
    #expect(lab.run("status").output == before)
    #expect(lab.cluster.minReplicas == MinReplicas())
    #expect(lab.cluster.control.stonith == false && lab.cluster.control.stepsDown)
  }

  @Test func theOldSpellingStillSetsStepDownAndSaysItIsNotFencing() {
    var lab = Lab()
    let out = lab.run("fencing off").output
    #expect(out.hasPrefix("step-down off (`fencing off` is its old name)"))
    #expect(out.contains("not fencing"))
    #expect(lab.cluster.control.stepsDown == false)
  }

  @Test func helpFencingNoLongerCallsRollingBackFencing() {
    let help = HelpView.detail(CommandRegistry.spec(named: "fencing")!)
    #expect(help.contains("during the partition, not"))
    #expect(help.contains("Not fencing: `step-down on`"))
    let stepDown = HelpView.detail(CommandRegistry.spec(named: "step-down")!)
    #expect(stepDown.contains("damage control, not fencing"))
  }
}
