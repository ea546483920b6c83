import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `exercise N`: a fresh cluster, the exercise's setup and goal, and the prompt to the learner.
  package mutating func startExercise(_ which: String) throws -> Reply {
    let lesson = try LessonLibrary.find(which, in: lessonsDirectory)
    guard lesson.isExercise else { throw CommandError(Refusal.notAnExercise(LessonLibrary.label(lesson))) }
    guard Exercise.isSeparated(lesson) else {
      throw CommandError(Refusal.exerciseWithoutSolution(LessonLibrary.label(lesson)))
    }
    let exercise = try Exercise(lesson)
    let setup = beginExercise(ExerciseAttempt(exercise))
    return Reply(
      output: Explain.exerciseIntro(
        title: lesson.title, setup: setup, checks: exercise.checks.count, hints: exercise.hints.count))
  }

  /// Replaces this interpreter by a fresh one in `attempt` with the exercise's setup run: what the
  /// learner reads of the setup, narration and commands with their output.
  package mutating func beginExercise(_ attempt: ExerciseAttempt) -> [String] {
    var lab = fresh(seed: 1)
    lab.attempt = attempt
    var shown: [String] = []
    // The setup comes from the file, not from the learner: it writes files as a lesson does.
    lab.trust = .lesson
    for line in attempt.exercise.setup {
      if line.text.hasPrefix("#") || line.text.isEmpty {
        let words = Parser.trim(String(line.text.drop(while: { $0 == "#" })))
        if words.isEmpty && (shown.last?.isEmpty ?? true) { continue }
        shown.append(words.isEmpty ? "" : "  " + VisibleText.escape(words))
        continue
      }
      let reply = lab.perform(line.text)
      let isGoal = line.text.lowercased().hasPrefix("goal ")
      if !isGoal { shown.append("> " + VisibleText.escape(line.text)) }
      if !reply.output.isEmpty { shown.append(reply.output) }
      if let error = reply.error { shown.append(Explain.errorLine(error)) }
    }
    lab.trust = trust
    lab.attempt?.started = true
    lab.attempt?.setupEntries = lab.session.entries.count
    while shown.last?.isEmpty == true { shown.removeLast() }
    self = lab
    return shown
  }

  /// Whether each goal check holds now (a `check once` also when it held before), and what the
  /// cluster has instead when it does not.
  package func verdicts(of attempt: ExerciseAttempt) -> [Explain.CheckVerdict] {
    attempt.exercise.checks.enumerated().map { i, check in
      let now: (Bool, String)
      do { now = try evaluate(check.expectation) } catch let error as ClusterError {
        now = (false, error.message)
      } catch let error as ClientError {
        now = (false, error.message)
      } catch {
        now = (false, "\(error)")
      }
      if check.once && (now.0 || attempt.heldOnce.contains(i)) {
        return Explain.CheckVerdict(text: check.text, holds: true, actual: now.1)
      }
      if check.always && now.0 && attempt.brokenOnce.contains(i) {
        return Explain.CheckVerdict(text: check.text, holds: false, actual: Explain.brokenBefore)
      }
      return Explain.CheckVerdict(
        text: check.text, holds: now.0, actual: check.once ? Explain.neverHeld(now.1) : now.1)
    }
  }

  /// After each line in an exercise: a `check once` that holds now is remembered, and so is a
  /// `check always` that does not.
  package mutating func observeExercise() {
    guard var a = attempt, a.started else { return }
    for (i, check) in a.exercise.checks.enumerated() where check.once && !a.heldOnce.contains(i) {
      if (try? evaluate(check.expectation))?.0 == true { a.heldOnce.insert(i) }
    }
    for (i, check) in a.exercise.checks.enumerated() where check.always && !a.brokenOnce.contains(i) {
      if (try? evaluate(check.expectation))?.0 != true { a.brokenOnce.insert(i) }
    }
    attempt = a
  }

  /// `check`: which goal checks hold; the first time all do, the goal is reached and remembered.
  package mutating func checkGoal() throws -> Reply {
    guard var a = attempt else { throw CommandError(Refusal.noExercise("check")) }
    let verdicts = verdicts(of: a)
    let reached = verdicts.allSatisfy(\.holds)
    var text = Explain.checks(verdicts)
    if reached {
      let first = !a.announced
      a.announced = true
      attempt = a
      var saved: String? = nil
      if first && !a.byReplay { saved = finish(a.exercise.lesson) }
      text +=
        "\n"
        + Explain.goalReached(
          a.exercise.label, first: first, byReplay: a.byReplay, next: nextInCourse(after: a.exercise.lesson.name))
      if let saved { text += "\n" + saved }
    } else {
      text += "\n" + Explain.goalNotReached(hintsLeft: a.exercise.hints.count - a.hintsShown)
    }
    return Reply(output: text)
  }

  /// `hint`: the next hint, after the ones already shown.
  package mutating func nextHint() throws -> Reply {
    guard var a = attempt else { throw CommandError(Refusal.noExercise("hint")) }
    let total = a.exercise.hints.count
    if a.hintsShown < total { a.hintsShown += 1 }
    attempt = a
    return Reply(output: Explain.hints(Array(a.exercise.hints.prefix(a.hintsShown)), total: total))
  }

  /// `solution`: the solution's narration and commands; `solution replay` runs them from the start.
  package mutating func solution(replay: Bool) throws -> Reply {
    guard let a = attempt else { throw CommandError(Refusal.noExercise("solution")) }
    let lines = a.exercise.solution.map(\.text)
    guard replay else { return Reply(output: Explain.solution(lines, exercise: a.exercise.label)) }
    _ = beginExercise(a.restarted(byReplay: true))
    var shown = [Explain.replayingSolution(a.exercise.label)]
    // The solution comes from the file: it writes files as a lesson does.
    let trusted = trust
    trust = .lesson
    for line in lines {
      if line.hasPrefix("#") || line.isEmpty {
        let words = Parser.trim(String(line.drop(while: { $0 == "#" })))
        if !words.isEmpty { shown.append("  " + VisibleText.escape(words)) }
        continue
      }
      let reply = perform(line)
      observeExercise()
      shown.append("> " + VisibleText.escape(line))
      if !reply.output.isEmpty { shown.append(reply.output) }
      if let error = reply.error { shown.append(Explain.errorLine(error)) }
    }
    trust = trusted
    shown.append(Explain.afterSolutionReplay(a.exercise.label))
    return Reply(output: shown.joined(separator: "\n"))
  }

  /// `reset` or `restart` in an exercise: its setup again on a fresh cluster.
  package mutating func restartExercise() -> Reply {
    guard let a = attempt else { return Reply() }
    let setup = beginExercise(a.restarted())
    return Reply(
      output: Explain.exerciseRestarted(title: a.exercise.lesson.title) + "\n\n" + setup.joined(separator: "\n"))
  }

  /// `quit` in an exercise: leave it; the cluster stays.
  package mutating func leaveExercise() -> Reply {
    guard let a = attempt else { return Reply() }
    attempt = nil
    return Reply(output: Explain.leftExercise(a.exercise.label))
  }

  /// Marks `lesson` finished and writes the progress file when there is one; what went wrong
  /// writing it, if anything.
  package mutating func finish(_ lesson: Lesson) -> String? {
    guard progress.finish(lesson.name), let progressFile else { return nil }
    do throws(FileSystem.Failure) {
      try FileSystem.replace(progress.text, at: progressFile)
      return nil
    } catch {
      return Explain.progressNotSaved(error.message)
    }
  }

  /// The next lesson or exercise of the course not finished yet, as the learner starts it: the first
  /// after `name` (by default the furthest one finished), else the first of the course.
  package func nextInCourse(after name: String? = nil) -> String? {
    guard let paths = try? LessonLibrary.lessonPaths(in: lessonsDirectory) else { return nil }
    let lessons = paths.compactMap { try? Lesson.load($0) }
    let from = name ?? lessons.last(where: progress.isFinished)?.name
    let start = from.flatMap { n in lessons.firstIndex { $0.name == n } }.map { $0 + 1 } ?? 0
    guard let next = (lessons[start...] + lessons[..<start]).first(where: { !progress.isFinished($0) }) else {
      return nil
    }
    let command = Exercise.isSeparated(next) ? "exercise" : "lesson"
    return "`\(command) \(LessonLibrary.label(next))` (\(next.summary))"
  }

  /// What the REPL prints on start: the banner, and where a returning learner left off.
  public var greeting: String {
    guard progressFile != nil, !progress.finished.isEmpty else { return Self.banner }
    return Self.banner + "\n" + Explain.welcomeBack(finished: progress.finished.count, next: nextInCourse())
  }

  /// Keeps progress in the file at `path` (nil: none), starting from what it holds.
  public mutating func keepProgress(in path: String?) {
    progressFile = path
    progress = path.map(Progress.load) ?? Progress()
  }
}
