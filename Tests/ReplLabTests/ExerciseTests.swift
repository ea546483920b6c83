import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Every exercise passes its `expect`s with its own solution, and a wrong solution fails at the
/// expectation that catches it, named by file and line.
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
      failing: "expect lost = 1"),
    Case(
      file: "28-exercise-failover-without-loss.lab", replace: "sync-mode semi", with: "", failing: "expect lost = 0"),
    Case(
      file: "29-exercise-replica-cannot-catch-up.lab", replace: "load 10 writes over 100ms",
      with: "load 3 writes over 100ms", failing: "expect db3 is stopped"),
    Case(file: "30-exercise-split-brain-and-fence.lab", replace: "fencing on", with: "", failing: "expect masters = 1"),
    Case(
      file: "31-exercise-monotonic-reads.lab", replace: "client bob monotonic-reads sticky", with: "",
      failing: "expect monotonic-reads held by bob"),
    Case(file: "32-exercise-semi-sync-fallback.lab", replace: "crash db3", with: "", failing: "expect semi-sync off"),
    Case(
      file: "35-exercise-majority-survives-a-partition.lab", replace: "set balance 100",
      with: "set balance 100\nwrite-concern 1", failing: "expect lost = 0"),
  ]

  @Test func thereAreAtLeastSixExercises() throws {
    let exercises = try LessonLibrary.lessonPaths(in: Self.root + "/Lessons").map { p throws in try Lesson.load(p) }
      .filter(\.isExercise)
    #expect(exercises.count >= 6)
    #expect(Set(exercises.map(\.fileName)) == Set(Self.cases.map(\.file)), "every exercise has a wrong-solution case")
  }

  @Test(arguments: cases)
  func solutionPassesAndAWrongOneFails(_ c: Case) throws {
    let lesson = try Lesson.load(Self.root + "/Lessons/" + c.file)
    #expect(lesson.lines.contains { $0.hasPrefix("goal ") }, "an exercise states its goal")
    #expect(lesson.lines.filter { $0.hasPrefix("expect ") }.count >= 2)
    let good = LessonRunner.run(lesson)
    #expect(good.failedExpectations.isEmpty, "\(good.failedExpectations)")

    // Spoil the solution: the first command line that is exactly `replace` becomes `with`.
    var lines = lesson.lines
    let at = try #require(lines.firstIndex(of: c.replace), "\(c.file) has no line `\(c.replace)`")
    lines[at] = c.with
    let spoiled = Lesson(fileName: c.file, path: c.file, text: lines.joined(separator: "\n"))
    let bad = LessonRunner.run(spoiled)
    let line = try #require(spoiled.lines.firstIndex(of: c.failing)) + 1
    #expect(
      bad.failedExpectations.first?.hasPrefix("\(c.file):\(line): expected ") == true, "\(bad.failedExpectations)")
  }
}
