import Foundation
import Glibc
import ReplLabTestSupport
import Testing

/// Colour on a terminal, and never where a learner did not ask for it: pipes, transcripts,
/// `NO_COLOR`, `TERM=dumb`, `--color never`; `--color always` colours a pipe too.
@Suite(.serialized) struct ShellColourTests {
  static let prompt = "repl-lab> "
  static let green = "\u{1B}[32m"
  static let lines = "set x 1\nstatus\nsett\n"

  /// The REPL on a terminal with `environment`; what `status` and a mistake printed.
  static func session(_ environment: [String: String], arguments: [String] = []) throws -> String {
    let pty = try PseudoTerminal(executable: BuiltBinary.path, arguments: arguments, environment: environment)
    try pty.expect(prompt)
    pty.send("set x 1" + PseudoTerminal.Key.enter)
    try pty.expect(prompt)
    pty.send("status" + PseudoTerminal.Key.enter)
    try pty.expect("follows")
    try pty.expect(prompt)
    pty.send("sett" + PseudoTerminal.Key.enter)
    try pty.expect("unknown command")
    try pty.expect(prompt)
    pty.send(PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
    return pty.transcript
  }

  @Test func aTerminalShowsRolesOutcomesErrorsAndTheTimeInColour() throws {
    let out = try Self.session(["NO_COLOR": ""])
    #expect(out.contains(Self.green + "OK\u{1B}[0m  seq 1 on db1"), "\(out.debugDescription)")
    #expect(out.contains("db1   " + Self.green + "master\u{1B}[0m   up"))
    #expect(out.contains("\u{1B}[36mreplica\u{1B}[0m  up"))
    #expect(out.contains("\u{1B}[31merror:\u{1B}[0m unknown command 'sett'"))
    // The prompt's time, dim; readline is told the codes take no column (\001 \002 are not echoed).
    #expect(out.contains("\u{1B}[2m[t=0.000s]\u{1B}[0m repl-lab> "))
  }

  @Test(arguments: [["NO_COLOR": "1"], ["NO_COLOR": "", "TERM": "dumb"]])
  func noColourWithNoColorOrADumbTerminal(_ environment: [String: String]) throws {
    let out = try Self.session(environment)
    for code in ["\u{1B}[32m", "\u{1B}[36m", "\u{1B}[31m", "\u{1B}[2m"] {
      #expect(!out.contains(code), "\(environment)")
    }
    #expect(out.contains("OK  seq 1 on db1"))
  }

  @Test func colourNeverOnATerminalAndAlwaysOverNoColor() throws {
    let never = try Self.session(["NO_COLOR": ""], arguments: ["--color", "never"])
    #expect(!never.contains(Self.green))
    let always = try Self.session(["NO_COLOR": "1"], arguments: ["--color", "always"])
    #expect(always.contains(Self.green + "OK\u{1B}[0m"))
  }

  /// On a narrow terminal, coloured output breaks its lines where plain output does: wrapping
  /// counts the columns shown, not the escape codes.
  @Test func colourWrapsAtTheSameColumnsAsPlainText() throws {
    func promote(_ environment: [String: String]) throws -> [String] {
      let pty = try PseudoTerminal(
        executable: BuiltBinary.path, arguments: [], environment: environment, columns: 60)
      try pty.expect(Self.prompt)
      pty.send("set x 1" + PseudoTerminal.Key.enter)
      try pty.expect(Self.prompt)
      pty.send("crash db1" + PseudoTerminal.Key.enter)
      try pty.expect(Self.prompt)
      pty.send("promote" + PseudoTerminal.Key.enter)
      let out = try pty.expect(Self.prompt)
      pty.send(PseudoTerminal.Key.ctrlD)
      #expect(try pty.waitForExit() == 0)
      return PseudoTerminal.stripEscapes(out).replacingOccurrences(of: "\r", with: "")
        .split(separator: "\n").map(String.init)
    }
    let coloured = try promote(["NO_COLOR": ""])
    let plain = try promote(["NO_COLOR": "1"])
    #expect(coloured == plain)
    #expect(coloured.contains { $0.hasPrefix("Lost: seq 1 (set x 1)") }, "\(coloured)")
    #expect(coloured.allSatisfy { $0.count <= 60 }, "\(coloured)")
  }

  @Test func aPipeGetsNoColourUnlessAskedAlways() throws {
    let plain = try BuiltBinary.run([], input: Self.lines, environment: ["NO_COLOR": "", "TERM": "xterm"])
    #expect(!plain.stdout.contains("\u{1B}"))
    #expect(plain.stdout.contains("db1   master   up"))
    let always = try BuiltBinary.run(["--color", "always"], input: Self.lines)
    #expect(always.stdout.contains(Self.green + "OK\u{1B}[0m  seq 1 on db1"))
    #expect(always.stdout.contains("\u{1B}[31merror:\u{1B}[0m unknown command 'sett'"))
    // Standard error's copy of the mistake stays plain: it is for logs and CI.
    #expect(!always.stderr.contains("\u{1B}"))
    let c = try BuiltBinary.run(["--color", "always", "-c", "set x 1"])
    #expect(c.stdout.hasPrefix(Self.green + "OK"))
    let never = try BuiltBinary.run(["--color", "never", "-c", "set x 1"])
    #expect(!never.stdout.contains("\u{1B}"))
    let wrong = try BuiltBinary.run(["--color", "sometimes"])
    #expect(wrong.status == 64)
    #expect(wrong.stderr.contains("--color"))
  }

  @Test func transcriptsHaveNoColourWhateverTheTerminal() throws {
    let r = try BuiltBinary.run(
      ["run", Project.root + "/Lessons/03-master-failover.lab"], environment: ["NO_COLOR": "", "TERM": "xterm"])
    #expect(r.status == 0)
    #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\u{E1FF}"))
  }
}
