import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Clock skew (`clock NAME OFFSET`, `lww on`): what reads a skewed wall clock goes wrong; nothing
/// else does.
@Suite struct ClockSkewTests {
  @Test func parsesSignedOffsets() throws {
    #expect(try Parser.parse("clock db2 +500ms") == .clock("db2", 500))
    #expect(try Parser.parse("clock alice -2s") == .clock("alice", -2000))
    #expect(try Parser.parse("clock db2 0") == .clock("db2", 0))
    #expect(throws: CommandError.self) { try Parser.parse("clock db2 soon") }
    #expect(try Parser.parse("lww on") == .lww(true))
  }

  @Test func aClockSteppedForwardEndsTheReadYourWritesWindowEarly() {
    var lab = Lab()
    lab.run(
      "client alice reads round-robin read-your-writes window 5s", "delay db2 2s", "delay db3 2s",
      "as alice set bio cats")
    #expect(lab.run("as alice get bio").output.contains("from db1"))
    lab.run("clock alice +10s")
    let read = lab.run("as alice get bio").output
    #expect(read.hasPrefix("(nil) from db"), "10 s seem to have passed: the read goes to a replica")
    #expect(read.contains("read-your-writes broken"))
  }

  @Test func aClockSteppedBackKeepsReadsOnTheMasterLonger() {
    var lab = Lab()
    lab.run("client alice reads round-robin read-your-writes window 1s", "as alice set bio cats", "clock alice -10s")
    lab.run("wait 5s")
    #expect(lab.run("as alice get bio").output.contains("in the future"))
  }

  @Test func lastWriteWinsDiscardsTheLaterWriteOfTheSlowerClock() {
    var lab = Lab()
    lab.run("lww on", "client bob", "client alice", "clock bob +2s", "as bob set price 10", "wait 500ms")
    let seq = lab.cluster.master!.log.lastSeq
    #expect(lab.run("as alice set price 12").output.contains("Discarded by last-write-wins"))
    #expect(lab.cluster.master!.log.lastSeq == seq, "a discarded write reaches no log")
    #expect(lab.cluster.testValue(of: "price", on: "db1") == "10")
    lab.run("wait 2s", "as alice set price 12")
    #expect(lab.cluster.testValue(of: "price", on: "db1") == "12")
  }

  @Test func withoutLastWriteWinsTheOrderOfArrivalDecides() {
    var lab = Lab()
    lab.run("client bob", "client alice", "clock bob +2s", "as bob set price 10", "wait 500ms", "as alice set price 12")
    #expect(lab.cluster.testValue(of: "price", on: "db1") == "12")
  }

  @Test func sysdateOnAReplicaReadsItsOwnClock() throws {
    var c = Cluster()
    try c.setClock(-300, for: "db3")
    c.setLogFormat(.statement)
    _ = try c.write("t", .sysdate)
    c.settle()
    let two = c.testValue(of: "t", on: "db2")!
    let three = c.testValue(of: "t", on: "db3")!
    #expect(two != three)
    #expect(c.node("db3")?.clockOffset == -300)
  }

  @Test func statusShowsAClockColumnOnlyOnceAClockIsOff() {
    var lab = Lab()
    #expect(!lab.run("status").output.contains("clock"))
    lab.run("clock db2 +500ms")
    #expect(lab.run("status").output.contains("+500 ms"))
    #expect(lab.run("clock nobody 1s").error?.contains("no node or client") == true)
  }
}
