import Foundation
import ReplLabTestSupport
import Testing

/// A false `expect` fails `repl-lab run` and `repl-lab check` in the real binary, naming file and line;
/// and a learner solves an exercise alone at the real REPL.
@Suite(.serialized) struct ExerciseEndToEndTests {
  static func type(_ line: String, into pty: PseudoTerminal, until prompt: String = "repl-lab> ") throws -> String {
    pty.send(line + PseudoTerminal.Key.enter)
    return PseudoTerminal.stripEscapes(try pty.expect(prompt)).replacingOccurrences(of: "\r\n", with: "\n")
  }

  /// The "done when" of exercises: a scripted learner at a terminal starts an exercise, sees no
  /// solution, checks before and after solving it, asks for a hint, and finds it done in `lessons`;
  /// the next start of the lab remembers it and suggests what comes next.
  @Test func aLearnerSolvesAnExerciseAloneAndTheLabRemembers() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("repl-exercise-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    let lessons = Project.root + "/Lessons"
    let pty = try PseudoTerminal(
      executable: BuiltBinary.path, arguments: ["exercise", "27", "--lessons", lessons],
      environment: ["HOME": home, "PAGER": ""])
    let start = PseudoTerminal.stripEscapes(try pty.expect("[exercise 27: 1/2 hold] [t=0.020s] repl-lab> "))
      .replacingOccurrences(of: "\r\n", with: "\n")
    #expect(start.contains("Exercise 27: lose a write the client was told had succeeded"))
    #expect(start.contains("Goal: lose a write that was acknowledged to its client"))
    #expect(start.contains("Your turn: no solution is shown."))
    #expect(!start.contains("crash master") && !start.contains("promote"), "no solution shown")

    let before = try Self.type("check", into: pty)
    #expect(before.contains("1 of 2 checks hold:"))
    #expect(before.contains("not yet  lost = 1: 0 acknowledged writes lost"))
    #expect(before.contains("The goal is not reached yet."))

    let hint = try Self.type("hint", into: pty)
    #expect(hint.contains("Hint 1 of 3: Under asynchronous replication"))
    #expect(!hint.contains("Hint 2"))

    _ = try Self.type("set balance 50", into: pty)
    _ = try Self.type("crash master", into: pty)
    let promoted = try Self.type("promote", into: pty)
    #expect(promoted.hasSuffix("[exercise 27: 2/2 hold] [t=0.020s] repl-lab> "))
    let after = try Self.type("check", into: pty)
    #expect(after.contains("2 of 2 checks hold:"))
    #expect(after.contains("Goal reached: exercise 27 is done, and `lessons` marks it."))

    let listing = try Self.type("lessons", into: pty)
    #expect(listing.contains("  27  done  exercise: lose a write the client was told had succeeded"))
    #expect(listing.contains("  28        exercise: fail over without losing anything"))
    _ = try Self.type("quit", into: pty)
    pty.send("quit" + PseudoTerminal.Key.enter)
    #expect(try pty.waitForExit() == 0)
    let saved = try String(contentsOfFile: home + "/.repl_lab_progress", encoding: .utf8)
    #expect(saved.contains("27-exercise-lose-a-write\n"))

    // The next start greets the learner with what comes next.
    let again = try PseudoTerminal(
      executable: BuiltBinary.path, arguments: ["--lessons", lessons], environment: ["HOME": home])
    let banner = PseudoTerminal.stripEscapes(try again.expect("repl-lab> "))
    #expect(banner.contains("Welcome back: 1 of the course's lessons and exercises done. Next: `exercise 28`"))
    again.send(PseudoTerminal.Key.ctrlD)
    #expect(try again.waitForExit() == 0)

    // With no progress kept, nothing is read or written.
    let none = try PseudoTerminal(
      executable: BuiltBinary.path, arguments: ["--lessons", lessons],
      environment: ["HOME": home, "REPL_LAB_NO_PROGRESS": "1"])
    let plain = PseudoTerminal.stripEscapes(try none.expect("repl-lab> "))
    #expect(!plain.contains("Welcome back"))
    none.send(PseudoTerminal.Key.ctrlD)
    #expect(try none.waitForExit() == 0)
  }

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
