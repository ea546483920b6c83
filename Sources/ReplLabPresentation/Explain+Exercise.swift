import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  // Exercises tried at the prompt: the goal's checks, hints, the solution, progress.

  /// One goal check and whether it holds; `actual` says what the cluster has instead.
  public struct CheckVerdict: Sendable, Equatable {
    public let text: String
    public let holds: Bool
    public let actual: String

    public init(text: String, holds: Bool, actual: String) {
      self.text = text
      self.holds = holds
      self.actual = actual
    }
  }

  /// A check in words; a `check once` says it needs to have held only at some point, a `check
  /// always` that it must hold at every point.
  public static func checkText(_ expectation: String, once: Bool, always: Bool = false) -> String {
    once ? "at some point, \(expectation)" : always ? "at every point, \(expectation)" : expectation
  }

  /// What a `check always` that holds now but did not at some point has to say.
  public static let brokenBefore = "it did not hold at some point (now it does)"

  /// What a `check once` that never held has now.
  public static func neverHeld(_ actual: String) -> String { "it has not held yet (now \(actual))" }

  /// `check`: how many hold, then each, those that hold first.
  public static func checks(_ verdicts: [CheckVerdict]) -> String {
    let held = verdicts.filter(\.holds)
    var lines = ["\(held.count) of \(plural(verdicts.count, "check")) hold:"]
    for v in held { lines.append("  yes      \(v.text)") }
    for v in verdicts where !v.holds { lines.append("  not yet  \(v.text): \(v.actual)") }
    return lines.joined(separator: "\n")
  }

  /// Every check holds. Said in full the first time; `next` is what the course suggests next.
  public static func goalReached(_ exercise: String, first: Bool, byReplay: Bool, next: String?) -> String {
    if byReplay {
      return "The goal is reached, by the solution."
    }
    guard first else { return "The goal is still reached." }
    var text = "Goal reached: exercise \(exercise) is done, and `lessons` marks it."
    if let next { text += " Next: \(next)." }
    return text
  }

  /// Not every check holds yet.
  public static func goalNotReached(hintsLeft: Int) -> String {
    "The goal is not reached yet." + (hintsLeft > 0 ? " `hint` gives a hint (\(hintsLeft) left)." : "")
  }

  /// `hint`: the hints shown so far, numbered.
  public static func hints(_ shown: [String], total: Int) -> String {
    var lines = shown.enumerated().map { i, h in "Hint \(i + 1) of \(total): \(VisibleText.escape(h))" }
    if shown.count == total { lines.append("That is every hint; `solution` shows a solution.") }
    return lines.joined(separator: "\n")
  }

  /// `solution`: its narration and commands, as a learner would type them.
  public static func solution(_ lines: [String], exercise: String) -> String {
    var out = ["A solution to exercise \(exercise):"]
    for line in lines {
      if line.hasPrefix("#") {
        let words = line.drop(while: { $0 == "#" }).drop(while: { $0 == " " })
        out.append(words.isEmpty ? "" : "  " + VisibleText.escape(String(words)))
      } else if line.isEmpty {
        if out.last?.isEmpty == false { out.append("") }
      } else {
        out.append("    " + VisibleText.escape(line))
      }
    }
    while out.last?.isEmpty == true { out.removeLast() }
    out.append("`solution replay` runs it on a fresh start; `reset` starts over for you to try it.")
    return out.joined(separator: "\n")
  }

  public static func replayingSolution(_ exercise: String) -> String {
    "Replaying the solution of exercise \(exercise) from a fresh start:"
  }

  public static func afterSolutionReplay(_ exercise: String) -> String {
    "That was the solution; `check` shows its checks. `reset` starts exercise \(exercise) over for you."
  }

  /// The words of `exercise N`: its title, the setup as it ran, and what the learner may do.
  public static func exerciseIntro(title: String, setup: [String], checks: Int, hints: Int) -> String {
    """
    \(title)
    \(setup.joined(separator: "\n"))

    Your turn: no solution is shown. The prompt counts the goal's checks that hold; `check` lists
    them. `hint` gives one of \(plural(hints, "hint")), `solution` shows one, `reset` starts over, `quit` leaves.
    """
  }

  /// `reset` or `restart` in an exercise.
  public static func exerciseRestarted(title: String) -> String {
    "Starting \(title) again on a fresh cluster."
  }

  /// `quit` in an exercise.
  public static func leftExercise(_ name: String) -> String {
    "You left exercise \(name). The cluster stays as it is; `exercise \(name)` starts it again, `quit` leaves the lab."
  }

  /// `lesson N` for an exercise.
  public static func lessonIsExercise(_ name: String) -> String {
    "Lesson \(name) is an exercise: it is yours to solve, so it starts as `exercise \(name)` does."
  }

  public static func progressNotSaved(_ why: String) -> String { "(Progress not saved: \(why).)" }

  /// The banner's second line for a learner who has finished something.
  public static func welcomeBack(finished: Int, next: String?) -> String {
    let done = "Welcome back: \(finished) of the course's lessons and exercises done"
    guard let next else { return done + ", the whole course. `lessons` lists them." }
    return done + ". Next: \(next)."
  }
}
