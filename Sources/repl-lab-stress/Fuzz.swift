import ArgumentParser
import Glibc
import ReplLabStress

/// `repl-lab-stress fuzz --lines N --seed S`: throws N random and mutated lines at one interpreter.
struct Fuzz: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Throw random and mutated command lines at the interpreter.",
    discussion: """
      Every refused line must print exactly one error line and leave the cluster as it was (its
      state digest before and after agree); nothing may trap. Lessons are read from ./Lessons when
      a line says `lessons`.
      """)

  @Option(help: "How many lines to throw.")
  var lines = 1_000_000

  @Option(help: "Seed for the line generator and the lab.")
  var seed: UInt64 = 1

  @Flag(help: "Also print how long the run took (the only output that changes from run to run).")
  var timing = false

  @Flag(
    help: """
      Print the lines as a lesson instead of running them. The lines do not depend on the run, so a \
      trap found with --lines N is replayed by this lesson with `repl-lab run`.
      """)
  var lesson = false

  /// A failing session longer than this is described, not printed as a lesson.
  static let longestScript = 20_000

  func validate() throws {
    guard lines > 0 else { throw ValidationError("--lines must be at least 1") }
  }

  func run() throws {
    if lesson {
      print(LessonScript.text(seed: seed, lines: FuzzLineGenerator.lines(seed: seed, count: lines)), terminator: "")
      return
    }
    let start = ContinuousClock.now
    // Lines like `save x` write files: into a scratch directory, never the current one.
    let scratch = Self.makeScratch()
    defer { Self.remove(scratch) }
    var fuzz = FuzzRun(seed: seed, workingDirectory: scratch)
    fuzz.run(lines)
    if let failure = fuzz.failure {
      printError(
        "fuzz seed \(seed): line \(failure.number) of \(lines) failed: \(failure.line.debugDescription) \(failure.problem)."
      )
      if failure.number <= Self.longestScript {
        // Run again keeping the lines, to print them and to show what changed.
        var again = FuzzRun(seed: seed, keepScript: true, workingDirectory: scratch)
        again.run(failure.number)
        for change in again.changedFields() { printError(change) }
        print(LessonScript.text(for: again) ?? "", terminator: "")
      } else {
        print("Reproduce with: repl-lab-stress fuzz --seed \(seed) --lines \(failure.number)")
      }
      throw ExitCode(1)
    }
    print(
      "fuzz seed \(seed): \(fuzz.lines) lines, \(fuzz.refused) refused, \(fuzz.lines - fuzz.refused) accepted; every refused line printed one error line and changed nothing."
    )
    if timing { print("took \(ContinuousClock.now - start)") }
  }

  /// A new empty directory under /tmp.
  static func makeScratch() -> String {
    var template = Array("/tmp/repl-lab-stress-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { buffer in
      mkdtemp(buffer.baseAddress!).map { String(cString: $0) } ?? "/tmp"
    }
  }

  /// Removes the scratch directory and the files the fuzz lines wrote into it.
  static func remove(_ dir: String) {
    guard dir != "/tmp", let handle = opendir(dir) else { return }
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) {
        String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
      }
      if name != "." && name != ".." { unlink(dir + "/" + name) }
    }
    closedir(handle)
    rmdir(dir)
  }
}
