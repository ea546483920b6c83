import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// `goal` and `expect`: each form holds or fails as the cluster says, a false one names what the
/// cluster has, and neither changes anything.
@Suite struct ExpectationTests {
  @Test func goalPrintsTheGoal() {
    var lab = Lab()
    #expect(lab.run("goal lose a write").output == "Goal: lose a write")
    #expect(lab.run("goal").error?.contains("say what the goal is") == true)
  }

  @Test func valueOnANode() {
    var lab = Lab()
    lab.run("set balance 100")
    #expect(lab.run("expect balance = 100 on db1").output == "expected balance = \"100\" on db1: yes.")
    let r = lab.run("expect balance = 100 on db2")
    #expect(r.failedExpectation)
    #expect(r.error == "expected balance = \"100\" on db2, but db2 has no value for balance")
    #expect(lab.run("expect balance missing on db2").error == nil)
    lab.run("wait 20ms")
    #expect(lab.run("expect balance = \"100\" on master").error == nil)
    #expect(lab.run("expect balance = 90 on db3").error == "expected balance = \"90\" on db3, but db3 has \"100\"")
  }

  @Test func nodeStates() {
    var lab = Lab()
    lab.run("crash db3")
    #expect(lab.run("expect db1 is master").error == nil)
    #expect(lab.run("expect db2 is replica").error == nil)
    #expect(lab.run("expect db3 is down").error == nil)
    #expect(lab.run("expect db3 is up").error == "expected db3 is up, but db3 is down")
    #expect(lab.run("expect db2 is master").error == "expected db2 is master, but db2 is up, replica")
    #expect(lab.run("expect db2 is sleepy").error?.contains("'sleepy' is not a state") == true)
  }

  @Test func lagLostAndMasters() {
    var lab = Lab()
    lab.run("set a 1", "set a 2")
    #expect(lab.run("expect lag db2 = 2").error == nil)
    #expect(lab.run("expect lag db2 < 2").error == "expected lag db2 < 2, but db2 is 2 entries behind")
    #expect(lab.run("expect lost = 0").error == nil)
    lab.run("crash master", "promote")
    #expect(lab.run("expect lost = 2").error == nil)
    #expect(lab.run("expect lost >= 3").error == "expected lost >= 3, but 2 acknowledged writes lost")
    #expect(lab.run("expect masters = 1").error == nil)
    #expect(lab.run("expect masters == 1").error == nil, "== reads as =")
  }

  @Test func writesAStrayMasterTookAreLostWhenItRejoins() {
    var lab = Lab()
    lab.run(
      "step-down off", "failover auto", "detector timeout 5s", "set a 1", "wait 2s", "partition db1 app", "wait 8s")
    // app never heard of the failover and writes to db1, which still acts as master: split brain.
    lab.run("set a 2")
    #expect(lab.run("expect masters = 2").error == nil)
    #expect(lab.run("expect lost = 0").error == nil)
    lab.run("heal", "wait 2s", "demote db1", "wait 1s")
    #expect(lab.run("expect masters = 1").error == nil)
    #expect(lab.run("expect lost = 1").error == nil, "\(lab.run("status").output)")
  }

  @Test func modesAndSemiSync() {
    var lab = Lab()
    #expect(lab.run("expect sync-mode async").error == nil)
    #expect(lab.run("expect semi-sync on").error == "expected semi-sync on, but sync-mode is async")
    lab.run("sync-mode semi", "semi-sync timeout 1s", "crash db2", "crash db3", "set k v")
    #expect(lab.run("expect semi-sync off").error == nil)
    #expect(lab.run("expect sync-mode semi").error == nil)
  }

  @Test func guaranteesOverTheHistory() {
    var lab = Lab()
    lab.run("client alice reads round-robin", "as alice set k 1", "as alice get k")
    #expect(lab.run("expect read-your-writes broken").error == nil)
    #expect(lab.run("expect read-your-writes broken by alice").error == nil)
    #expect(lab.run("expect read-your-writes held by app").error == nil)
    #expect(lab.run("expect monotonic-reads held").error == nil)
    #expect(
      lab.run("expect read-your-writes held").error
        == "expected read-your-writes held, but 1 read broke read-your-writes")
    let unknown = lab.run("expect read-your-writes held by zed")
    #expect(unknown.failedExpectation && unknown.error?.contains("zed") == true)
  }

  @Test func malformedExpectationsSayHowToWriteThem() {
    var lab = Lab()
    for line in [
      "expect", "expect lag db2", "expect lost ~ 1", "expect lost = many", "expect x = 1 at db2",
      "expect sync-mode fast",
      "expect semi-sync maybe", "expect read-your-writes sometimes",
    ] {
      let r = lab.run(line)
      #expect(r.error != nil, "\(line)")
      #expect(!(r.error ?? "").contains("\n"), "\(line)")
      #expect(r.output.isEmpty)
    }
  }

  @Test func expectationsChangeNothing() {
    var lab = Lab()
    lab.run("client alice reads round-robin", "set k 1")
    let before = lab.run("status").output + lab.run("ops").output
    for line in [
      "expect k = 1 on db2", "expect k = 1 on db1", "expect read-your-writes held", "expect db9 is up",
      "expect lag db2 = 0",
    ] {
      lab.run(line)
    }
    #expect(lab.run("status").output + lab.run("ops").output == before)
  }

  @Test func aLessonWithAFalseExpectationFailsItsCheckEvenWhenTheTranscriptMatches() throws {
    let lesson = Lesson(
      fileName: "01-x.lab", path: "01-x.lab", text: "set k 1\nexpect k = 2 on db1\nexpect k = 1 on db1\nexpect bogus\n")
    let run = LessonRunner.run(lesson)
    #expect(run.failedExpectations.count == 2)
    #expect(run.failedExpectations[0] == "01-x.lab:2: expected k = \"2\" on db1, but db1 has \"1\"")
    #expect(run.failedExpectations[1].hasPrefix("01-x.lab:4: cannot read `expect bogus`"))
    // An ordinary refused command is part of a story and fails nothing.
    #expect(LessonRunner.run(Lesson(fileName: "a.lab", path: "a.lab", text: "crash db9\n")).failedExpectations.isEmpty)
  }
}
