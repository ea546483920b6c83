import ReplLab

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What went wrong in a batch run (`run FILE`, or commands piped in), which decides its exit status.
/// Each error also goes to standard error as it happens, beside the transcript on standard output,
/// unless both are the same terminal, where it would show twice.
struct BatchOutcome {
  /// `PLACE: message` for each `expect` that did not hold.
  var failedExpectations: [String] = []
  /// `PLACE: message` for each line that is not a valid command.
  var invalidLines: [String] = []

  /// Whether `--bail` stops here.
  var failed: Bool { !failedExpectations.isEmpty || !invalidLines.isEmpty }

  /// A mistake in the script outweighs an expectation that did not hold: the script itself is wrong.
  var status: Int32 {
    if !invalidLines.isEmpty { return ExitStatus.invalidLine }
    return failedExpectations.isEmpty ? 0 : ExitStatus.failed
  }

  mutating func add(_ tally: LessonRunner.Tally) {
    failedExpectations += tally.failedExpectations
    invalidLines += tally.invalidLines
  }

  /// Writes one failed command's `error:` line to standard error, unless standard output already
  /// shows it on the same terminal.
  static func copy(_ located: String) {
    guard copiesErrors else { return }
    var standardError = StandardError()
    print("error: \(located)", to: &standardError)
  }

  /// Repeats what decides the exit status where a teacher looks last: the end of standard error.
  func report() {
    var standardError = StandardError()
    for (list, one, many) in [
      (invalidLines, "line is not a valid command", "lines are not valid commands"),
      (failedExpectations, "expectation did not hold", "expectations did not hold"),
    ] where !list.isEmpty {
      print("\(list.count) \(list.count == 1 ? one : many):", to: &standardError)
      for f in list { print("  error: \(f)", to: &standardError) }
    }
  }

  /// False when standard output and standard error are the same terminal.
  static let copiesErrors: Bool = {
    guard isatty(STDOUT_FILENO) == 1, isatty(STDERR_FILENO) == 1 else { return true }
    var out = stat()
    var err = stat()
    guard fstat(STDOUT_FILENO, &out) == 0, fstat(STDERR_FILENO, &err) == 0 else { return true }
    return out.st_rdev != err.st_rdev
  }()
}
