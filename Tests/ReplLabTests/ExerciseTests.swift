import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Every exercise's goal is not reached on a fresh start and is reached by its solution, and a
/// wrong solution fails at the check that catches it, named by file and line.
@Suite struct ExerciseTests {
  static let root = Project.root

  /// An exercise, an edit that spoils its solution, and the expectation that must then fail.
  struct Case: Sendable, CustomTestStringConvertible {
    let file: String
    let replace: String
    let with: String
    let failing: String
    var testDescription: String { file }
  }

  static let cases: [Case] = [
    Case(
      file: "27-exercise-lose-a-write.lab", replace: "crash master", with: "wait 20ms\ncrash master",
      failing: "check lost = 1"),
    Case(
      file: "28-exercise-failover-without-loss.lab", replace: "sync-mode semi", with: "", failing: "check lost = 0"),
    Case(
      file: "29-exercise-replica-cannot-catch-up.lab", replace: "load 10 writes over 100ms",
      with: "load 3 writes over 100ms", failing: "check db3 is stopped"),
    Case(
      file: "30-exercise-split-brain-and-fence.lab", replace: "fencing stonith", with: "", failing: "check db1 is down"),
    Case(
      file: "31-exercise-monotonic-reads.lab", replace: "client bob monotonic-reads sticky", with: "",
      failing: "check monotonic-reads held by bob"),
    Case(
      file: "32-exercise-semi-sync-fallback.lab", replace: "crash db3", with: "",
      failing: "check semi-sync fallbacks >= 1"),
    Case(
      file: "37-exercise-lease-lagging-replica.lab", replace: "patroni maximum_lag_on_failover 0", with: "",
      failing: "check lost = 0"),
    Case(
      file: "35-exercise-majority-survives-a-partition.lab", replace: "set balance 100",
      with: "set balance 100\nwrite-concern 1", failing: "check lost = 0"),
    Case(
      file: "40-exercise-bad-delete.lab", replace: "set k2 v27", with: "", failing: "check k2 = v27 on master"),
    Case(
      file: "44-exercise-switchover.lab", replace: "switchover db3", with: "crash db1\npromote db3\nrestart db1",
      failing: "check lost = 0"),
    Case(
      file: "55-exercise-explore-no-loss.lab", replace: "sync-mode semi", with: "sync-mode async",
      failing: "check explored lost-write = 0"),
    Case(file: "48-exercise-errant-transaction.lab", replace: "resync db3", with: "", failing: "check errant = 0"),
  ]

  @Test func thereAreAtLeastSixExercises() throws {
    let exercises = try LessonLibrary.lessonPaths(in: Self.root + "/Lessons").map { p throws in try Lesson.load(p) }
      .filter(\.isExercise)
    #expect(exercises.count >= 6)
    #expect(Set(exercises.map(\.fileName)) == Set(Self.cases.map(\.file)), "every exercise has a wrong-solution case")
    // An exercise in the old form (goal and `expect` lines, no separate solution) would step the
    // learner through its solution: convert it (see Lessons/README.md).
    #expect(exercises.filter { !Exercise.isSeparated($0) }.map(\.fileName) == [])
  }

  @Test(arguments: cases)
  func solutionPassesAndAWrongOneFails(_ c: Case) throws {
    let lesson = try Lesson.load(Self.root + "/Lessons/" + c.file)
    #expect(Exercise.isSeparated(lesson), "the goal's checks and hints are separated from the solution")
    let exercise = try Exercise(lesson)
    #expect(exercise.goal != nil, "an exercise states its goal")
    #expect(exercise.checks.count >= 2)
    #expect((2...3).contains(exercise.hints.count), "two or three hints")
    let good = LessonRunner.run(lesson)
    #expect(good.failedExpectations.isEmpty, "\(good.failedExpectations)")
    #expect(good.transcript.contains("hold:\n"), "the replay ends with `check`")

    // Spoil the solution: the first command line that is exactly `replace` becomes `with`.
    var lines = lesson.lines
    let at = try #require(lines.firstIndex(of: c.replace), "\(c.file) has no line `\(c.replace)`")
    lines[at] = c.with
    let spoiled = Lesson(fileName: c.file, path: c.file, text: lines.joined(separator: "\n"))
    let bad = LessonRunner.run(spoiled)
    let line = try #require(spoiled.lines.firstIndex(of: c.failing)) + 1
    #expect(
      bad.failedExpectations.contains { $0.hasPrefix("\(c.file):\(line): expected ") }, "\(bad.failedExpectations)")
  }

  /// A goal is a state the learner must produce: on the exercise's fresh start, its checks do not
  /// all hold (so "nothing lost" alone can never pass as reached).
  @Test(arguments: cases)
  func theGoalIsNotReachedOnAFreshStart(_ c: Case) throws {
    var lab = Interpreter(seed: 1, lessonsDirectory: Self.root + "/Lessons")
    let number = String(c.file.prefix(2))
    let start = lab.execute("exercise \(number)")
    #expect(start.error == nil, "\(start.error ?? "")")
    let attempt = try #require(lab.attempt)
    let reached = lab.verdicts(of: attempt).allSatisfy { $0.holds }
    #expect(!reached, "\(c.file)")
    #expect(lab.execute("check").output.contains("The goal is not reached yet."))
    // Waiting alone does not reach it either.
    _ = lab.execute("wait 10s")
    let reachedByWaiting = lab.verdicts(of: lab.attempt!).allSatisfy { $0.holds }
    #expect(!reachedByWaiting, "\(c.file) after waiting")
  }

  /// Typed at the prompt, the solution's lines reach the goal, and `check` says so.
  @Test(arguments: cases)
  func theSolutionTypedAtThePromptReachesTheGoal(_ c: Case) throws {
    var lab = Interpreter(seed: 1, lessonsDirectory: Self.root + "/Lessons")
    _ = lab.execute("exercise \(c.file.prefix(2))")
    let exercise = try #require(lab.attempt?.exercise)
    for line in exercise.solution where !line.text.isEmpty && !line.text.hasPrefix("#") {
      #expect(lab.execute(line.text).error == nil, "\(c.file): \(line.text)")
    }
    let check = lab.execute("check").output
    #expect(check.contains("Goal reached: exercise \(exercise.label) is done"), "\(check)")
    #expect(lab.progress.finished.contains(exercise.lesson.name))
  }
}
