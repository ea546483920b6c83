import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `lesson N`: a fresh cluster and session, and the lesson's first step.
  package mutating func startLesson(_ which: String) throws -> Reply {
    let lesson = try LessonLibrary.find(which, in: lessonsDirectory)
    // An exercise is the learner's to solve: its solution is not stepped through.
    if Exercise.isSeparated(lesson) {
      var reply = try startExercise(which)
      reply.output = Explain.lessonIsExercise(LessonLibrary.label(lesson)) + "\n\n" + reply.output
      return reply
    }
    let guided = GuidedLesson(lesson)
    guard guided.commandCount > 0 else { throw CommandError(Refusal.lessonWithoutCommands(lesson.fileName)) }
    var fresh = fresh(seed: 1)
    fresh.guide = guided
    self = fresh
    return Reply(output: Explain.lessonIntro(title: lesson.title, steps: guided.commandCount) + "\n\n" + guided.show())
  }

  /// Enter during a lesson: runs the command shown and moves to the next step.
  package mutating func runStep(_ command: String, of lesson: GuidedLesson) -> Reply {
    var g = lesson
    // The step comes from the lesson file, not from the learner: it writes files as a lesson does.
    let trusted = trust
    trust = .lesson
    let entries = session.entries.count
    var reply = perform(command)
    trust = trusted
    if session.entries.count > entries { g.stepEntries[entries] = g.position }
    if let error = reply.error {
      // A lesson's deliberate mistakes show as they do in its transcript.
      reply.output += (reply.output.isEmpty ? "" : "\n") + Explain.errorLine(error)
      reply.error = nil
      reply.failedExpectation = false
    }
    g.advance()
    guide = g
    reply.output =
      "> \(VisibleText.escape(command))" + (reply.output.isEmpty ? "" : "\n" + reply.output) + "\n\n" + stepOrEnd()
    return reply
  }

  /// `next`: skip the command shown.
  package mutating func nextStep() throws -> Reply {
    var g = try runningLesson()
    g.advance()
    guide = g
    return Reply(output: stepOrEnd())
  }

  /// `repeat`: the current step again.
  package func repeatStep() throws -> Reply {
    Reply(output: try runningLesson().show())
  }

  /// `restart` in a lesson: the lesson again on a fresh cluster.
  package mutating func restartLesson() throws -> Reply {
    if attempt != nil { return restartExercise() }
    let lesson = try runningLesson().lesson
    self = fresh(seed: 1)
    guide = GuidedLesson(lesson)
    return Reply(output: Explain.lessonRestarted(title: lesson.title) + "\n\n" + guide!.show())
  }

  /// `quit` in a lesson: leave it; the cluster stays.
  package mutating func leaveLesson() throws -> Reply {
    if attempt != nil { return leaveExercise() }
    let g = try runningLesson()
    guide = nil
    let name = g.lesson.number.map(String.init) ?? g.lesson.name
    return Reply(output: Explain.leftLesson(name, atStep: g.position + 1))
  }

  package func runningLesson() throws -> GuidedLesson {
    guard let guide else { throw CommandError(Refusal.noLesson) }
    return guide
  }

  /// The next step, or, past the last command, the closing words and the end of the lesson.
  package mutating func stepOrEnd() -> String {
    guard let g = guide else { return "" }
    if !g.isFinished { return g.show() }
    guide = nil
    let text = g.current.map { _ in g.show() + "\n\n" } ?? ""
    let next = g.lesson.number.map { $0 + 1 }.flatMap { n in
      (try? LessonLibrary.find(String(n), in: lessonsDirectory)).map { _ in n }
    }
    let saved = finish(g.lesson).map { "\n" + $0 } ?? ""
    return text + Explain.lessonEnded(g.lesson.number.map(String.init) ?? g.lesson.name, next: next) + saved
  }
}
