import Foundation
import ReplLabTestSupport
import Testing

/// A false `expect` fails `repl-lab run` and `repl-lab check` in the real binary, naming file and line.
@Suite struct ExerciseEndToEndTests {
  @Test func runExitsNonZeroOnAFalseExpectationAndZeroOnTheSolution() throws {
    let good = try BuiltBinary.run(["run", "Lessons/32-exercise-semi-sync-fallback.lab"], in: Project.root)
    #expect(good.status == 0)
    #expect(good.stdout.contains("expected semi-sync off: yes."))

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-expect-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // The solution without its key step: only one replica crashes, so semi-sync stays on.
    try "sync-mode semi\nsemi-sync timeout 2s\ncrash db2\nset k 2\nexpect semi-sync off\n"
      .write(to: dir.appendingPathComponent("wrong.lab"), atomically: true, encoding: .utf8)
    let bad = try BuiltBinary.run(["run", "wrong.lab"], in: dir.path)
    #expect(bad.status == 1)
    #expect(bad.stdout.contains("error: wrong.lab:5: expected semi-sync off, but semi-sync is ON"))
    #expect(bad.stderr.contains("1 expectation did not hold:\n  error: wrong.lab:5: expected semi-sync off"))
  }

  @Test func checkFailsALessonWhoseExpectationFailsEvenWithAMatchingTranscript() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "repl-lab-expect-check-\(UUID().uuidString)")
    let lessons = dir.appendingPathComponent("Lessons")
    try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("Transcripts"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "# Exercise 1: demo\nset k 1\nexpect k = 1 on db2\n".write(
      to: lessons.appendingPathComponent("01-demo.lab"), atomically: true, encoding: .utf8)
    let blessed = try BuiltBinary.run(["check", "--bless"], environment: ["CI": ""], in: dir.path)
    #expect(blessed.status == 0)
    let check = try BuiltBinary.run(["check"], in: dir.path)
    #expect(check.status == 1)
    #expect(check.stdout.contains("FAIL     01-demo: an expectation did not hold"))
    #expect(check.stdout.contains("error: 01-demo.lab:3: expected k = \"1\" on db2, but db2 has no value for k"))
    #expect(
      check.stdout.contains(
        "1 lesson: 1 matched, 0 differ, 0 without transcript; 1 with an expectation that did not hold"))
  }
}
