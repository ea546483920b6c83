import ReplLabTestSupport
import Testing

@testable import ReplLab

/// Shell behaviour that lives in the interpreter: what a learner reads when a file cannot be written.
@Suite struct ShellInterpreterTests {
  @Test func aFileErrorNamesTheFileTheLearnerGaveNotATemporaryOne() {
    var lab = Interpreter()
    lab.trust = .interactive
    _ = lab.execute("set a 1")
    // /proc/version is a regular file in a directory where nothing can be created.
    let reply = lab.execute("save --force /proc/version")
    #expect(reply.error?.hasPrefix("cannot write /proc/version: ") == true, "\(reply.error ?? "")")
    #expect(reply.error?.contains(".tmp-") == false)
  }

  @Test func helpFitsAScreenAndTopicsAndAllShowTheRest() {
    var lab = Interpreter()
    let help = lab.execute("help").output
    let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
    // A 35-row terminal shows it whole, prompt included, every line within 100 columns.
    #expect(lines.count <= 33, "\(lines.count) lines")
    #expect(lines.allSatisfy { $0.count <= 100 })
    #expect(help.hasPrefix("First commands"))
    for first in ["set KEY VALUE", "crash NODE", "promote", "lesson N", "undo"] {
      #expect(help.contains("  " + first), "\(first)")
    }
    // Words a beginner has not met yet stay behind a topic.
    for later in ["fencing", "phi", "Sentinel"] { #expect(!help.contains(later), "\(later)") }
    #expect(lab.execute("? ").output == help)
    // Every command is in exactly one topic, and `help all` lists them all.
    var listed: [String] = []
    for (word, _) in HelpView.topics {
      let text = lab.execute("help \(word)").output
      #expect(!text.isEmpty)
      listed += CommandRegistry.all.filter { text.contains("  " + $0.usage) }.map(\.usage)
    }
    #expect(Set(listed) == Set(CommandRegistry.all.map(\.usage)))
    #expect(lab.execute("help detection").output.contains("fencing stonith|none"))
    #expect(lab.execute("help all").output.contains("Failure detection and automatic failover"))
    #expect(lab.execute("help nosuch").error?.contains("help") == true)
  }

  @Test func helpInALessonNamesTheLessonsOwnWords() {
    var lab = Interpreter(lessonsDirectory: Project.lessonsDirectory)
    _ = lab.execute("lesson 1")
    let help = lab.execute("help").output
    #expect(help.contains("In this lesson:"))
    #expect(help.contains("`next` skips it"))
    var plain = Interpreter()
    #expect(!plain.execute("help").output.contains("In this lesson:"))
  }

  @Test func helpInAnExerciseNamesTheExercisesOwnWords() {
    var lab = Interpreter(lessonsDirectory: Project.lessonsDirectory)
    _ = lab.execute("exercise 27")
    let help = lab.execute("help").output
    #expect(help.contains("In this exercise:"))
    #expect(help.contains("`hint` gives the next hint") && help.contains("`reset` starts over"))
    #expect(!help.contains("In this lesson:"))
  }

  /// `undo` of a command a lesson step ran takes the lesson back to that step, so Enter runs it
  /// again; `undo` of a command of the learner's own leaves the step where it is.
  @Test func undoOfAStepTakesTheLessonBackToThatStep() {
    var lab = Interpreter(lessonsDirectory: Project.lessonsDirectory)
    _ = lab.execute("lesson 1")
    _ = lab.execute("")  // status
    _ = lab.execute("")  // set balance 100
    #expect(lab.prompt.hasPrefix("[lesson 1, step 3/14]"))
    _ = lab.execute("lag")  // the learner's own view
    let undone = lab.execute("undo")
    #expect(undone.output.contains("Undone: `set balance 100`"), "\(undone.output)")
    #expect(undone.output.contains("The lesson is back at step 2/14: Enter runs it again."))
    #expect(undone.output.hasSuffix("next: set balance 100    (Enter runs it)"))
    #expect(lab.prompt.hasPrefix("[lesson 1, step 2/14]"))
    let again = lab.execute("")
    #expect(again.output.hasPrefix("> set balance 100\nOK  seq 1 on db1"), "\(again.output)")
    // A command the learner typed is undone without moving the lesson.
    _ = lab.execute("set extra 1")
    #expect(lab.prompt.hasPrefix("[lesson 1, step 3/14]"))
    let own = lab.execute("undo")
    #expect(own.output.contains("Undone: `set extra 1`") && !own.output.contains("back at step"))
    #expect(lab.prompt.hasPrefix("[lesson 1, step 3/14]"))
  }

  @Test func logShowsTheLastTwentyEntriesUnlessAskedAndSaysHowToSeeMore() {
    var lab = Interpreter()
    _ = lab.execute("load 50 writes over 1s")
    _ = lab.execute("settle")
    let log = lab.execute("log").output
    #expect(log.hasPrefix("db1 (master) log, seq 31-50 of 50:"))
    #expect(log.contains("(30 older entries not shown; `log db1 last N` shows more)"))
    #expect(lab.execute("log last 50").output.hasPrefix("db1 (master) log, seq 1-50 of 50:"))
    #expect(lab.execute("pager off").output.hasPrefix("Pager off"))
  }

  @Test func tabCompletesKeysAndLessonNumbers() {
    var lab = Interpreter(lessonsDirectory: Project.lessonsDirectory)
    for line in ["set balance 1", "set bonus 2", "set Other 3"] { _ = lab.execute(line) }
    #expect(lab.completions(for: "get b") == ["balance", "bonus"])
    #expect(lab.completions(for: "set bal") == ["balance"])
    #expect(lab.completions(for: "del O") == ["Other"])
    #expect(lab.completions(for: "incr bo") == ["bonus"])
    #expect(lab.completions(for: "get balance ") == ["from"])
    #expect(lab.completions(for: "lesson 3") == ["3", "30", "31", "32", "33", "34", "35", "36", "37", "38", "39"])
    #expect(lab.completions(for: "lesson ").contains("1"))
  }
}
