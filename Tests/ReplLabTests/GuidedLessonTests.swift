import Foundation
import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// `lesson N` at the prompt: steps, Enter, the learner's own commands, next, repeat, restart, quit.
@Suite struct GuidedLessonTests {
  static let lessons = Project.root + "/Lessons"

  static func lab() -> Interpreter { Interpreter(seed: 1, lessonsDirectory: lessons) }

  /// A lesson with `expect` steps, stepped through: an exercise in the older form (no separate
  /// solution), which `lesson N` still takes step by step. Its directory is gone when the
  /// interpreter has read the lesson (`lesson 32` reads it once).
  static func lessonWithExpectations() throws -> Interpreter {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guided-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try """
    # Exercise 32: make semi-sync fall back to async
    goal make the master switch semi-sync off, then bring it back on
    sync-mode semi
    semi-sync timeout 2s
    set k 1
    crash db2
    crash db3
    set k 2
    expect semi-sync off
    restart db2
    wait 1s
    expect semi-sync on

    """.write(toFile: dir + "/32-semi-sync-fallback.lab", atomically: true, encoding: .utf8)
    var lab = Interpreter(seed: 1, lessonsDirectory: dir)
    _ = lab.execute("lesson 32")
    return lab
  }

  @Test func stepsAreTheNarrationBeforeEachCommand() {
    let lesson = Lesson(
      fileName: "01-x.lab", path: "01-x.lab",
      text: "# Lesson 1: x\n#\n# Say a.\nset a 1\n\n# Then b,\n# twice.\nset b 2\nset b 3\n# Done.\n")
    let g = GuidedLesson(lesson)
    #expect(g.steps.map(\.command) == ["set a 1", "set b 2", "set b 3", nil])
    #expect(g.steps[0].narration == ["Say a."])
    #expect(g.steps[1].narration == ["Then b,", "twice."])
    #expect(g.steps[2].narration == [])
    #expect(g.steps[3].narration == ["Done."])
    #expect(g.commandCount == 3)
    #expect(g.place == "lesson 1, step 1/3")
  }

  @Test func enterRunsTheStepAndShowsTheNext() {
    var i = Self.lab()
    let start = i.execute("lesson 1")
    #expect(start.output.hasPrefix("Lesson 1: the replication log and asynchronous lag\n14 steps, on a fresh cluster."))
    #expect(start.output.hasSuffix("next: status    (Enter runs it)"))
    #expect(i.prompt == "[lesson 1, step 1/14] [t=0.000s] repl-lab> ")
    let r = i.execute("")
    #expect(r.output.hasPrefix("> status\nt=0.000s  seed 1"))
    #expect(r.output.hasSuffix("next: set balance 100    (Enter runs it)"))
    #expect(i.prompt.hasPrefix("[lesson 1, step 2/14]"))
  }

  @Test func ownCommandsRunInBetweenAndTheStepWaits() {
    var i = Self.lab()
    _ = i.execute("lesson 1")
    let own = i.execute("set mine 1")
    #expect(own.output.hasPrefix("OK  seq 1 on db1"))
    #expect(i.guide?.position == 0)
    #expect(i.execute("repeat").output.hasSuffix("next: status    (Enter runs it)"))
  }

  @Test func nextSkipsRestartStartsOverAndQuitLeaves() {
    var i = Self.lab()
    _ = i.execute("lesson 1")
    _ = i.execute("next")
    #expect(i.guide?.current?.command == "set balance 100")
    _ = i.execute("")
    #expect(i.cluster.master?.log.lastSeq == 1)
    let again = i.execute("restart")
    #expect(
      again.output.hasPrefix("Starting Lesson 1: the replication log and asynchronous lag again on a fresh cluster."))
    #expect(i.cluster.master?.log.lastSeq == 0)
    #expect(i.guide?.position == 0)
    // `restart NODE` is still the lab's command.
    _ = i.execute("crash db2")
    #expect(i.execute("restart db2").output.contains("db2 restarted"))
    let left = i.execute("quit")
    #expect(!left.quit)
    #expect(left.output.hasPrefix("You left lesson 1 at step 1."))
    #expect(i.guide == nil)
    #expect(i.execute("quit").quit, "outside a lesson quit leaves the lab")
  }

  @Test func theLastStepEndsTheLessonAndKeepsTheCluster() throws {
    var i = try Self.lessonWithExpectations()
    var last = Reply()
    for _ in 0..<20 where i.guide != nil { last = i.execute("") }
    #expect(i.guide == nil)
    #expect(last.output.contains("expected semi-sync on: yes."))
    #expect(
      last.output.hasSuffix(
        "That was the last step of lesson 32. The cluster stays as it is to explore."))
    #expect(i.cluster.syncMode == .semi)
  }

  @Test func aFalseExpectationInALessonSaysSoWithoutStoppingIt() throws {
    var i = try Self.lessonWithExpectations()
    _ = i.execute("")  // goal
    _ = i.execute("")  // sync-mode semi
    _ = i.execute("")  // semi-sync timeout 2s
    _ = i.execute("")  // set k 1
    _ = i.execute("")  // crash db2
    _ = i.execute("next")  // skip crash db3: a replica still acknowledges
    _ = i.execute("")  // set k 2
    let r = i.execute("")
    #expect(r.output.contains("> expect semi-sync off\nerror: expected semi-sync off, but semi-sync is ON"))
    #expect(i.guide != nil)
  }

  @Test func stepsRunInTheLessonAreTheSessionAndUndoTakesTheStepBack() {
    var i = Self.lab()
    _ = i.execute("set before 1")
    _ = i.execute("lesson 2")
    _ = i.execute("")
    _ = i.execute("")
    #expect(i.session.entries.map(\.line) == ["set user:1 alice", "set user:2 bob"], "a lesson starts a fresh session")
    let r = i.execute("undo")
    #expect(r.output.hasPrefix("Undone: `set user:2 bob`"))
    // The undone command was step 2's: the lesson is back there, for Enter to run it again.
    #expect(i.guide?.position == 1)
    #expect(i.cluster.master?.log.lastSeq == 1)
  }

  @Test func unknownLessonsAndStrayStepCommandsAreOneLineErrors() {
    var i = Self.lab()
    #expect(i.execute("lesson 99").error == "there is no lesson '99'; `lessons` lists them by number. Usage: lesson N")
    #expect(i.execute("next").error?.hasPrefix("no lesson is running") == true)
    #expect(i.execute("repeat").error?.hasPrefix("no lesson is running") == true)
    #expect(i.execute("lesson 03-master-failover").error == nil)
    #expect(i.guide?.lesson.number == 3)
  }
}
