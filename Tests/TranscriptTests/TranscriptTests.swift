import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Every lesson is a golden test: its replay must match `Transcripts/NAME.txt` byte for byte.
///
/// `REPL_LAB_BLESS=1 swift test` rewrites the transcripts that differ (refused when `CI` is set); a
/// run that rewrites anything still fails, so a blessed change is always looked at before it passes.
@Suite struct TranscriptTests {
  @Test("lesson matches its golden transcript", arguments: Project.lessonFileNames)
  func lessonMatchesTranscript(_ fileName: String) throws {
    let lesson = try Lesson.load(Project.root + "/Lessons/" + fileName)
    let outcome = Project.transcriptCheck.check(lesson)
    if outcome.verdict != .match, FileSystem.environment("REPL_LAB_BLESS") == "1" {
      if let refusal = TranscriptCheck.blessRefusal(environment: FileSystem.environment("CI")) {
        Issue.record("\(refusal)")
        return
      }
      try FileSystem.writeAtomically(outcome.actual, to: outcome.transcriptPath)
      Issue.record("rewrote \(outcome.transcriptPath): read `git diff Transcripts/` and run the tests again")
      return
    }
    for failed in outcome.failedExpectations { Issue.record("\(lesson.name): expectation did not hold: \(failed)") }
    switch outcome.verdict {
    case .match:
      break
    case .mismatch(let at, let diff):
      Issue.record("\(lesson.name): first difference at \(at)\n\(diff)")
    case .unreadable(let reason):
      Issue.record("\(lesson.name): \(reason)")
    case .missing:
      Issue.record(
        "\(lesson.name): no transcript at \(outcome.transcriptPath); the actual output is in \(outcome.actualPath). If it reads right, `swift run repl-lab check --bless` records it."
      )
    }
  }

  @Test("replaying a lesson twice gives identical bytes", arguments: Project.lessonFileNames)
  func replayIsDeterministic(_ fileName: String) throws {
    let lesson = try Lesson.load(Project.root + "/Lessons/" + fileName)
    let first = LessonRunner.run(lesson).transcript
    let second = LessonRunner.run(lesson).transcript
    #expect(first == second)
  }

  @Test("no transcript line is wider than 100 columns", arguments: Project.lessonFileNames)
  func linesFitTheTranscriptWidth(_ fileName: String) throws {
    let lesson = try Lesson.load(Project.root + "/Lessons/" + fileName)
    let transcript = LessonRunner.run(lesson).transcript
    for (i, line) in transcript.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where line.count > TextWrap.transcriptWidth {
      Issue.record("\(lesson.name) line \(i + 1) is \(line.count) columns wide: \(line)")
    }
    let golden = try FileSystem.read(Project.transcriptsDirectory + "/" + lesson.name + ".txt")
    let wide = golden.split(separator: "\n").filter { $0.count > TextWrap.transcriptWidth }
    #expect(wide.isEmpty, "Transcripts/\(lesson.name).txt has \(wide.count) lines over 100 columns")
  }

  /// Within one command's output, event lines (`  t=1.234s  ...`) come in the order they happened.
  @Test("events print in time order", arguments: Project.lessonFileNames)
  func eventsPrintInTimeOrder(_ fileName: String) throws {
    let lesson = try Lesson.load(Project.root + "/Lessons/" + fileName)
    var last: Double?
    for line in LessonRunner.run(lesson).transcript.split(separator: "\n") {
      if line.hasPrefix("[t=") {
        last = nil
        continue
      }
      guard line.hasPrefix("  t="), let end = line.dropFirst(4).firstIndex(of: "s"),
        let t = Double(line[line.index(line.startIndex, offsetBy: 4)..<end])
      else { continue }
      if let last, t < last { Issue.record("\(lesson.name): \(line) comes after an event at t=\(last)s") }
      last = t
    }
  }

  @Test func everyTranscriptHasItsLesson() throws {
    let transcripts = try FileSystem.list(Project.root + "/Transcripts").filter { $0.hasSuffix(".txt") }
    let lessons = Set(Project.lessonFileNames.map { String($0.dropLast(4)) })
    let strays = transcripts.filter { !lessons.contains(String($0.dropLast(4))) }
    #expect(strays.isEmpty, "transcripts without a lesson: \(strays)")
  }

  @Test func theCurriculumHasItsFoundationLessons() {
    #expect(Project.lessonFileNames.count >= 3)
  }

  @Test func aChangedTranscriptLineIsCaughtAndLocated() throws {
    guard let name = Project.lessonFileNames.first else { return }
    let lesson = try Lesson.load(Project.root + "/Lessons/" + name)
    let run = LessonRunner.run(lesson)
    // Change one output line (not narration) and compare as `check` would.
    var lines = run.transcript.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let i = lines.firstIndex(where: { $0.hasPrefix("OK") }) else {
      Issue.record("\(name) has no OK line to alter")
      return
    }
    lines[i] += " (edited)"
    let diff = UnifiedDiff(expected: lines.joined(separator: "\n"), actual: run.transcript)
    #expect(!diff.isEmpty)
    #expect(diff.firstDifferingActualLine == i)
    let source = run.sourceLine[i]
    #expect(Parser.trim(lesson.lines[source - 1]).hasPrefix("set"))
  }
}
