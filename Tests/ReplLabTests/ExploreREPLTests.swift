import Foundation
import ReplLabTestSupport
import Testing

/// `explore` at the REPL on a terminal: the progress line while it runs, and Ctrl-C, which stops it
/// with the counts so far and leaves the lab usable.
@Suite(.serialized) struct ExploreREPLTests {
  static let prompt = "repl-lab> "

  @Test func ctrlCStopsAnExplorationWithTheCountsSoFar() throws {
    let pty = try PseudoTerminal(
      executable: BuiltBinary.path, arguments: [], environment: ["PAGER": ""], columns: 100)
    try pty.expect(Self.prompt)
    pty.send("failover auto" + PseudoTerminal.Key.enter)
    try pty.expect(Self.prompt)
    // About 600 runs: several seconds, so the progress line appears.
    pty.send("explore crash master during { set a 1; wait 100s; settle }" + PseudoTerminal.Key.enter)
    try pty.expect("(Ctrl-C stops with the counts so far)", timeout: 30)
    pty.send(PseudoTerminal.Key.ctrlC)
    let out = PseudoTerminal.stripEscapes(try pty.expect(Self.prompt, timeout: 30))
    #expect(out.contains("Stopped (Ctrl-C) after "), "\(out)")
    #expect(out.contains(" of 617 runs of `crash master host`"), "\(out)")
    #expect(out.contains("runs  outcome"))
    // The lab goes on, its cluster untouched.
    pty.send("status" + PseudoTerminal.Key.enter)
    let status = PseudoTerminal.stripEscapes(try pty.expect(Self.prompt))
    #expect(status.contains("db1   master"))
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }
}
