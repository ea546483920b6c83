import Foundation
import ReplLabTestSupport
import Testing

/// Runs the built `repl-lab` binary the way a learner or CI would: piped input, subcommands, exit codes.
@Suite struct EndToEndTests {
  @Test func pipedInputShowsStaleThenFreshReadAndLag() throws {
    let r = try BuiltBinary.run([], input: "set x 1\nget x from db2\nwait 1s\nget x from db2\nlag\n")
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("OK  seq 1 on db1") == true)
    #expect(lines.contains { $0.hasPrefix("(nil) from db2") && $0.contains("stale") })
    #expect(lines.contains { $0.hasPrefix("\"1\" from db2") && $0.contains("up to date") })
    #expect(
      lines.contains {
        $0.hasPrefix("replica") && $0.contains("state") && $0.contains("received") && $0.contains("applied")
      })
    #expect(lines.contains { $0.hasPrefix("db2") && $0.contains("streaming") })
    // No prompts and no escape codes on a pipe.
    #expect(!r.stdout.contains("repl-lab>"))
    #expect(!r.stdout.contains("\u{1b}"))
  }

  @Test func pipedInputReadsCRLFLinesAndALastLineWithoutNewline() throws {
    let r = try BuiltBinary.run([], input: "set x 1\r\n\r\nset y \"a b\"\r\nget y")
    #expect(r.status == 0)
    #expect(
      r.stdout.split(separator: "\n").map(String.init) == [
        "OK  seq 1 on db1 (master, epoch 1). async: acknowledged before any replica has it.",
        "OK  seq 2 on db1 (master, epoch 1). async: acknowledged before any replica has it.",
        "\"a b\" from db1 (master, applied seq 2)",
      ])
  }

  @Test func pipedOutputKeepsItsOrderAcrossManyLines() throws {
    // More output than one buffered write holds, then an error line: order and count stay exact.
    let input = (1...3000).map { "set k\($0) v\($0)\n" }.joined() + "sett\n"
    let r = try BuiltBinary.run([], input: input)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 3001)
    #expect(lines[2999].hasPrefix("OK  seq 3000 on db1"))
    #expect(lines[3000].hasPrefix("error: unknown command 'sett'"))
  }

  @Test func badInputIsOneErrorLineAndTheRunGoesOn() throws {
    let r = try BuiltBinary.run([], input: "sett x 1\nwait -5s\nget\nset x 1\n")
    // The run goes on, and its status says the script had mistakes.
    #expect(r.status == 65)
    // One error each (wrapped at 100 columns like all output), then the last line runs.
    let lines = r.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("  ") }
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("error: unknown command 'sett'; did you mean `set`?"))
    #expect(lines[1].hasPrefix("error: '-5s' is not a duration"))
    #expect(lines[2].hasPrefix("error: get needs one more argument"))
    #expect(lines[3].hasPrefix("OK  seq 1"))
  }

  @Test func runReplaysALessonWithPromptsAndFileLineErrors() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let lesson = dir.appendingPathComponent("01-demo.lab")
    try "# A demo\nset x 1\n\nbogus\nwait 20ms\n".write(to: lesson, atomically: true, encoding: .utf8)
    let r = try BuiltBinary.run(["run", lesson.path])
    #expect(r.status == 65)
    #expect(r.stderr.hasPrefix("error: 01-demo.lab:4: unknown command 'bogus'"))
    #expect(
      r.stdout == """
        # A demo
        [t=0.000s] repl-lab> set x 1
        OK  seq 1 on db1 (master, epoch 1). async: acknowledged before any replica has it.

        [t=0.000s] repl-lab> bogus
        error: 01-demo.lab:4: unknown command 'bogus'; `help` lists every command
        [t=0.000s] repl-lab> wait 20ms
          t=0.010s  db2 received and applied seq 1
          t=0.010s  db3 received and applied seq 1

        """)
  }

  @Test func checkPassesThenFailsWithADiffWhenATranscriptLineChanges() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-check-\(UUID().uuidString)")
    let lessons = dir.appendingPathComponent("Lessons")
    let transcripts = dir.appendingPathComponent("Transcripts")
    try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: transcripts, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "# Demo\nset x 1\nwait 20ms\nget x from db2\n".write(
      to: lessons.appendingPathComponent("01-demo.lab"), atomically: true, encoding: .utf8)

    // A missing transcript fails with a hint and is not recorded.
    let missing = try BuiltBinary.run(["check"], environment: ["CI": ""], in: dir.path)
    #expect(missing.status != 0)
    #expect(missing.stdout.contains("MISSING  01-demo"))
    #expect(!FileManager.default.fileExists(atPath: transcripts.appendingPathComponent("01-demo.txt").path))

    // Blessing is refused under CI, and works when asked for on a developer machine.
    let refused = try BuiltBinary.run(["check", "--bless"], environment: ["CI": "true"], in: dir.path)
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("refusing to bless"))
    let blessed = try BuiltBinary.run(["check", "--bless"], environment: ["CI": ""], in: dir.path)
    #expect(blessed.status == 0)
    #expect(blessed.stdout.contains("1 transcript rewritten, 0 unchanged"))
    let ok = try BuiltBinary.run(["check"], in: dir.path)
    #expect(ok.status == 0)
    #expect(ok.stdout.contains("ok       01-demo"))

    // Change one line: check fails, names the lesson line, and prints a readable diff.
    let path = transcripts.appendingPathComponent("01-demo.txt")
    var text = try String(contentsOf: path, encoding: .utf8)
    text = text.replacingOccurrences(of: "db3 received and applied seq 1", with: "db3 received seq 1")
    try text.write(to: path, atomically: true, encoding: .utf8)
    let bad = try BuiltBinary.run(["check"], in: dir.path)
    #expect(bad.status != 0)
    #expect(bad.stdout.contains("FAIL     01-demo: first difference at 01-demo.lab:3 wait 20ms"))
    #expect(bad.stdout.contains("--- Transcripts/01-demo.txt (expected)"))
    #expect(bad.stdout.contains("+++ .build/repl-lab-check/01-demo.txt (actual)"))
    #expect(bad.stdout.contains("-  t=0.010s  db3 received seq 1"))
    #expect(bad.stdout.contains("+  t=0.010s  db3 received and applied seq 1"))
  }

  @Test func lessonsSubcommandListsTheCourseInOrder() throws {
    let r = try BuiltBinary.run(["lessons"], in: Project.root)
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
    // One line per lesson file, numbered in order, each with its summary (the title without its label).
    let files = try FileManager.default.contentsOfDirectory(atPath: Project.root + "/Lessons").filter {
      $0.hasSuffix(".lab")
    }
    #expect(lines.count == files.count)
    let numbers = lines.compactMap { Int($0.prefix(while: { $0.isNumber })) }
    #expect(numbers == numbers.sorted() && numbers.count == lines.count)
    #expect(lines.contains("1  the replication log and asynchronous lag"))
    #expect(!r.stdout.contains("Lesson 1:"))
  }
}
