import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Parsing of the failover commands, and bad input: one line `error:`, nothing changed.
@Suite struct ControlCommandTests {
  @Test func settingsParse() throws {
    #expect(try Parser.parse("failover auto") == .control(.failover(.auto)))
    #expect(try Parser.parse("election raft") == .control(.election(.raft)))
    #expect(try Parser.parse("election most-up-to-date") == .control(.election(.mostUpToDate)))
    #expect(try Parser.parse("election compare") == .control(.compareElections))
    #expect(try Parser.parse("detector timeout 30s") == .control(.detector(.timeout(TimeoutDetector(timeout: 30_000)))))
    #expect(try Parser.parse("detector phi") == .control(.detector(.phiAccrual(PhiAccrualDetector(threshold: 8)))))
    #expect(
      try Parser.parse("detector phi 12.5 pause 3s")
        == .control(.detector(.phiAccrual(PhiAccrualDetector(threshold: 12.5, acceptablePause: 3000)))))
    #expect(try Parser.parse("loss 10%") == .control(.loss(0.1)))
    #expect(try Parser.parse("loss 0.25") == .control(.loss(0.25)))
    #expect(try Parser.parse("partition db1 db2 from db3") == .control(.partition(["db1", "db2"], from: ["db3"])))
    #expect(
      try Parser.parse("timeline since t=30s --svg out.svg") == .control(.timeline(.since(30_000), svg: "out.svg")))
    #expect(try Parser.parse("replica-priority db3 0") == .control(.replicaPriority("db3", 0)))
    #expect(try Parser.parse("diff db1 db2") == .diff("db1", "db2"))
  }

  @Test func badSettingsAreOneLineErrorsThatChangeNothing() {
    var lab = Lab()
    let before = lab.run("status").output
    let bad = [
      ("election paxos", "unknown election method 'paxos'"),
      ("failover sometimes", "unknown failover mode 'sometimes'"),
      ("detector phi 0.1", "the phi threshold must be between 0.5 and 20"),
      ("detector phi 25", "the phi threshold must be between 0.5 and 20"),
      ("detector phi eight", "'eight' is not a number"),
      ("detector timeout 10ms", "the timeout must be between 100ms and 1h"),
      ("detector gossip", "unknown detector 'gossip'"),
      ("heartbeat-interval 10m", "between 100ms and 1m"),
      ("replica-priority db2 -1", "not a whole number"),
      ("replica-priority db9 1", "there is no node named 'db9'"),
      ("fencing maybe", "unknown fencing 'maybe': use stonith or none"),
      ("step-down maybe", "expected on or off"),
      ("proxy yes", "expected on or off"),
      ("loss 150%", "between 0 and 1"),
      ("promote db1", "db1 is already the master"),
    ]
    for (line, message) in bad {
      let r = lab.run(line)
      #expect(r.error?.contains(message) == true, "\(line): \(r.error ?? r.output)")
      #expect(r.error?.contains("\n") == false)
    }
    // Every refused line left the cluster and the settings alone.
    #expect(lab.run("status").output == before)
    #expect(before.contains("failover manual, detector timeout 30 s, step-down on"))
  }

  @Test func promotingADownNodeIsRefused() {
    var lab = Lab()
    lab.run("crash master", "crash db2")
    let before = lab.run("status").output
    #expect(lab.run("promote db2").error == "db2 is down; live replicas are db3")
    #expect(lab.run("status").output == before)
  }

  @Test func helpListsTheNewGroupAndExplainsSimplifications() {
    let overview = HelpView.all()
    #expect(overview.contains("Failure detection and automatic failover"))
    #expect(overview.contains("partition NODE... [from NODE...]"))
    let election = HelpView.detail(CommandRegistry.spec(named: "election")!)
    #expect(election.contains("Simplified"))
    let fencing = HelpView.detail(CommandRegistry.spec(named: "fencing")!)
    #expect(fencing.contains("Not fencing: `step-down on`"))
    #expect(!fencing.contains("roll back") || fencing.contains("does not stop"))
  }

  @Test func tabCompletesMethodsAndPartitionEndpoints() {
    let i = Interpreter()
    #expect(i.completions(for: "election b") == ["bully"])
    #expect(i.completions(for: "partition o") == ["orch"])
    #expect(i.completions(for: "fail") == ["failover"])
  }
}
