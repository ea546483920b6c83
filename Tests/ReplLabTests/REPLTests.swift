import Foundation
import ReplLabTestSupport
import Testing

/// The interactive REPL, driven through a real pseudo-terminal as a person would use it: typing,
/// Tab completion, history recall, Ctrl-C and Ctrl-D.
@Suite(.serialized) struct REPLTests {
  static let prompt = "repl-lab> "

  /// Starts the REPL and waits for its first prompt.
  static func start(home: String? = nil) throws -> PseudoTerminal {
    var env: [String: String] = [:]
    if let home { env["HOME"] = home }
    let pty = try PseudoTerminal(executable: BuiltBinary.path, arguments: [], environment: env)
    try pty.expect("Type `help`")
    try pty.expect(prompt)
    return pty
  }

  /// Types a line and returns what it printed up to the next prompt, escape codes removed.
  static func type(_ line: String, into pty: PseudoTerminal) throws -> String {
    pty.send(line + PseudoTerminal.Key.enter)
    return PseudoTerminal.stripEscapes(try pty.expect(prompt))
  }

  @Test func aTypedCommandPrintsItsAnswerAndThePromptShowsTime() throws {
    let pty = try Self.start()
    let out = try Self.type("set x 1", into: pty)
    #expect(out.contains("OK  seq 1 on db1 (master, epoch 1)"))
    let waited = try Self.type("wait 20ms", into: pty)
    #expect(waited.contains("db2 received and applied seq 1"))
    #expect(waited.hasSuffix("[t=0.020s] repl-lab> "))
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }

  @Test func tabCompletesCommandsAndNodeNames() throws {
    let pty = try Self.start()
    // "cra" is only `crash`; after it, "m" is only `master`.
    pty.send("cra" + PseudoTerminal.Key.tab)
    try pty.expect("crash ")
    pty.send("m" + PseudoTerminal.Key.tab)
    try pty.expect("master ")
    pty.send(PseudoTerminal.Key.enter)
    let out = PseudoTerminal.stripEscapes(try pty.expect(Self.prompt))
    #expect(out.contains("db1's host crashed (power loss)"))
    // Two Tabs on an ambiguous word list the candidates: the node names.
    pty.send("restart db" + PseudoTerminal.Key.tab + PseudoTerminal.Key.tab)
    let listing = PseudoTerminal.stripEscapes(try pty.expect("db3"))
    #expect(listing.contains("db1") && listing.contains("db2"))
    pty.send(PseudoTerminal.Key.ctrlU + PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }

  @Test func upArrowRecallsTheLastLineAndHistoryIsSaved() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("repl-home-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    let pty = try Self.start(home: home)
    _ = try Self.type("set counter 5", into: pty)
    pty.send(PseudoTerminal.Key.up)
    try pty.expect("set counter 5")
    pty.send(PseudoTerminal.Key.enter)
    // Only running the recalled line can write seq 2.
    let out = PseudoTerminal.stripEscapes(try pty.expect(Self.prompt))
    #expect(out.contains("OK  seq 2 on db1"))
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
    let saved = try String(contentsOfFile: home + "/.repl_lab_history", encoding: .utf8)
    #expect(saved.contains("set counter 5"))

    // A new session starts with that history.
    let again = try Self.start(home: home)
    again.send(PseudoTerminal.Key.up)
    try again.expect("set counter 5")
    again.send(PseudoTerminal.Key.ctrlU + PseudoTerminal.Key.ctrlD)
    #expect(try again.waitForExit() == 0)
  }

  @Test func ctrlCClearsTheLineAndTheLabGoesOn() throws {
    let pty = try Self.start()
    pty.send("set half-typed")
    try pty.expect("half-typed")
    // Waits until the REPL is blocked reading the terminal, so the signal cannot race the echo.
    try pty.interrupt()
    try pty.expect(Self.prompt)
    // The half-typed line is gone: the next command runs alone, and nothing was written.
    let out = try Self.type("status", into: pty)
    #expect(out.contains("db1   master"))
    #expect(out.contains("seq 0"))
    #expect(!out.contains("error"))
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }

  @Test func badInputIsOneErrorLineAndQuitLeaves() throws {
    let pty = try Self.start()
    let out = try Self.type("sett x 1", into: pty)
    #expect(out.contains("error: unknown command 'sett'; did you mean `set`?"))
    pty.send("quit" + PseudoTerminal.Key.enter)
    #expect(try pty.waitForExit() == 0)
  }
}
