import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// `repl-lab check [--bless]`: replays every lesson and compares it with its golden transcript.
///
/// Golden files change only on purpose: a mismatch fails with a diff that reads `-` expected, `+`
/// actual; a missing transcript is a failure with a hint, never recorded silently; blessing says how
/// many files changed and refuses to run under CI.
public struct TranscriptCheck: Sendable {
  public var lessonsDirectory = "Lessons"
  public var transcriptsDirectory = "Transcripts"
  /// Where actual outputs are left for a reader to open (ignored by git).
  public var actualDirectory = ".build/repl-lab-check"
  public var maxHunks = 5

  public init() {}

  /// One lesson's verdict.
  public enum Verdict: Sendable, Equatable {
    case match
    /// Differs; `at` names the first diverging lesson line (`03-failover.lab:14 promote`).
    case mismatch(at: String, diff: String)
    case missing
    /// A transcript is there but cannot be read (the reason says why): not the same as missing, and
    /// `--bless` leaves it alone.
    case unreadable(String)
  }

  public struct Outcome: Sendable {
    public let lesson: Lesson
    public let verdict: Verdict
    public let actual: String
    public let transcriptPath: String
    public let actualPath: String
    /// `FILE:LINE: ...` for each `expect` that did not hold: the lesson fails even if its transcript matches.
    public let failedExpectations: [String]
  }

  public func transcriptPath(for lesson: Lesson) -> String {
    FileSystem.join(transcriptsDirectory, lesson.name + ".txt")
  }

  /// Replays `lesson`, compares, and leaves the actual output under `actualDirectory`.
  public func check(_ lesson: Lesson) -> Outcome {
    let run = LessonRunner.run(lesson, lessonsDirectory: lessonsDirectory)
    let expectedPath = transcriptPath(for: lesson)
    let actualPath = FileSystem.join(actualDirectory, lesson.name + ".txt")
    try? FileSystem.makeDirectories(actualDirectory)
    try? FileSystem.writeAtomically(run.transcript, to: actualPath)
    let expected: String
    do {
      expected = try FileSystem.read(expectedPath)
    } catch {
      // Only a transcript that is not there at all is missing: anything else is a file to look at.
      let verdict: Verdict = FileSystem.existsOrIsLink(expectedPath) ? .unreadable(error.message) : .missing
      return Outcome(
        lesson: lesson, verdict: verdict, actual: run.transcript, transcriptPath: expectedPath, actualPath: actualPath,
        failedExpectations: run.failedExpectations)
    }
    let diff = UnifiedDiff(expected: expected, actual: run.transcript)
    if diff.isEmpty {
      return Outcome(
        lesson: lesson, verdict: .match, actual: run.transcript, transcriptPath: expectedPath, actualPath: actualPath,
        failedExpectations: run.failedExpectations)
    }
    let index = min(diff.firstDifferingActualLine ?? 0, max(0, run.sourceLine.count - 1))
    let line = run.sourceLine.isEmpty ? 1 : run.sourceLine[index]
    let text = line <= lesson.lines.count ? Parser.trim(lesson.lines[line - 1]) : ""
    let rendered = diff.render(
      expectedName: "\(expectedPath) (expected)", actualName: "\(actualPath) (actual)", maxHunks: maxHunks)
    return Outcome(
      lesson: lesson, verdict: .mismatch(at: "\(lesson.fileName):\(line) \(text)", diff: rendered),
      actual: run.transcript, transcriptPath: expectedPath, actualPath: actualPath,
      failedExpectations: run.failedExpectations)
  }

  /// Every lesson's outcome, in file order. Temporary files a killed run left among the actual
  /// outputs go first.
  public func checkAll() throws(FileSystem.Failure) -> [Outcome] {
    FileSystem.removeStaleTemporaries(in: actualDirectory)
    return try LessonLibrary.lessonPaths(in: lessonsDirectory).map { p throws(FileSystem.Failure) in
      check(try Lesson.load(p))
    }
  }

  /// Transcripts (`*.txt` in `transcriptsDirectory`) that no lesson of `outcomes` produces: left
  /// behind when a lesson was renamed or removed, and never compared with anything.
  public func strays(_ outcomes: [Outcome]) -> [String] {
    let names = Set(outcomes.map { $0.lesson.name + ".txt" })
    let files = (try? FileSystem.list(transcriptsDirectory)) ?? []
    return files.filter { $0.hasSuffix(".txt") && !names.contains($0) }.map {
      FileSystem.join(transcriptsDirectory, $0)
    }
  }

  /// The report `repl-lab check` prints, and whether everything matched.
  public func report(_ outcomes: [Outcome]) -> (text: String, passed: Bool) {
    var lines: [String] = []
    var failed = 0
    var missing = 0
    var expectFailed = 0
    var unreadable = 0
    for o in outcomes {
      if !o.failedExpectations.isEmpty {
        expectFailed += 1
        lines.append("FAIL     \(o.lesson.name): an expectation did not hold")
        lines += o.failedExpectations.map { "  error: \($0)" }
      }
      switch o.verdict {
      case .match:
        if o.failedExpectations.isEmpty { lines.append("ok       \(o.lesson.name)") }
      case .mismatch(let at, let diff):
        failed += 1
        lines.append("FAIL     \(o.lesson.name): first difference at \(at)")
        lines.append(diff.hasSuffix("\n") ? String(diff.dropLast()) : diff)
      case .missing:
        missing += 1
        lines.append(
          "MISSING  \(o.lesson.name): there is no \(o.transcriptPath). Read the output in \(o.actualPath); if it is right, `repl-lab check --bless` records it."
        )
      case .unreadable(let reason):
        unreadable += 1
        lines.append("UNREADABLE \(o.lesson.name): \(reason). Fix or remove it; `--bless` will not replace it.")
      }
    }
    for stray in strays(outcomes) {
      lines.append("warning: \(stray) has no lesson in \(lessonsDirectory)/; remove it if its lesson is gone")
    }
    if outcomes.isEmpty { lines.append("No lessons in \(lessonsDirectory)/.") }
    let passed = outcomes.count - failed - missing - unreadable
    var summary =
      "\(outcomes.count) lesson\(outcomes.count == 1 ? "" : "s"): \(passed) matched, \(failed) differ, \(missing) without transcript"
    if unreadable > 0 { summary += ", \(unreadable) unreadable" }
    if expectFailed > 0 { summary += "; \(expectFailed) with an expectation that did not hold" }
    lines.append(summary)
    return (
      lines.joined(separator: "\n"),
      failed == 0 && missing == 0 && unreadable == 0 && expectFailed == 0 && !outcomes.isEmpty
    )
  }

  /// Why blessing is refused here, if it is: under CI transcripts must only be compared.
  public static func blessRefusal(environment ci: String?) -> String? {
    guard let ci, !ci.isEmpty, ci != "0", ci.lowercased() != "false" else { return nil }
    return
      "refusing to bless transcripts while CI is set: golden files change only on a developer's machine, on purpose"
  }

  /// Rewrites the transcripts that differ or are missing, atomically; returns the report text. A
  /// transcript that cannot be read is left as it is and reported: whatever is wrong with it is for
  /// a person to look at. Temporary files a killed `--bless` left behind are removed first.
  public func bless(_ outcomes: [Outcome]) throws(FileSystem.Failure) -> String {
    try FileSystem.makeDirectories(transcriptsDirectory)
    var lines = FileSystem.removeStaleTemporaries(in: transcriptsDirectory).map {
      "removed  \(FileSystem.join(transcriptsDirectory, $0)), left by a run that was stopped"
    }
    var changed: [String] = []
    var skipped = 0
    for o in outcomes where o.verdict != .match {
      if case .unreadable(let reason) = o.verdict {
        lines.append("UNREADABLE \(o.lesson.name): \(reason); not rewritten. Fix or remove it, then bless again.")
        skipped += 1
        continue
      }
      try FileSystem.writeAtomically(o.actual, to: o.transcriptPath)
      changed.append(o.lesson.name)
    }
    let unchanged = outcomes.count - changed.count - skipped
    lines += changed.map { "blessed  \($0)" }
    lines.append(
      "\(changed.count) transcript\(changed.count == 1 ? "" : "s") rewritten, \(unchanged) unchanged\(skipped > 0 ? ", \(skipped) unreadable" : ""). Read `git diff Transcripts/` before you commit."
    )
    return lines.joined(separator: "\n")
  }
}
