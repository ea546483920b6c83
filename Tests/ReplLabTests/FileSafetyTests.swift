import Foundation
import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabCommands
@testable import ReplLabPresentation
@testable import ReplLabStress

/// Commands that write files (`save`, `timeline --svg`) never replace a file nobody asked them to,
/// never write anything but a regular file, and, run from a lesson or a script, never write outside
/// the working directory.
@Suite struct FileSafetyTests {
  /// `outer/` holds a sentinel file and a directory `outside/`; `outer/work/` is the working
  /// directory, with `link-out` (a symbolic link to `outside/`) and `link-file` (one to the sentinel).
  struct Sandbox {
    let outer: String
    var work: String { outer + "/work" }
    var sentinel: String { outer + "/sentinel.txt" }

    init() throws {
      outer = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-files-\(UUID().uuidString)").path
      let fm = FileManager.default
      try fm.createDirectory(atPath: outer + "/work", withIntermediateDirectories: true)
      try fm.createDirectory(atPath: outer + "/outside", withIntermediateDirectories: true)
      try "do not touch\n".write(toFile: outer + "/sentinel.txt", atomically: true, encoding: .utf8)
      try fm.createSymbolicLink(atPath: outer + "/work/link-out", withDestinationPath: outer + "/outside")
      try fm.createSymbolicLink(atPath: outer + "/work/link-file", withDestinationPath: outer + "/sentinel.txt")
    }

    func remove() { try? FileManager.default.removeItem(atPath: outer) }

    /// Every path under `outer` except the working directory, with its kind and contents.
    func snapshot() -> [String: String] {
      var out: [String: String] = [:]
      let fm = FileManager.default
      for name in (fm.subpaths(atPath: outer) ?? []) where name != "work" && !name.hasPrefix("work/") {
        let path = outer + "/" + name
        let attributes = try? fm.attributesOfItem(atPath: path)
        let kind = (attributes?[.type] as? FileAttributeType)?.rawValue ?? "?"
        let contents = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        out[name] = kind + ":" + contents
      }
      return out
    }

    func lab(_ trust: Interpreter.Trust) -> Interpreter {
      var i = Interpreter(seed: 1)
      i.workingDirectory = work
      i.trust = trust
      _ = i.execute("set x 1")
      return i
    }
  }

  @Test func aNewInterpreterIsALessonUntilTheREPLSaysOtherwise() {
    #expect(Interpreter().trust == .lesson)
    var i = Interpreter()
    i.trust = .interactive
    #expect(i.fresh(seed: 3).trust == .interactive, "undo and restart keep who is typing")
  }

  @Test(arguments: [
    "timeline --svg ../escape.svg", "timeline --svg ../../escape.svg", "save ../sentinel.txt",
    "save a/../../escape.svg",
    "timeline --svg link-out/escape.svg", "save link-out/escape.lab", "save link-file", "timeline --svg link-file",
    "save LONGABS", "timeline --svg LONGABS", "save /dev/null", "timeline --svg ..", "save --force link-file",
    "save --force new.lab", "timeline --svg ok.svg --force",
  ])
  func aLessonWritesNothingOutsideItsWorkingDirectory(line: String) throws {
    let box = try Sandbox()
    defer { box.remove() }
    let before = box.snapshot()
    var lab = box.lab(.lesson)
    let r = lab.execute(line.replacing("LONGABS", with: box.outer + "/outside/abs.svg"))
    #expect(r.error != nil, "\(line) was accepted")
    #expect(r.output.isEmpty)
    #expect(box.snapshot() == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: box.work).sorted() == ["link-file", "link-out"])
  }

  @Test func aLessonSaysWhyItMayNotWriteThere() throws {
    let box = try Sandbox()
    defer { box.remove() }
    var lab = box.lab(.lesson)
    #expect(lab.execute("save \(box.outer)/x.lab").error?.contains("it is an absolute path") == true)
    #expect(lab.execute("save ../x.lab").error?.contains("it climbs out with `..`") == true)
    #expect(lab.execute("save link-out/x.lab").error?.contains("a symbolic link leads out of it") == true)
    #expect(lab.execute("save link-file").error?.contains("link-file is a symbolic link, not a regular file") == true)
    #expect(lab.execute("save --force x.lab").error?.contains("--force is refused") == true)
    // A new file inside is fine, once.
    #expect(lab.execute("save mine.lab").error == nil)
    #expect(lab.execute("timeline --svg t.svg").error == nil)
    #expect(
      lab.execute("save mine.lab").error?.contains("already exists, and a lesson or script never replaces a file")
        == true)
    #expect(FileManager.default.fileExists(atPath: box.work + "/mine.lab"))
    #expect(FileManager.default.fileExists(atPath: box.work + "/t.svg"))
  }

  @Test func atThePromptExistingFilesNeedForceAndOnlyRegularFilesAreReplaced() throws {
    let box = try Sandbox()
    defer { box.remove() }
    var lab = box.lab(.interactive)
    let target = box.outer + "/outside/picture.svg"
    // The learner may write anywhere they type.
    #expect(lab.execute("timeline --svg \(target)").error == nil)
    try "old\n".write(toFile: target, atomically: true, encoding: .utf8)
    let refused = lab.execute("timeline --svg \(target)").error
    #expect(refused?.contains("already exists; add --force to replace it") == true)
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "old\n")
    #expect(lab.execute("timeline --svg \(target) --force").error == nil)
    #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("<svg"))
    #expect(lab.execute("save --force \(target)").error == nil)
    #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("# Saved from a repl-lab session."))

    // Never a directory, a symbolic link or a pipe, even with --force; nothing is left behind.
    let fifo = box.outer + "/outside/fifo"
    #expect(mkfifo(fifo, 0o644) == 0)
    for (path, what) in [
      (box.outer + "/outside", "a directory"), (box.work + "/link-file", "a symbolic link"), (fifo, "a pipe"),
    ] {
      for force in ["", " --force"] {
        let error = lab.execute("save\(force) \(path)").error
        #expect(
          error?.contains("\(path) is \(what), not a regular file") == true, "\(path)\(force): \(error ?? "accepted")")
      }
    }
    #expect(try String(contentsOfFile: box.sentinel, encoding: .utf8) == "do not touch\n")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: box.outer + "/outside").filter {
      $0.contains(".tmp-")
    }
    #expect(leftovers.isEmpty)
    // A device, checked without writing: /dev/null must stay a device even for root.
    #expect(lab.execute("save --force /dev/null").error?.contains("/dev/null is a device") == true)
    var s = stat()
    #expect(lstat("/dev/null", &s) == 0 && (s.st_mode & S_IFMT) == S_IFCHR)
  }

  @Test func theStepsOfAGuidedLessonAreALessonsEvenAtThePrompt() throws {
    let box = try Sandbox()
    defer { box.remove() }
    let lessons = box.work + "/Lessons"
    try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
    try "# Lesson 1: sneaky\nset x 1\ntimeline --svg \(box.outer)/outside/step.svg\n".write(
      toFile: lessons + "/01-sneaky.lab", atomically: true, encoding: .utf8)
    var lab = Interpreter(seed: 1, lessonsDirectory: lessons)
    lab.workingDirectory = box.work
    lab.trust = .interactive
    #expect(lab.execute("lesson 1").error == nil)
    _ = lab.execute("")
    let step = lab.execute("")
    #expect(step.output.contains("it is an absolute path"), "\(step.output)")
    #expect(!FileManager.default.fileExists(atPath: box.outer + "/outside/step.svg"))
    // What the learner types is still theirs.
    #expect(lab.trust == .interactive)
    #expect(lab.execute("timeline --svg \(box.outer)/outside/typed.svg").error == nil)
  }

  @Test func aPathWithANulIsNotAFileName() throws {
    let box = try Sandbox()
    defer { box.remove() }
    var lab = box.lab(.interactive)
    // A C path ends at NUL, so what would be written is not what was checked: refused before that.
    #expect(lab.execute("save \"link-out\u{0}/x\"").error != nil)
    #expect(!FileManager.default.fileExists(atPath: box.outer + "/outside/x"))
  }

  /// The fuzz generator throws hostile paths at every command that writes: run as a lesson in the
  /// sandbox, nothing outside the working directory changes.
  @Test(arguments: [1, 2, 3] as [UInt64])
  func fuzzedPathsChangeNothingOutsideTheWorkingDirectory(seed: UInt64) throws {
    let box = try Sandbox()
    defer { box.remove() }
    let before = box.snapshot()
    var fuzz = FuzzRun(seed: seed, workingDirectory: box.work)
    fuzz.run(3_000)
    #expect(fuzz.failure == nil, "\(fuzz.failure.map { "line \($0.number): \($0.problem)" } ?? "")")
    #expect(box.snapshot() == before)
    #expect(!FileManager.default.fileExists(atPath: "/tmp/repl-lab-fuzz-escape.svg"))
    var s = stat()
    #expect(lstat("/dev/null", &s) == 0 && (s.st_mode & S_IFMT) == S_IFCHR)
    // Something was written inside, so the writes were really tried.
    #expect(
      FileManager.default.fileExists(atPath: box.work + "/out.svg")
        || FileManager.default.fileExists(atPath: box.work + "/s.lab"))
  }

  @Test func theFuzzGeneratorThrowsHostilePathsAndHugeArguments() {
    let lines = FuzzLineGenerator.lines(seed: 9, count: 3_000)
    for writer in ["save ", "timeline "] {
      #expect(lines.contains { $0.hasPrefix(writer) && $0.contains("../") })
      #expect(lines.contains { $0.hasPrefix(writer) && $0.contains("--force") })
      #expect(lines.contains { $0.hasPrefix(writer) && $0.contains(" /") })
      #expect(lines.contains { $0.hasPrefix(writer) && $0.contains("link-") })
    }
    #expect(lines.contains { $0.count >= 10_000 })
  }

  @Test func helpSaysWhatSaveAndTimelineRefuse() throws {
    for name in ["save", "timeline"] {
      let text = HelpView.detail(try #require(CommandRegistry.spec(named: name))).split(whereSeparator: \.isWhitespace)
        .joined(separator: " ")
      #expect(text.contains("--force"))
      #expect(text.contains("only a regular file"))
      #expect(text.contains("no absolute path, no `..`"))
    }
  }

  // MARK: The built binary

  @Test func runAndPipedInputCannotReplaceAFileOutsideTheWorkingDirectory() throws {
    let box = try Sandbox()
    defer { box.remove() }
    let lesson = box.outer + "/outside/evil.lab"
    let script =
      "set x 1\ntimeline --svg ../sentinel.txt\ntimeline --svg \(box.sentinel)\nsave link-file\nsave --force link-out/x\n"
    try ("# Evil\n" + script).write(toFile: lesson, atomically: true, encoding: .utf8)
    let before = box.snapshot()
    let run = try BuiltBinary.run(["run", lesson], in: box.work)
    // Each refusal is shown as at the prompt; standard error says where in the file it came from.
    #expect(run.stdout.components(separatedBy: "\nerror: ").count == 5, "\(run.stdout)")
    #expect(run.stderr.components(separatedBy: "error: evil.lab:").count == 5, "\(run.stderr)")
    let piped = try BuiltBinary.run([], input: script, in: box.work)
    #expect(piped.stdout.components(separatedBy: "error: ").count == 5, "\(piped.stdout)")
    let check = try BuiltBinary.run(
      ["check", "--lessons", box.outer + "/outside", "--transcripts", box.outer + "/outside"], in: box.work)
    #expect(check.stdout.contains("MISSING  evil"))
    var after = box.snapshot()
    after["outside/evil.txt"] = nil
    #expect(after.count == before.count && after.keys.allSatisfy { before[$0] == after[$0] })
  }
}
