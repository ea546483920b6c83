import Foundation
import ReplLabTestSupport
import Testing

/// The shell's behaviour on the command line, against the built binary: comments in piped input and
/// lesson files, the width of what it prints, and how a script reports its mistakes.
@Suite struct ShellScriptTests {
  /// The README's own example, piped in as it is written, comments and all.
  static let readmeExample = """
    client alice reads round-robin          # reads take turns over the replicas
    as alice set bio "likes cats"
    as alice get bio                        # a lagging replica answers: read-your-writes broken
    client alice read-your-writes wait      # or: master, window 1s
    client bob monotonic-reads sticky       # or: wait, refuse
    client bob consistent-prefix wait       # or: sticky
    clients                                 # settings, and what the fixes cost
    ops check                               # every read that broke a guarantee, explained

    """

  @Test func commentsAtTheEndOfALineAreIgnoredInPipedInput() throws {
    let r = try BuiltBinary.run([], input: Self.readmeExample)
    #expect(r.status == 0)
    #expect(!r.stdout.contains("error:"), "\(r.stdout)")
    #expect(r.stdout.contains("read-your-writes broken"))
  }

  @Test func commentsAtTheEndOfALineAreIgnoredInALesson() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-shell-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let lesson = dir.appendingPathComponent("01-demo.lab")
    try "# A demo\nset tag #1   # a value that is a comment is no value\nset tag x#1 # but this one is\n"
      .write(to: lesson, atomically: true, encoding: .utf8)
    let r = try BuiltBinary.run(["run", lesson.path])
    // The transcript shows the line as written; the comment changed nothing.
    #expect(
      r.stdout == """
        # A demo
        [t=0.000s] repl-lab> set tag #1   # a value that is a comment is no value
        error: 01-demo.lab:2: set needs one more argument. Usage: set KEY VALUE
        [t=0.000s] repl-lab> set tag x#1 # but this one is
        OK  seq 1 on db1 (master, epoch 1). async: acknowledged before any replica has it.

        """, "\(r.stdout)")
  }

  @Test func pipedOutputIsWrappedAtOneHundredColumns() throws {
    let r = try BuiltBinary.run([], input: "set a 1\ncrash master\npromote\n", environment: ["COLUMNS": "40"])
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 100 })
    // The promotion's sentence is longer than 100 columns: it goes on, indented, on the next line.
    let at = try #require(lines.firstIndex { $0.hasPrefix("db2 is now master (epoch 2)") })
    #expect(lines[at].count > 90)
    #expect(lines[at + 1].hasPrefix("  ") && lines[at + 1].contains("db3 now follows db2."))
  }

  // MARK: Scripts fail loudly

  /// A mistake (line 2), a refusal that is the point of a lesson (line 4), a false `expect` (line 5).
  static let script = "set a 1\nsett b 2\ncrash master\nset a 2\nexpect a = 2 on db2\nget a from db2\n"

  @Test func aPipedScriptRunsToTheEndThenExitsWithWhatWentWrong() throws {
    let r = try BuiltBinary.run([], input: Self.script)
    #expect(r.status == 65)
    // Every line ran; the transcript shows each error where it happened.
    #expect(r.stdout.contains("error: unknown command 'sett'"))
    #expect(r.stdout.contains("error: db1 (master) is down"))
    #expect(
      r.stdout.hasSuffix(
        "(nil) from db2 (replica, applied seq 0); the master is down, so nothing newer can be checked.\n"))
    // Standard error has each error with its line, then what decided the status.
    let err = r.stderr.split(separator: "\n").map(String.init)
    #expect(err.first?.hasPrefix("error: <stdin>:2: unknown command 'sett'") == true)
    #expect(err.contains { $0.hasPrefix("error: <stdin>:4: db1 (master) is down") })
    #expect(err.contains("1 line is not a valid command:"))
    #expect(err.contains("1 expectation did not hold:"))
  }

  @Test func aFalseExpectationAloneExitsOneAndARefusalAloneExitsZero() throws {
    let expectation = try BuiltBinary.run([], input: "set a 1\nexpect a = 2 on db1\n")
    #expect(expectation.status == 1)
    #expect(expectation.stderr.contains("error: <stdin>:2: expected a = \"2\" on db1, but db1 has \"1\""))
    let refusal = try BuiltBinary.run([], input: "crash master\nset a 1\n")
    #expect(refusal.status == 0)
    #expect(refusal.stderr.hasPrefix("error: <stdin>:2: db1 (master) is down"))
  }

  @Test func bailStopsAtTheFirstMistakeInPipedInputAndInRun() throws {
    let piped = try BuiltBinary.run(["--bail"], input: Self.script)
    #expect(piped.status == 65)
    #expect(piped.stdout.hasSuffix("error: unknown command 'sett'; did you mean `set`? (`help` lists every command)\n"))
    #expect(!piped.stdout.contains("crashed"))

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-bail-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = dir.appendingPathComponent("s.lab")
    try Self.script.replacingOccurrences(of: "sett b 2\n", with: "").write(
      to: script, atomically: true, encoding: .utf8)
    let full = try BuiltBinary.run(["run", script.path, script.path])
    #expect(full.status == 1)
    #expect(full.stdout.components(separatedBy: "> get a from db2").count == 3)
    let bailed = try BuiltBinary.run(["run", "--bail", script.path, script.path])
    #expect(bailed.status == 1)
    #expect(bailed.stdout.hasSuffix("error: s.lab:4: expected a = \"2\" on db2, but db2 has no value for a\n"))
    #expect(bailed.stderr.contains("1 expectation did not hold:"))
  }

  @Test func aLongCommandShowsNoProgressLineInAPipe() throws {
    let r = try BuiltBinary.run([], input: "load 40000 writes over 4s\nsettle\n")
    #expect(r.status == 0)
    #expect(r.stdout.contains("settled after"))
    #expect(!r.stdout.contains("Ctrl-C") && !r.stderr.contains("Ctrl-C"))
    #expect(!r.stdout.contains("\u{1B}"))
  }

  // MARK: Small things

  @Test func sourceRunsAFileIntoTheCurrentClusterAndQuestionMarkIsHelp() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-source-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "set a 1   # first\n\nwait 20ms\nsett\nget a\n".write(
      to: dir.appendingPathComponent("setup.lab"), atomically: true, encoding: .utf8)
    let r = try BuiltBinary.run(
      [], input: "set z 0\nsource setup.lab\nget a from db2\n? crash\nclear\nhistory\nsource ../x.lab\n", in: dir.path)
    let out = r.stdout
    // Each sourced line behind its prompt, into the same cluster (seq 2 follows the typed seq 1).
    #expect(out.contains("[t=0.000s] repl-lab> set a 1   # first\nOK  seq 2 on db1"))
    #expect(out.contains("error: setup.lab:4: unknown command 'sett'"))
    #expect(out.contains("Stopped setup.lab at line 4, after 2 commands; what they did stays."))
    #expect(!out.contains("repl-lab> get a\n"))
    #expect(out.contains("\"1\" from db2 (replica, applied seq 2)"))
    // `?` is `help`; `clear` prints nothing in a pipe; the sourced lines are in the history.
    #expect(out.contains("crash NODE|master [host|process]\n  stop a node"))
    #expect(out.contains("  2  set a 1   # first\n  3  wait 20ms\n  4  get a from db2"))
    #expect(!out.contains("\u{1B}"))
    // From a pipe, a file outside the working directory is refused.
    #expect(out.contains("error: cannot read ../x.lab") || out.contains("error: ../x.lab"), "\(out)")
  }

  /// A mistake inside a sourced file is a mistake of the script that sourced it: the run exits 65,
  /// a false `expect` in it exits 1, and `--bail` stops at the `source` line.
  @Test func aMistakeInASourcedFileFailsTheBatchRun() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-source-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "set a 1\nsett\n".write(to: dir.appendingPathComponent("bad.lab"), atomically: true, encoding: .utf8)
    try "set a 1\nexpect a = 2 on db1\n".write(
      to: dir.appendingPathComponent("false.lab"), atomically: true, encoding: .utf8)
    try "set a 1\nexpect a = 1 on db1\n".write(
      to: dir.appendingPathComponent("good.lab"), atomically: true, encoding: .utf8)
    let bad = try BuiltBinary.run([], input: "source bad.lab\nset after 1\n", in: dir.path)
    #expect(bad.status == 65)
    #expect(bad.stderr.contains("error: <stdin>:1: Stopped bad.lab at line 2, after 1 command"), "\(bad.stderr)")
    #expect(bad.stdout.contains("OK  seq 2 on db1"), "the run goes on without --bail")
    let bailed = try BuiltBinary.run(["--bail"], input: "source bad.lab\nset after 1\n", in: dir.path)
    #expect(bailed.status == 65)
    #expect(!bailed.stdout.contains("OK  seq 2 on db1"))
    let falseExpect = try BuiltBinary.run([], input: "source false.lab\n", in: dir.path)
    #expect(falseExpect.status == 1)
    let good = try BuiltBinary.run([], input: "source good.lab\n", in: dir.path)
    #expect(good.status == 0, "\(good.stderr)")
  }

  @Test func versionAndTopLevelHelpShowTheREPLsOptionsAndExitStatuses() throws {
    let version = try BuiltBinary.run(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout.hasPrefix("repl-lab "))
    let help = try BuiltBinary.run(["--help"])
    #expect(help.status == 0)
    for option in [
      "--seed N", "--lessons DIR", "--bail", "--version", "65 a piped or `run` script", "--color auto|always|never",
      "REPL_LAB_LESSONS", "--generate-completion-script bash|zsh|fish",
    ] {
      #expect(help.stdout.replacingOccurrences(of: "\n", with: " ").contains(option), "\(option)")
    }
  }

  @Test func dashCRunsOneCommandLineAndExits() throws {
    let r = try BuiltBinary.run(["-c", "set x 1; set motd \"a; b\"; wait 20ms; get motd from db2"])
    #expect(r.status == 0)
    #expect(
      r.stdout.hasSuffix("\"a; b\" from db2 (replica, applied seq 2), up to date with the master.\n"), "\(r.stdout)")
    let bad = try BuiltBinary.run(["-c", "set x 1; sett y"])
    #expect(bad.status == 65)
    #expect(bad.stderr.hasPrefix("error: -c:2: unknown command 'sett'"))
  }
}
