import Foundation
import ReplLabTestSupport
import Testing

@testable import ReplLab

/// The command line outside the project folder: `make install` and the lessons an installed binary
/// finds from any directory, the overrides, and the shell completion scripts.
@Suite(.serialized) struct ShellInstallTests {
  static func temporaryDirectory(_ name: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Runs `executable` with `arguments` in `directory`; NO_COLOR set, REPL_LAB_LESSONS unset
  /// unless `environment` sets it.
  static func run(
    _ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:]
  ) throws -> BuiltBinary.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env["REPL_LAB_LESSONS"] = nil
    env["HOME"] = directory
    for (k, v) in environment { env[k] = v }
    process.environment = env
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return BuiltBinary.Result(
      status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  @Test func theLessonsDirectoryIsTheFirstOfTheOptionTheVariableTheInstallAndTheWorkingDirectory() {
    let all: Set<String> = ["/opt/x/bin/../share/repl-lab/Lessons"]
    let exists = { (p: String) in all.contains(p) }
    #expect(
      LessonLibrary.locate(explicit: "mine", environment: "env", executableDirectory: "/opt/x/bin", isDirectory: exists)
        == "mine")
    #expect(
      LessonLibrary.locate(explicit: nil, environment: "env", executableDirectory: "/opt/x/bin", isDirectory: exists)
        == "env")
    #expect(
      LessonLibrary.locate(explicit: nil, environment: "", executableDirectory: "/opt/x/bin", isDirectory: exists)
        == "/opt/x/bin/../share/repl-lab/Lessons")
    #expect(
      LessonLibrary.locate(explicit: nil, environment: nil, executableDirectory: "/elsewhere", isDirectory: exists)
        == "Lessons")
  }

  /// `make install` into a staging directory, then the installed binary from an unrelated
  /// directory: it lists and takes the installed lessons; `--lessons` and REPL_LAB_LESSONS win.
  @Test func anInstalledBinaryFindsItsLessonsFromAnyDirectory() throws {
    let stage = try Self.temporaryDirectory("repl-lab-stage")
    let elsewhere = try Self.temporaryDirectory("repl-lab-elsewhere")
    defer {
      try? FileManager.default.removeItem(atPath: stage)
      try? FileManager.default.removeItem(atPath: elsewhere)
    }
    let make = try Self.run(
      "/usr/bin/env",
      ["make", "-C", Project.root, "install", "DESTDIR=\(stage)", "PREFIX=/usr", "BINARY=\(BuiltBinary.path)"],
      in: elsewhere)
    #expect(make.status == 0, "\(make.stderr)")
    let binary = stage + "/usr/bin/repl-lab"
    let share = stage + "/usr/share/repl-lab"
    #expect(FileManager.default.isExecutableFile(atPath: binary))
    #expect(FileManager.default.fileExists(atPath: share + "/Lessons/01-replication-log.lab"))
    #expect(FileManager.default.fileExists(atPath: share + "/Transcripts/01-replication-log.txt"))
    for script in [
      "bash-completion/completions/repl-lab", "zsh/site-functions/_repl-lab", "fish/vendor_completions.d/repl-lab.fish",
    ] {
      let text = try String(contentsOfFile: stage + "/usr/share/" + script, encoding: .utf8)
      #expect(text.contains("repl-lab"), "\(script)")
    }

    let listed = try Self.run(binary, ["lessons"], in: elsewhere)
    #expect(listed.status == 0)
    #expect(listed.stdout.contains("   1  the replication log and asynchronous lag"), "\(listed.stdout)")
    let lesson = try Self.run(binary, ["lesson", "1"], in: elsewhere)
    #expect(lesson.status == 0, "\(lesson.stderr)")
    #expect(lesson.stdout.hasPrefix("Lesson 1: the replication log"))
    // The REPL's `lessons`, piped, finds them too.
    let piped = try Self.run("/bin/sh", ["-c", "echo lessons | '\(binary)'"], in: elsewhere)
    #expect(piped.stdout.contains("   2  a replica crashes and catches up"))

    // An override names another directory: a one-lesson course.
    let own = elsewhere + "/mine"
    try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
    try "# My lesson: one write\nset x 1\n".write(toFile: own + "/01-mine.lab", atomically: true, encoding: .utf8)
    let byOption = try Self.run(binary, ["lessons", "--lessons", own], in: elsewhere)
    #expect(
      byOption.stdout.contains("1  My lesson: one write") && !byOption.stdout.contains("asynchronous lag"),
      "\(byOption.stdout)")
    let byVariable = try Self.run(binary, ["lessons"], in: elsewhere, environment: ["REPL_LAB_LESSONS": own])
    #expect(byVariable.stdout.contains("1  My lesson: one write") && !byVariable.stdout.contains("asynchronous lag"))
    // The option wins over the variable.
    let both = try Self.run(
      binary, ["lessons", "--lessons", share + "/Lessons"], in: elsewhere, environment: ["REPL_LAB_LESSONS": own])
    #expect(both.stdout.contains("asynchronous lag"))

    // Without an install beside it, a binary run elsewhere says how to find the lessons.
    let bare = try Self.run(BuiltBinary.path, ["lessons"], in: elsewhere)
    #expect(bare.stdout.contains("--lessons DIR or REPL_LAB_LESSONS"), "\(bare.stdout)")
  }

  /// The bash completion script the argument parser writes completes the subcommands.
  @Test func theBashCompletionScriptCompletesSubcommands() throws {
    let dir = try Self.temporaryDirectory("repl-lab-bash")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let script = try BuiltBinary.run(["--generate-completion-script", "bash"])
    #expect(script.status == 0)
    try script.stdout.write(toFile: dir + "/repl-lab.bash", atomically: true, encoding: .utf8)
    let bin = (BuiltBinary.path as NSString).deletingLastPathComponent
    let complete = """
      source ./repl-lab.bash
      COMP_WORDS=(repl-lab le); COMP_CWORD=1; COMP_LINE='repl-lab le'; COMP_POINT=${#COMP_LINE}
      _repl-lab repl-lab le repl-lab
      printf '%s\\n' "${COMPREPLY[@]}"
      """
    let r = try Self.run("/bin/bash", ["-c", complete], in: dir, environment: ["PATH": bin + ":/usr/bin:/bin"])
    #expect(Set(r.stdout.split(separator: "\n").map(String.init)) == ["lesson", "lessons"], "\(r.stdout) \(r.stderr)")
  }

  /// A mistyped option prints the usage of the subcommand that was meant, and exits 64.
  @Test func aMistypedOptionShowsTheUsageOfItsSubcommand() throws {
    let run = try BuiltBinary.run(["run", "--bale", "x.lab"])
    #expect(run.status == 64)
    #expect(run.stderr.contains("Unknown option '--bale'. Did you mean '--bail'?"))
    #expect(run.stderr.contains("Usage: repl-lab run <files>"))
    let repl = try BuiltBinary.run(["--seeed", "3"])
    #expect(repl.status == 64)
    #expect(repl.stderr.contains("Did you mean '--seed'?") && repl.stderr.contains("Usage: repl-lab repl"))
  }
}
