import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// What the orchestrator does once it suspects the master: the alarm, the automatic steps, the
/// recovery block, and how long writes had nowhere to go.
@Suite struct FailoverTests {
  @Test func manualFailoverRaisesTheAlarmAndWaits() {
    var lab = Lab()
    lab.run("wait 1500ms", "crash master")
    let out = lab.transcript("wait 31s")
    #expect(
      out.contains(
        "failover manual: orch raises the alarm and waits for an operator: `promote` picks a replica, `restart db1` brings db1 back."
      ))
    #expect(lab.cluster.masterName == "db1")
    #expect(lab.run("promote").output.hasPrefix("db2 is now master (epoch 2)"))
    #expect(lab.cluster.control.router.master == "db2")
  }

  @Test func automaticFailoverPrintsEachStepInOrder() {
    var lab = Lab()
    lab.run("failover auto", "set a 1", "wait 1500ms", "set a 2", "crash master")
    let lines = lab.transcript("wait 31s").split(separator: "\n").map(String.init)
    let steps = [
      "orch suspects db1 (master) is dead", "orch picks db2", "db2 is now master in epoch 2 (chosen by orch)",
      "Lost: seq 2 (set a 2)", "db3 now follows db2 (epoch 2)", "app is told that db2 is master (epoch 2)",
      "failover done: writes had nowhere to go for 29.54 s, from db1's crash at t=1.500s",
    ]
    var at = 0
    for step in steps {
      guard let i = lines[at...].firstIndex(where: { $0.contains(step) }) else {
        Issue.record("missing or out of order: \(step)\n\(lines.joined(separator: "\n"))")
        return
      }
      at = i
    }
    #expect(lab.run("set b 1").output.hasPrefix("OK  seq 2 on db2 (master, epoch 2)"))
  }

  @Test func anotherAutomaticFailoverWaitsForTheRecoveryBlock() {
    var lab = Lab()
    lab.run("failover auto", "detector timeout 5s", "wait 1500ms", "crash master", "wait 10s", "crash master")
    let out = lab.transcript("wait 10s")
    #expect(out.contains("failover auto is blocked for db2"))
    #expect(out.contains("RecoveryPeriodBlockSeconds"))
    #expect(lab.cluster.masterName == "db2")
    // The operator can still fail over by hand.
    #expect(lab.run("promote").output.hasPrefix("db3 is now master (epoch 3)"))
  }

  @Test func withNoRecoveryBlockTheSecondFailoverRuns() {
    var lab = Lab()
    lab.run(
      "failover auto", "recovery-block 0", "detector timeout 5s", "wait 1500ms", "crash master", "wait 10s",
      "crash master", "wait 10s")
    #expect(lab.cluster.masterName == "db3")
  }

  @Test func promoteIsAllowedOnceTheOrchestratorSuspectsALiveMaster() {
    var lab = Lab()
    lab.run("detector timeout 2s", "wait 1500ms")
    #expect(lab.run("promote db2").error?.contains("is the master and is up") == true)
    lab.run("partition db1", "wait 3s")
    #expect(lab.run("promote db2").output.hasPrefix("db2 is now master (epoch 2)"))
    #expect(lab.run("promote db1").error != nil)
  }

  @Test func aFailoverWithNoEligibleReplicaSaysSo() {
    var lab = Lab()
    lab.run(
      "failover auto", "detector timeout 5s", "replica-priority db2 0", "replica-priority db3 0", "wait 1500ms",
      "crash master")
    let out = lab.transcript("wait 6s")
    #expect(out.contains("orch cannot replace db1: no replica it can reach is eligible"))
    #expect(lab.cluster.masterName == "db1")
  }

  @Test func theDefaultClusterStaysQuietWhenNothingFails() {
    var lab = Lab()
    lab.run("set a 1")
    #expect(lab.run("wait 10m").output.contains("orch") == false)
  }
}
