import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// A lesson taken step by step at the prompt: each step is the narration before a command and the
/// command itself. The learner runs the step with Enter, skips it with `next`, shows it again with
/// `repeat`, starts over with `restart`, and may type commands of their own in between.
public struct GuidedLesson: Sendable {
  /// The narration shown before a command, and the command (nil for the closing narration).
  public struct Step: Sendable, Equatable {
    public let narration: [String]
    public let command: String?
    /// The 1-based line of the command in the lesson file.
    public let line: Int
  }

  public let lesson: Lesson
  public let steps: [Step]
  /// The step shown now, waiting for Enter.
  public internal(set) var position = 0
  /// The step (by position) each session entry a step made was run by, so that `undo` of a
  /// step's command takes the lesson back to that step.
  package var stepEntries: [Int: Int] = [:]

  public init(_ lesson: Lesson) {
    self.lesson = lesson
    var steps: [Step] = []
    var narration: [String] = []
    // The title is shown when the lesson starts; the steps begin after it.
    let titleLine = lesson.lines.firstIndex(where: { Parser.trim($0).hasPrefix("#") })
    for (i, raw) in lesson.lines.enumerated() where i != titleLine {
      let line = Parser.trim(raw)
      if line.hasPrefix("#") {
        let text = Parser.trim(String(line.drop(while: { $0 == "#" })))
        if text.isEmpty && narration.isEmpty { continue }
        narration.append(text)
      } else if line.isEmpty {
        if narration.last.map({ !$0.isEmpty }) == true { narration.append("") }
      } else {
        while narration.last == "" { narration.removeLast() }
        steps.append(Step(narration: narration, command: line, line: i + 1))
        narration = []
      }
    }
    while narration.last == "" { narration.removeLast() }
    if !narration.isEmpty { steps.append(Step(narration: narration, command: nil, line: lesson.lines.count)) }
    self.steps = steps
    commandCount = steps.filter { $0.command != nil }.count
  }

  /// The commands that make up the lesson, for counting steps: the closing narration is not one.
  public let commandCount: Int

  public var current: Step? { position < steps.count ? steps[position] : nil }

  /// Past the last command: only the closing narration, if any, is left.
  public var isFinished: Bool { current?.command == nil }

  /// `lesson 3, step 2/9`: where the learner is, for the prompt.
  public var place: String {
    let n = lesson.number.map(String.init) ?? lesson.name
    let step = min(position + 1, commandCount)
    return "lesson \(n), step \(step)/\(commandCount)"
  }

  /// What the learner reads for the current step: its narration, then the command Enter will run.
  public func show() -> String {
    guard let step = current else { return "" }
    // Lesson text reaches the terminal: its control characters are shown, not obeyed.
    var lines = step.narration.map { $0.isEmpty ? "" : "  " + VisibleText.escape($0) }
    if let command = step.command {
      if !lines.isEmpty { lines.append("") }
      lines.append("next: \(VisibleText.escape(command))    (Enter runs it)")
    }
    return lines.joined(separator: "\n")
  }

  /// Moves past the current step.
  public mutating func advance() { position = min(position + 1, steps.count) }

  /// After `undo` removed session entry `entry`: back to the step that ran it, if a step did (its
  /// number, 1-based), and the later entries' indices moved down by one.
  package mutating func undid(entry: Int) -> Int? {
    let step = stepEntries[entry]
    var moved: [Int: Int] = [:]
    for (e, s) in stepEntries where e != entry { moved[e > entry ? e - 1 : e] = s }
    stepEntries = moved
    guard let step else { return nil }
    // Steps after it ran on a cluster that no longer exists: they are to run again too.
    stepEntries = stepEntries.filter { $0.value < step }
    position = step
    return step + 1
  }
}
