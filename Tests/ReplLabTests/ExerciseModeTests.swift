import Foundation
import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabCommands
@testable import ReplLabPresentation

/// `exercise N` at the prompt: the goal without its solution, `check`, `hint`, `solution`, `reset`,
/// and the progress a learner keeps.
@Suite struct ExerciseModeTests {
  static let lessons = Project.root + "/Lessons"

  static func lab() -> Interpreter { Interpreter(seed: 1, lessonsDirectory: lessons) }

  @Test func anExerciseStartsWithItsGoalAndWithoutItsSolution() throws {
    var lab = Self.lab()
    let start = lab.execute("exercise 27")
    #expect(start.error == nil)
    #expect(start.output.contains("Goal: lose a write that was acknowledged to its client"))
    #expect(start.output.contains("Your turn: no solution is shown."))
    // Neither the solution's commands nor its narration, nor the hints, are shown.
    #expect(!start.output.contains("crash master"))
    #expect(!start.output.contains("promote"))
    #expect(!start.output.contains("Under asynchronous replication the master says OK"))
    #expect(lab.prompt.hasPrefix("[exercise 27: 1/2 hold] [t=0.020s] repl-lab> "))
    // `lesson 27` starts the same exercise rather than stepping through its solution.
    var other = Self.lab()
    let lesson = other.execute("lesson 27")
    #expect(lesson.output.hasPrefix("Lesson 27 is an exercise"))
    #expect(other.attempt != nil && other.guide == nil)
  }

  @Test func checkSaysWhichHoldThenThatTheGoalIsReachedOnce() throws {
    var lab = Self.lab()
    _ = lab.execute("exercise 27")
    let before = lab.execute("check").output
    #expect(before.hasPrefix("1 of 2 checks hold:\n  yes      balance = \"100\" on master\n"))
    #expect(before.contains("  not yet  lost = 1: 0 acknowledged writes lost"))
    #expect(before.contains("The goal is not reached yet. `hint` gives a hint (3 left)."))
    for line in ["set balance 50", "crash master", "promote"] { _ = lab.execute(line) }
    #expect(lab.prompt.hasPrefix("[exercise 27: 2/2 hold]"))
    let after = lab.execute("check").output
    #expect(after.contains("2 of 2 checks hold:"))
    #expect(after.contains("Goal reached: exercise 27 is done, and `lessons` marks it. Next: `exercise 28`"))
    #expect(lab.execute("check").output.hasSuffix("The goal is still reached."))
    #expect(lab.execute("lessons").output.contains("  27  done  exercise: lose a write"))
  }

  @Test func hintsComeOneAtATimeAndStaySeenAfterReset() {
    var lab = Self.lab()
    _ = lab.execute("exercise 29")
    let first = lab.execute("hint").output
    #expect(first.hasPrefix("Hint 1 of 3: "))
    #expect(!first.contains("Hint 2"))
    let second = lab.execute("hint").output
    #expect(second.contains("Hint 1 of 3: ") && second.contains("Hint 2 of 3: ") && !second.contains("Hint 3"))
    _ = lab.execute("crash db3")
    let reset = lab.execute("reset")
    #expect(reset.output.hasPrefix("Starting Exercise 29: make a replica unable to catch up again"))
    #expect(lab.cluster.nodes["db3"]!.isUp, "reset starts the exercise over")
    #expect(lab.attempt?.hintsShown == 2)
    let third = lab.execute("hint").output
    #expect(third.contains("Hint 3 of 3: ") && third.hasSuffix("That is every hint; `solution` shows a solution."))
  }

  @Test func aCheckOnceCountsOnlyWhatHappenedOnTheLearnersTurn() {
    // Exercise 31: bob must have seen a key go back at some point, then be given a setting.
    var lab = Self.lab()
    _ = lab.execute("exercise 31")
    #expect(lab.prompt.hasPrefix("[exercise 31: 1/3 hold]"))
    for line in ["set photo new.jpg", "wait 100ms", "as bob get photo", "as bob get photo"] { _ = lab.execute(line) }
    #expect(lab.prompt.hasPrefix("[exercise 31: 1/3 hold]"), "broken once: the once-check holds, held does not")
    _ = lab.execute("ops clear")
    _ = lab.execute("client bob monotonic-reads sticky")
    #expect(lab.prompt.hasPrefix("[exercise 31: 3/3 hold]"))
    // Undo judges the once-checks again over the replay: before the second read, nothing went back.
    _ = lab.execute("undo")
    _ = lab.execute("undo")
    _ = lab.execute("undo")
    #expect(lab.prompt.hasPrefix("[exercise 31: 1/3 hold]"))
    #expect(
      lab.execute("check").output.contains(
        "not yet  at some point, monotonic-reads broken by bob: it has not held yet"))
  }

  /// A `check always` fails for good once it did not hold after some command of the attempt, and
  /// `reset` forgets that.
  @Test func aCheckAlwaysFailsOnceItDidNotHoldAndResetForgetsIt() {
    var lab = Self.lab()
    _ = lab.execute("exercise 30")
    for line in ["partition db1 app", "wait 8s"] { _ = lab.execute(line) }
    #expect(lab.execute("expect masters = 2").error == nil)
    _ = lab.execute("heal")
    _ = lab.execute("wait 5s")
    let check = lab.execute("check").output
    #expect(
      check.contains("not yet  at every point, masters <= 1: it did not hold at some point (now it does)"), "\(check)")
    // Undo judges it again over the replay: without the wait, there never were two masters.
    _ = lab.execute("undo")
    _ = lab.execute("undo")
    _ = lab.execute("undo")
    #expect(lab.execute("check").output.contains("  yes      at every point, masters <= 1"))
    _ = lab.execute("wait 8s")
    _ = lab.execute("reset")
    #expect(lab.execute("check").output.contains("  yes      at every point, masters <= 1"))
  }

  @Test func theSolutionIsShownAndItsReplayIsNotCountedAsTheLearners() {
    var lab = Self.lab()
    _ = lab.execute("exercise 27")
    let shown = lab.execute("solution").output
    #expect(shown.hasPrefix("A solution to exercise 27:"))
    #expect(shown.contains("    crash master"))
    #expect(lab.cluster.nodes["db1"]!.isUp, "showing runs nothing")
    let replay = lab.execute("solution replay").output
    #expect(replay.contains("> crash master"))
    #expect(lab.execute("check").output.hasSuffix("The goal is reached, by the solution."))
    #expect(lab.progress.finished.isEmpty)
    _ = lab.execute("reset")
    for line in ["set balance 50", "crash master", "promote"] { _ = lab.execute(line) }
    #expect(lab.execute("check").output.contains("Goal reached: exercise 27 is done"))
  }

  @Test func exerciseWordsOutsideAnExerciseAndMistakesAreRefused() {
    var lab = Self.lab()
    #expect(lab.execute("check").error?.hasPrefix("`check` works in an exercise, and none is running") == true)
    #expect(lab.execute("hint").error?.hasPrefix("`hint` works in an exercise") == true)
    #expect(lab.execute("exercise 3").error?.hasPrefix("lesson 3 is not an exercise; `lesson 3`") == true)
    _ = lab.execute("exercise 27")
    #expect(lab.execute("check lost = 1").error?.contains("`expect WHAT` checks one fact") == true)
    #expect(lab.execute("solution now").error?.contains("`solution replay`") == true)
    // Outside an exercise `reset` is the lab's own again.
    #expect(lab.execute("quit").output.hasPrefix("You left exercise 27."))
    #expect(lab.execute("reset").output.hasPrefix("A fresh cluster:"))
    #expect(lab.attempt == nil)
  }

  @Test func anExerciseFileNamesItsMistakesByLine() {
    func parse(_ text: String) -> String? {
      do {
        _ = try Exercise(Lesson(fileName: "x.lab", path: "x.lab", text: text))
        return nil
      } catch { return error.text }
    }
    let head = "# Exercise 1: demo\ngoal g\n"
    #expect(parse(head + "hint h\ncheck lost = 1\nsolution\nset k 1\n") == nil)
    #expect(parse(head + "hint h\ncheck lost is 1\nsolution\n")?.hasPrefix("x.lab:4: `check lost is 1` is not") == true)
    #expect(parse(head + "check lost = 1\nsolution\nhint h\n")?.hasPrefix("x.lab:5: `hint` lines come before") == true)
    #expect(parse(head + "hint h\nsolution\n")?.contains("at least one `check` line") == true)
    #expect(parse(head + "check lost = 1\nsolution\n")?.contains("at least one `hint` line") == true)
  }

  @Test func progressIsKeptInItsFileOnlyWhenAsked() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let file = dir + "/" + Progress.fileName
    var lab = Self.lab()
    lab.keepProgress(in: file)
    _ = lab.execute("exercise 27")
    for line in ["set balance 50", "crash master", "promote", "check"] { _ = lab.execute(line) }
    let text = try String(contentsOfFile: file, encoding: .utf8)
    #expect(text.hasSuffix("\n27-exercise-lose-a-write\n"))
    // A new session reads it back: `lessons` marks it, the banner suggests what comes next.
    var again = Self.lab()
    again.keepProgress(in: file)
    #expect(again.greeting.contains("Welcome back: 1 of the course's lessons and exercises done. Next: `exercise 28`"))
    #expect(again.execute("lessons").output.contains("Done: 1 of "))
    // Without a file nothing is written anywhere: the interpreter of replays and tests keeps none.
    var none = Self.lab()
    _ = none.execute("exercise 27")
    for line in ["set balance 50", "crash master", "promote", "check"] { _ = none.execute(line) }
    #expect(none.progressFile == nil)
    #expect(none.greeting == Interpreter.banner)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [Progress.fileName])
  }

  @Test func finishingAGuidedLessonIsRememberedToo() {
    var lab = Self.lab()
    _ = lab.execute("lesson 1")
    while lab.guide != nil { _ = lab.execute("") }
    #expect(lab.progress.finished == ["01-replication-log"])
  }
}
