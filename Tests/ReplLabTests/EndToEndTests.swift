import Foundation
import Testing

/// Runs the built `repl-lab` binary the way a learner or CI would: piped input, subcommands, exit codes.
@Suite struct EndToEndTests {
  /// The binary sits beside the test runner in the build products directory.
  static let binary: String = {
    let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dir = URL(fileURLWithPath: runner).deletingLastPathComponent()
    // On Linux the runner is `.build/debug/repl-labPackageTests.xctest`, a file in the products directory.
    if dir.lastPathComponent == "MacOS" { dir = dir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
    return dir.appendingPathComponent("repl-lab").path
  }()

  static let root: String = {
    var url = URL(fileURLWithPath: "\(#filePath)")
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  struct Result {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:], in directory: String? = nil) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
  }

  @Test func pipedInputShowsStaleThenFreshReadAndLag() throws {
    let r = try Self.run([], input: "set x 1\nget x from db2\nwait 1s\nget x from db2\nlag\n")
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("OK  seq 1 on db1") == true)
    #expect(lines.contains { $0.hasPrefix("(nil) from db2") && $0.contains("stale") })
    #expect(lines.contains { $0.hasPrefix("\"1\" from db2") && $0.contains("up to date") })
    #expect(lines.contains { $0.hasPrefix("replica") && $0.contains("state") && $0.contains("received") && $0.contains("applied") })
    #expect(lines.contains { $0.hasPrefix("db2") && $0.contains("streaming") })
    // No prompts and no escape codes on a pipe.
    #expect(!r.stdout.contains("repl-lab>"))
    #expect(!r.stdout.contains("\u{1b}"))
  }

  @Test func pipedInputReadsCRLFLinesAndALastLineWithoutNewline() throws {
    let r = try Self.run([], input: "set x 1\r\n\r\nset y \"a b\"\r\nget y")
    #expect(r.status == 0)
    #expect(r.stdout.split(separator: "\n").map(String.init) == [
      "OK  seq 1 on db1 (master, epoch 1). async: acknowledged before any replica has it.",
      "OK  seq 2 on db1 (master, epoch 1). async: acknowledged before any replica has it.",
      "\"a b\" from db1 (master, applied seq 2)",
    ])
  }

  @Test func pipedOutputKeepsItsOrderAcrossManyLines() throws {
    // More output than one buffered write holds, then an error line: order and count stay exact.
    let input = (1...3000).map { "set k\($0) v\($0)\n" }.joined() + "sett\n"
    let r = try Self.run([], input: input)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 3001)
    #expect(lines[2999].hasPrefix("OK  seq 3000 on db1"))
    #expect(lines[3000].hasPrefix("error: unknown command 'sett'"))
  }

  @Test func badInputIsOneErrorLineAndTheRunGoesOn() throws {
    let r = try Self.run([], input: "sett x 1\nwait -5s\nget\nset x 1\n")
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n").map(String.init)
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
    let r = try Self.run(["run", lesson.path])
    #expect(r.status == 0)
    #expect(r.stdout == """
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
    let lessons = dir.appendingPathComponent("Lessons"), transcripts = dir.appendingPathComponent("Transcripts")
    try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: transcripts, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "# Demo\nset x 1\nwait 20ms\nget x from db2\n".write(to: lessons.appendingPathComponent("01-demo.lab"), atomically: true, encoding: .utf8)

    // A missing transcript fails with a hint and is not recorded.
    let missing = try Self.run(["check"], environment: ["CI": ""], in: dir.path)
    #expect(missing.status != 0)
    #expect(missing.stdout.contains("MISSING  01-demo"))
    #expect(!FileManager.default.fileExists(atPath: transcripts.appendingPathComponent("01-demo.txt").path))

    // Blessing is refused under CI, and works when asked for on a developer machine.
    let refused = try Self.run(["check", "--bless"], environment: ["CI": "true"], in: dir.path)
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("refusing to bless"))
    let blessed = try Self.run(["check", "--bless"], environment: ["CI": ""], in: dir.path)
    #expect(blessed.status == 0)
    #expect(blessed.stdout.contains("1 transcript rewritten, 0 unchanged"))
    let ok = try Self.run(["check"], in: dir.path)
    #expect(ok.status == 0)
    #expect(ok.stdout.contains("ok       01-demo"))

    // Change one line: check fails, names the lesson line, and prints a readable diff.
    let path = transcripts.appendingPathComponent("01-demo.txt")
    var text = try String(contentsOf: path, encoding: .utf8)
    text = text.replacingOccurrences(of: "db3 received and applied seq 1", with: "db3 received seq 1")
    try text.write(to: path, atomically: true, encoding: .utf8)
    let bad = try Self.run(["check"], in: dir.path)
    #expect(bad.status != 0)
    #expect(bad.stdout.contains("FAIL     01-demo: first difference at 01-demo.lab:3 wait 20ms"))
    #expect(bad.stdout.contains("--- Transcripts/01-demo.txt (expected)"))
    #expect(bad.stdout.contains("+++ .build/repl-lab-check/01-demo.txt (actual)"))
    #expect(bad.stdout.contains("-  t=0.010s  db3 received seq 1"))
    #expect(bad.stdout.contains("+  t=0.010s  db3 received and applied seq 1"))
  }

  @Test func lessonsSubcommandListsTheCourseInOrder() throws {
    let r = try Self.run(["lessons"], in: Self.root)
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
    // One line per lesson file, numbered in order, each with its summary (the title without its label).
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/Lessons").filter { $0.hasSuffix(".lab") }
    #expect(lines.count == files.count)
    let numbers = lines.compactMap { Int($0.prefix(while: { $0.isNumber })) }
    #expect(numbers == numbers.sorted() && numbers.count == lines.count)
    #expect(lines.contains("1  the replication log and asynchronous lag"))
    #expect(!r.stdout.contains("Lesson 1:"))
  }
}
