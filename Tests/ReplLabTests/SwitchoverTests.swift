import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// `switchover NODE`: the master stops writes, the candidate applies everything, is promoted, and
/// every other node follows it; nothing is lost and the outage is the candidate's catch-up time.
@Suite struct SwitchoverTests {
  @Test func losesNothingAndEveryoneFollowsTheNewMaster() throws {
    var c = Cluster()
    for i in 1...5 { _ = try c.write("k\(i)", "v\(i)") }
    let r = try c.switchover(to: "db2")
    #expect(r.promotion?.lost.isEmpty == true)
    #expect(c.masterName == "db2")
    #expect(c.node("db2")?.epoch == 2)
    #expect(c.node("db1")?.role == .replica)
    #expect(c.node("db1")?.masterName == "db2")
    #expect(c.node("db3")?.masterName == "db2")
    #expect(c.node("db2")?.applied == 5)
    // The five writes were on their way (10 ms of latency): that was the outage.
    #expect(r.outage == 10)
    _ = try c.write("k6", "v6")
    c.settle()
    #expect(c.node("db1")?.data == c.node("db2")?.data)
    #expect(c.data.lostWrites.isEmpty)
  }

  @Test func theOutageIsTheCandidatesApplyBacklog() throws {
    var c = Cluster()
    try c.setApplyRate(100, for: "db2")
    for i in 1...100 { _ = try c.write("k\(i % 10)", "v\(i)") }
    c.advance(by: 30)
    let behind = c.node("db2")!.received - c.node("db2")!.applied
    let r = try c.switchover(to: "db2")
    // About one second for a hundred entries at a hundred a second.
    let outage = try #require(r.outage)
    #expect(behind > 90)
    #expect(outage >= 900 && outage <= 1_100, "outage \(outage) ms")
    #expect(c.masterName == "db2")
  }

  @Test func writesDuringTheOutageFail() throws {
    var lab = Lab()
    lab.run("slow db2 50/s", "load 300 writes over 3s keys 10", "wait 1s")
    let out = lab.transcript("switchover db2")
    #expect(out.contains("Switchover from db1 to db2:"))
    #expect(out.contains("Nothing lost."))
    let end = lab.transcript("wait 3s")
    #expect(end.contains("failed because no master was up"), "\(end)")
  }

  @Test func aCandidateThatCannotCatchUpIsAbandonedAndTheOldMasterWritesAgain() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    c.partition(["db2"], from: ["db1"])
    _ = try c.write("b", "2")
    let r = try c.switchover(to: "db2")
    #expect(r.promotion == nil)
    #expect(r.caughtUpAt == nil)
    #expect(c.masterName == "db1")
    #expect(c.node("db1")?.role == .master)
    #expect(c.node("db1")?.epoch == 1)
    let w = try c.write("c", "3")
    #expect(w.seq == 3)
    _ = c.heal()
    c.settle()
    #expect(c.node("db3")?.applied == 3)
    #expect(c.node("db2")?.applied == 3)
  }

  @Test(arguments: [
    ("switchover db1", "error: db1 is already the master"),
    ("switchover db9", "error: there is no node named 'db9'"),
  ])
  func refusalsChangeNothing(_ line: String, _ message: String) {
    var lab = Lab()
    lab.run("set a 1")
    let out = lab.transcript(line)
    #expect(out.hasPrefix(message), "\(out)")
    #expect(lab.cluster.masterName == "db1")
    #expect(lab.cluster.node("db1")?.epoch == 1)
    #expect(lab.cluster.node("db1")?.role == .master)
  }

  @Test func refusesADownOrNeverPromotedCandidate() {
    var lab = Lab()
    lab.run("crash db3", "replica-priority db2 0")
    #expect(lab.transcript("switchover db3").hasPrefix("error:"))
    #expect(lab.transcript("switchover db2").hasPrefix("error:"))
    #expect(lab.cluster.masterName == "db1")
    #expect(lab.cluster.node("db1")?.role == .master)
  }

  @Test func refusedWhereTheNodesOrALeaseDecide() {
    var lab = Lab()
    lab.run("manager consensus")
    #expect(lab.transcript("switchover db2").hasPrefix("error: under manager consensus"))
    var lease = Lab()
    lease.run("manager lease")
    #expect(lease.transcript("switchover db2").hasPrefix("error: under `manager lease`"))
  }

  @Test func parsesOneNode() throws {
    #expect(try Parser.parse("switchover DB2") == .switchover("db2"))
    let none = try #require(MechanicsParserTests.error("switchover"))
    #expect(none.contains("switchover needs one more argument"))
    #expect(none.contains("Usage: switchover NODE"))
    let two = try #require(MechanicsParserTests.error("switchover db2 db3"))
    #expect(!two.contains("\n"))
  }

  @Test func helpSaysWhereTheLabSimplifiesAndItCompletes() throws {
    let spec = try #require(CommandRegistry.spec(named: "switchover"))
    #expect(spec.detail.contains("Simplified:"))
    #expect(spec.detail.contains("graceful-master-takeover"))
    let lab = Lab()
    #expect(lab.interpreter.completions(for: "switcho") == ["switchover"])
    #expect(lab.interpreter.completions(for: "switchover db").contains("db2"))
  }
}
