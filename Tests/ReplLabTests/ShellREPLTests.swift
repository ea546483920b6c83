import Foundation
import Glibc
import ReplLabTestSupport
import Testing

/// The shell at a real prompt (a pseudo-terminal): pasting several lines, wrapping to the
/// terminal's width, interrupting a long command.
@Suite(.serialized) struct ShellREPLTests {
  static let prompt = "repl-lab> "
  static let pasteStart = "\u{1B}[200~"
  static let pasteEnd = "\u{1B}[201~"

  /// Starts the REPL on a terminal `columns` wide and waits for its first prompt.
  static func start(columns: Int = 100, arguments: [String] = []) throws -> PseudoTerminal {
    let pty = try PseudoTerminal(
      executable: BuiltBinary.path, arguments: arguments, environment: [:], columns: columns)
    try pty.expect(prompt)
    return pty
  }

  /// Lines the program printed, escape codes and carriage returns removed.
  static func lines(_ raw: String) -> [String] {
    PseudoTerminal.stripEscapes(raw).replacingOccurrences(of: "\r", with: "")
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  @Test func aPasteOfSeveralLinesRunsThemInOrderEachBehindItsPrompt() throws {
    let pty = try Self.start()
    // As a terminal sends it: bracketed, lines ending in CR; a blank line and a comment inside.
    pty.send(Self.pasteStart + "set a 1   # first\r\rset b 2\rget a\r" + Self.pasteEnd)
    let out = Self.lines(try pty.expect("\"1\" from db1"))
    #expect(
      out.first == "set a 1   # first"
        && out.contains("OK  seq 1 on db1 (master, epoch 1). async: acknowledged before any replica has it."))
    #expect(out.contains("[t=0.000s] repl-lab> set b 2"))
    #expect(out.contains("[t=0.000s] repl-lab> get a"))
    #expect(!out.joined().contains("error"))
    let seq1 = out.firstIndex { $0.hasPrefix("OK  seq 1") }!
    let seq2 = out.firstIndex { $0.hasPrefix("OK  seq 2") }!
    #expect(seq1 < seq2)
    try pty.expect(Self.prompt)
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }

  @Test func anUnfinishedLastPastedLineWaitsAtThePromptAfterWhatWasTyped() throws {
    let pty = try Self.start()
    pty.send("set x ")
    try pty.expect("set x ")
    pty.send(Self.pasteStart + "1\nwait 1" + Self.pasteEnd)
    try pty.expect("OK  seq 1")
    try pty.expect(Self.prompt)
    // "wait 1" is on the line, not run: finishing it runs it.
    pty.send("s" + PseudoTerminal.Key.enter)
    let out = Self.lines(try pty.expect("[t=1.000s] " + Self.prompt))
    #expect(out.first == "wait 1s")
    #expect(out.contains("  t=0.010s  db2 received and applied seq 1"))
    // History holds each line as run.
    pty.send(PseudoTerminal.Key.up + PseudoTerminal.Key.up)
    try pty.expect("set x 1")
    pty.send(PseudoTerminal.Key.ctrlU + PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }

  @Test(arguments: [60, 100])
  func outputIsWrappedToTheTerminalsWidth(columns: Int) throws {
    let pty = try Self.start(columns: columns)
    pty.send("crash master" + PseudoTerminal.Key.enter)
    try pty.expect(Self.prompt)
    pty.send("promote" + PseudoTerminal.Key.enter)
    let out = Self.lines(try pty.expect(Self.prompt)).dropFirst().dropLast()
    #expect(out.first?.hasPrefix("db2 is now master (epoch 2)") == true)
    #expect(out.count >= (columns == 60 ? 3 : 2), "\(out)")
    for line in out {
      #expect(line.count <= columns, "\(line)")
    }
    // Continuations are indented under the answer; the sentence is all there.
    #expect(out.dropFirst().dropLast().allSatisfy { $0.hasPrefix("  ") })
    #expect(out.last == "Nothing lost: db2 has every write db1 had.")
    #expect(out.joined(separator: " ").contains("db3 now follows db2."))
    // A table is never broken, even on a narrow screen.
    pty.send("status" + PseudoTerminal.Key.enter)
    let status = Self.lines(try pty.expect(Self.prompt))
    #expect(status.contains { $0.hasPrefix("db2   master") })
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }

  @Test func ctrlCStopsALongSettleAtAnEventBoundaryAndSaysWhere() throws {
    let pty = try Self.start()
    pty.send("load 1000000 writes over 100s" + PseudoTerminal.Key.enter)
    try pty.expect(Self.prompt)
    pty.send("settle" + PseudoTerminal.Key.enter)
    // After about a second the progress line appears, on the terminal only.
    try pty.expect("(Ctrl-C stops)", timeout: 20)
    pty.send(PseudoTerminal.Key.ctrlC)
    let out = Self.lines(try pty.expect(Self.prompt, timeout: 20))
    let note = try #require(out.firstIndex { $0.hasPrefix("Interrupted (Ctrl-C) at t=") })
    #expect(out[note + 1].contains("consistent as of that moment"))
    // The prompt's time is where it stopped, well before the load's 100 s.
    let stoppedAt = out[note].dropFirst("Interrupted (Ctrl-C) at t=".count).prefix { $0 != "s" }
    #expect(Double(stoppedAt).map { $0 > 0 && $0 < 100 } == true, "\(out[note])")
    // The lab goes on from there: the next command runs and the process is alive.
    pty.send("wait 10ms" + PseudoTerminal.Key.enter)
    try pty.expect(Self.prompt)
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }

  @Test(arguments: [(SIGQUIT, Int32(0)), (SIGHUP, Int32(129))])
  func aSignalToLeaveLeavesQuietlyAndTheHistoryIsBoundedFromTheStart(signal: Int32, status: Int32) throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("repl-home-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    let history = home + "/.repl_lab_history"
    try (1...1500).map { "set k\($0) v\n" }.joined().write(toFile: history, atomically: true, encoding: .utf8)
    let pty = try PseudoTerminal(executable: BuiltBinary.path, arguments: [], environment: ["HOME": home])
    try pty.expect(Self.prompt)
    // Trimmed at start-up, before anything is typed.
    let kept = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n")
    #expect(kept.count == 1000)
    #expect(kept.last == "set k1500 v")
    pty.send("set half")
    try pty.expect("half")
    try pty.waitUntilBlockedOnInput()
    kill(pty.pid, signal)
    #expect(try pty.waitForExit() == status)
    #expect(!pty.transcript.contains("rash") && !pty.transcript.contains("acktrace"), "\(pty.transcript)")
  }

  @Test func clearClearsTheScreen() throws {
    let pty = try Self.start()
    pty.send("clear" + PseudoTerminal.Key.enter)
    let out = try pty.expect(Self.prompt)
    #expect(out.contains("\u{1B}[H"), "\(out.debugDescription)")
    // The prompt is drawn before readline reads again: a Ctrl-D sent earlier can be lost.
    try pty.waitUntilBlockedOnInput()
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }

  @Test func outputTallerThanTheScreenGoesThroughThePagerUntilPagerOff() throws {
    let pty = try PseudoTerminal(
      executable: BuiltBinary.path, arguments: [], environment: ["PAGER": "sed s/^/PAGED:/"], rows: 30)
    try pty.expect(Self.prompt)
    // Short output is printed as it is.
    pty.send("status" + PseudoTerminal.Key.enter)
    #expect(!(try pty.expect(Self.prompt)).contains("PAGED:"))
    // `help all` is taller than 30 rows: the pager gets all of it.
    pty.send("help all" + PseudoTerminal.Key.enter)
    let paged = PseudoTerminal.stripEscapes(try pty.expect(Self.prompt))
    #expect(paged.contains("PAGED:Commands ("))
    #expect(paged.contains("PAGED:Roles work as names"))
    pty.send("pager off" + PseudoTerminal.Key.enter)
    try pty.expect(Self.prompt)
    pty.send("help all" + PseudoTerminal.Key.enter)
    let straight = PseudoTerminal.stripEscapes(try pty.expect(Self.prompt))
    #expect(straight.contains("Commands (") && !straight.contains("PAGED:"))
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)

    let off = try PseudoTerminal(
      executable: BuiltBinary.path, arguments: ["--no-pager"], environment: ["PAGER": "sed s/^/PAGED:/"])
    try off.expect(Self.prompt)
    off.send("help all" + PseudoTerminal.Key.enter)
    #expect(!(try off.expect(Self.prompt)).contains("PAGED:"))
    off.send(PseudoTerminal.Key.ctrlD)
    #expect(try off.waitForExit() == 0)
  }

  @Test func tabCompletesPresetsHelpTopicsAndClients() throws {
    let pty = try Self.start()
    pty.send("client alice" + PseudoTerminal.Key.enter)
    try pty.expect(Self.prompt)
    pty.send("as al" + PseudoTerminal.Key.tab)
    try pty.expect("as alice ")
    pty.send(PseudoTerminal.Key.ctrlU + "preset mon" + PseudoTerminal.Key.tab)
    try pty.expect("preset mongodb ")
    pty.send(PseudoTerminal.Key.ctrlU + "help guar" + PseudoTerminal.Key.tab)
    try pty.expect("help guarantees ")
    pty.send(PseudoTerminal.Key.enter)
    #expect(PseudoTerminal.stripEscapes(try pty.expect(Self.prompt)).contains("Clients and read guarantees"))
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }

  /// After Ctrl-Z and `fg` (here SIGSTOP and SIGCONT: a process group with no job-control shell
  /// above it is orphaned, and the kernel drops a terminal's SIGTSTP for it) the prompt and the
  /// half-typed line are drawn again.
  @Test func afterStopAndContinueThePromptAndTheLineAreRedrawn() throws {
    let pty = try Self.start()
    pty.send("set half")
    try pty.expect("half")
    try pty.waitUntilBlockedOnInput()
    kill(pty.pid, SIGSTOP)
    kill(pty.pid, SIGCONT)
    try pty.expect("repl-lab> set half")
    pty.send(" 1" + PseudoTerminal.Key.enter)
    #expect(PseudoTerminal.stripEscapes(try pty.expect(Self.prompt)).contains("OK  seq 1 on db1"))
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }

  @Test func tabCompletesAKeyTheClusterHas() throws {
    let pty = try Self.start()
    pty.send("set balance 100" + PseudoTerminal.Key.enter)
    try pty.expect(Self.prompt)
    pty.send("get bal" + PseudoTerminal.Key.tab)
    try pty.expect("get balance ")
    pty.send(PseudoTerminal.Key.enter)
    #expect(PseudoTerminal.stripEscapes(try pty.expect(Self.prompt)).contains("\"100\" from db1"))
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }
}
