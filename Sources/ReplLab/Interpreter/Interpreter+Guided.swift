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
    let guided = GuidedLesson(lesson)
    guard guided.commandCount > 0 else { throw CommandError("\(lesson.fileName) has no commands to step through") }
    var fresh = fresh(seed: 1)
    fresh.guide = guided
    self = fresh
    let intro = """
      \(lesson.title)
      \(Explain.plural(guided.commandCount, "step")), on a fresh cluster. Enter runs the command shown; type your own in between.
      `next` skips a step, `repeat` shows it again, `restart` starts over, `quit` leaves the lesson.
      """
    return Reply(output: intro + "\n\n" + guided.show())
  }

  /// A line typed during a lesson: the lesson's own words, or nil for an ordinary command.
  package mutating func guided(_ line: String) -> Reply? {
    guard var g = guide else { return nil }
    let words = ((try? Tokenizer.split(line)) ?? []).map { $0.lowercased() }
    switch words {
    case []:
      guard let command = g.current?.command else { return nil }
      var reply = perform(command)
      if let error = reply.error {
        // A lesson's deliberate mistakes show as they do in its transcript.
        reply.output += (reply.output.isEmpty ? "" : "\n") + "error: \(error)"
        reply.error = nil
        reply.failedExpectation = false
      }
      g.advance()
      guide = g
      reply.output = "> \(command)" + (reply.output.isEmpty ? "" : "\n" + reply.output) + "\n\n" + stepOrEnd()
      return reply
    case ["next"]:
      g.advance()
      guide = g
      return Reply(output: stepOrEnd())
    case ["repeat"]:
      return Reply(output: g.show())
    case ["restart"]:
      let lesson = g.lesson
      self = fresh(seed: 1)
      guide = GuidedLesson(lesson)
      return Reply(output: "Starting \(lesson.title) again on a fresh cluster.\n\n" + guide!.show())
    case ["quit"], ["exit"]:
      guide = nil
      let step = g.position + 1
      let name = g.lesson.number.map(String.init) ?? g.lesson.name
      return Reply(output: "You left lesson \(name) at step \(step). The cluster stays as it is; `lesson \(name)` starts the lesson again, `quit` leaves the lab.")
    default:
      return nil
    }
  }

  /// The next step, or, past the last command, the closing words and the end of the lesson.
  package mutating func stepOrEnd() -> String {
    guard let g = guide else { return "" }
    if !g.isFinished { return g.show() }
    guide = nil
    var text = g.current.map { _ in g.show() + "\n\n" } ?? ""
    text += "That was the last step of lesson \(g.lesson.number.map(String.init) ?? g.lesson.name). The cluster stays as it is to explore"
    if let n = g.lesson.number, (try? LessonLibrary.find(String(n + 1), in: lessonsDirectory)) != nil {
      text += "; `lesson \(n + 1)` goes on"
    }
    return text + "."
  }
}
