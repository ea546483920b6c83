import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// Replays a lesson through the interpreter and produces its transcript: narration echoed, each
/// command behind the prompt exactly as the REPL shows it, then its output.
public enum LessonRunner {
  /// A transcript and, for each of its lines, the lesson line that produced it.
  public struct Run: Sendable {
    public let lesson: Lesson
    public let transcript: String
    /// `sourceLine[i]` is the 1-based lesson line behind transcript line `i`.
    public let sourceLine: [Int]
    /// How many commands failed with `error:`.
    public let errors: Int
    /// `FILE:LINE: ...` for each `expect` that did not hold (or could not be read): any one fails
    /// the replay, while an ordinary refused command can be part of the story.
    public let failedExpectations: [String]
  }

  /// What a replay counted.
  public struct Tally: Sendable {
    public var errors = 0
    public var failedExpectations: [String] = []
    /// `FILE:LINE: ...` for each line that is not a valid command: a mistake in the script.
    public var invalidLines: [String] = []
  }

  public static func run(_ lesson: Lesson, seed: UInt64 = 1, lessonsDirectory: String = "Lessons") -> Run {
    var out: [String] = []
    var source: [Int] = []
    let tally = replay(lesson, seed: seed, lessonsDirectory: lessonsDirectory) { text, line in
      for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
        out.append(String(l))
        source.append(line)
      }
    }
    return Run(
      lesson: lesson, transcript: out.map { $0 + "\n" }.joined(), sourceLine: source, errors: tally.errors,
      failedExpectations: tally.failedExpectations)
  }

  /// Replays `lesson` and hands over its transcript piece by piece as it is made: `emit(text, line)`
  /// gets one or more transcript lines (joined by "\n", without the final one) and the 1-based
  /// lesson line behind them. `repl-lab run` prints the pieces as they come, so a long script's
  /// transcript is never held whole. `failure` gets `FILE:LINE: ...` for each command that failed,
  /// as it happens (`run` copies them to standard error); with `bail` the replay stops after the
  /// first line that is not a valid command or expectation that did not hold. `observe` sees the
  /// interpreter after each command of the lesson has run and its output was emitted (the export
  /// draws its pictures there).
  public static func replay(
    _ lesson: Lesson, seed: UInt64 = 1, lessonsDirectory: String = "Lessons", bail: Bool = false,
    failure: (String) -> Void = { _ in }, observe: (Interpreter) -> Void = { _ in },
    emit unwrapped: (String, Int) -> Void
  ) -> Tally {
    var interpreter = Interpreter(seed: seed, lessonsDirectory: lessonsDirectory)
    var tally = Tally()
    // A transcript has one width wherever it is made, so it reads the same on every machine.
    func emit(_ text: String, _ line: Int) { unwrapped(TextWrap.wrap(text, width: TextWrap.transcriptWidth), line) }
    // An exercise replays as a learner would try it who typed its solution: in the exercise, its
    // `hint` and `check` lines shown where they stand, and its checks run at the end.
    var exercise: Exercise? = nil
    if Exercise.isSeparated(lesson) {
      do {
        let e = try Exercise(lesson)
        exercise = e
        interpreter.attempt = ExerciseAttempt(e, byReplay: true)
      } catch {
        tally.errors += 1
        tally.failedExpectations.append(error.text)
        emit("error: \(error.text)", 1)
      }
    }
    var quit = false
    for (i, line) in lesson.lines.enumerated() {
      let number = i + 1
      let trimmed = Parser.trim(line)
      // Lesson text reaches a terminal: its control characters are shown, not obeyed.
      if trimmed.isEmpty || trimmed.hasPrefix("#") || (exercise != nil && Exercise.declaration(trimmed) != nil) {
        // The learner's turn begins where the solution does.
        if exercise != nil, case .solution = Exercise.declaration(trimmed) { interpreter.attempt?.started = true }
        emit(VisibleText.escape(trimmed), number)
        continue
      }
      emit(interpreter.prompt + VisibleText.escape(trimmed), number)
      let reply = interpreter.execute(trimmed)
      if !reply.output.isEmpty { emit(reply.output, number) }
      if let error = reply.error {
        tally.errors += 1
        let located = "\(lesson.fileName):\(number): \(error)"
        let expectLine = trimmed.split(separator: " ").first?.lowercased() == "expect"
        let isExpectation = reply.failedExpectation || expectLine
        emit(reply.errorLine(file: lesson.fileName, line: number, expectLine: expectLine)!, number)
        failure(located)
        if isExpectation {
          tally.failedExpectations.append(located)
        } else if reply.invalidLine {
          tally.invalidLines.append(located)
        }
        if bail && (reply.failedExpectation || reply.invalidLine) { break }
      }
      observe(interpreter)
      if reply.quit {
        quit = true
        break
      }
    }
    if let exercise, !quit, interpreter.attempt != nil {
      checkGoal(exercise, in: &interpreter, tally: &tally, emit: emit)
    }
    return tally
  }

  /// The end of an exercise's replay: `check`, as the learner would type it, and each goal check
  /// that does not hold after the solution fails the replay, named by its `check` line.
  static func checkGoal(
    _ exercise: Exercise, in interpreter: inout Interpreter, tally: inout Tally, emit: (String, Int) -> Void
  ) {
    let last = exercise.lesson.lines.count
    emit(interpreter.prompt + "check", last)
    let verdicts = interpreter.verdicts(of: interpreter.attempt!)
    let reply = interpreter.execute("check")
    emit(reply.output, last)
    for (check, verdict) in zip(exercise.checks, verdicts) where !verdict.holds {
      let failure = "\(exercise.lesson.fileName):\(check.line): expected \(verdict.text), but \(verdict.actual)"
      tally.errors += 1
      tally.failedExpectations.append(failure)
      emit("error: " + failure, last)
    }
  }
}
