import Foundation
import ReplLabTestSupport
import Testing

/// Guided lessons and undo in the real REPL, through a pseudo-terminal: what a learner types and sees.
@Suite(.serialized) struct GuidedREPLTests {
  static func type(_ line: String, into pty: PseudoTerminal) throws -> String {
    // The terminal ends lines with CR LF.
    try REPLTests.type(line, into: pty).replacingOccurrences(of: "\r\n", with: "\n")
  }

  @Test func aLessonStepsWithEnterAndTakesOwnCommandsNextRepeatRestartAndQuit() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("repl-guided-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    let pty = try PseudoTerminal(
      executable: BuiltBinary.path, arguments: ["lesson", "1", "--lessons", Project.root + "/Lessons"],
      environment: ["HOME": home])
    let start = PseudoTerminal.stripEscapes(try pty.expect("[lesson 1, step 1/14] [t=0.000s] repl-lab> "))
      .replacingOccurrences(of: "\r\n", with: "\n")
    #expect(start.contains("Lesson 1: the replication log and asynchronous lag\n14 steps, on a fresh cluster."))
    #expect(start.contains("next: status    (Enter runs it)"))

    // Enter runs the command shown and shows the next step.
    let first = try Self.type("", into: pty)
    #expect(first.contains("> status"))
    #expect(first.contains("db2   replica  up"))
    #expect(first.contains("next: set balance 100"))
    #expect(first.hasSuffix("[lesson 1, step 2/14] [t=0.000s] repl-lab> "))

    // The learner's own command runs; the lesson waits at the same step.
    let own = try Self.type("set mine 7", into: pty)
    #expect(own.contains("OK  seq 1 on db1"))
    #expect(own.hasSuffix("[lesson 1, step 2/14] [t=0.000s] repl-lab> "))
    #expect(try Self.type("repeat", into: pty).contains("next: set balance 100"))

    // next skips; Enter then runs the step after.
    #expect(try Self.type("next", into: pty).contains("next: get balance from db2"))
    let read = try Self.type("", into: pty)
    #expect(read.contains("> get balance from db2"))
    #expect(read.contains("[lesson 1, step 4/14]"))

    // restart starts over on a fresh cluster; quit leaves the lesson, then the lab.
    let again = try Self.type("restart", into: pty)
    #expect(again.contains("Starting Lesson 1"))
    #expect(again.hasSuffix("[lesson 1, step 1/14] [t=0.000s] repl-lab> "))
    let left = try Self.type("quit", into: pty)
    #expect(left.contains("You left lesson 1 at step 1."))
    #expect(left.hasSuffix("\n[t=0.000s] repl-lab> "))
    pty.send("quit" + PseudoTerminal.Key.enter)
    #expect(try pty.waitForExit() == 0)
  }

  @Test func undoInTheREPLTakesBackACrashAndHistoryAndSaveShowTheSession() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-undo-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let pty = try PseudoTerminal(executable: BuiltBinary.path, arguments: [], environment: ["HOME": dir])
    try pty.expect("Type `help`")
    try pty.expect(REPLTests.prompt)
    _ = try Self.type("set balance 100", into: pty)
    _ = try Self.type("wait 20ms", into: pty)
    #expect(try Self.type("crash db2", into: pty).contains("db2's host crashed"))
    let undone = try Self.type("undo", into: pty)
    #expect(undone.contains("Undone: `crash db2`. Replayed 2 commands from the start; the clock is at t=0.020s."))
    let status = try Self.type("status", into: pty)
    #expect(status.contains("db2   replica  up"))
    let history = try Self.type("history", into: pty)
    #expect(history.contains("1  set balance 100\n  2  wait 20ms\n  3  status"))
    #expect(try Self.type("save \(dir)/session.lab", into: pty).contains("Saved 3 commands to \(dir)/session.lab."))
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
    let saved = try String(contentsOfFile: dir + "/session.lab", encoding: .utf8)
    #expect(saved.hasSuffix("set balance 100\nwait 20ms\nstatus\n"))
  }
}
