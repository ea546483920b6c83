import ArgumentParser
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

  @Flag(help: """
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
    var fuzz = FuzzRun(seed: seed)
    fuzz.run(lines)
    if let failure = fuzz.failure {
      printError("fuzz seed \(seed): line \(failure.number) of \(lines) failed: \(failure.line.debugDescription) \(failure.problem).")
      if failure.number <= Self.longestScript {
        // Run again keeping the lines, to print them and to show what changed.
        var again = FuzzRun(seed: seed, keepScript: true)
        again.run(failure.number)
        for change in again.changedFields() { printError(change) }
        print(LessonScript.text(for: again) ?? "", terminator: "")
      } else {
        print("Reproduce with: repl-lab-stress fuzz --seed \(seed) --lines \(failure.number)")
      }
      throw ExitCode(1)
    }
    print("fuzz seed \(seed): \(fuzz.lines) lines, \(fuzz.refused) refused, \(fuzz.lines - fuzz.refused) accepted; every refused line printed one error line and changed nothing.")
    if timing { print("took \(ContinuousClock.now - start)") }
  }
}
