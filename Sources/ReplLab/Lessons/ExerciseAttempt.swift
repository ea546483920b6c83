import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// An exercise being tried at the prompt (`exercise N`): the exercise, and what this attempt has
/// seen so far.
public struct ExerciseAttempt: Sendable {
  public let exercise: Exercise
  /// How many hints the learner has asked for; they stay seen after `reset`.
  public internal(set) var hintsShown = 0
  /// The `check once` checks (by index) that held after some command of this attempt.
  public internal(set) var heldOnce: Set<Int> = []
  /// The `check always` checks (by index) that did not hold after some command of this attempt.
  public internal(set) var brokenOnce: Set<Int> = []
  /// Whether the learner's turn has begun: a `check once` counts only what happens after the setup
  /// (which may pass through a state the goal names, such as semi-sync off before `sync-mode semi`).
  public internal(set) var started = false
  /// How many session entries the setup made: `undo` takes back only what the learner did.
  public internal(set) var setupEntries = 0
  /// Whether the lab has said the goal is reached in this attempt: it says so once.
  public internal(set) var announced = false
  /// Whether the cluster got here by `solution replay` (or a lesson replay): a goal reached so is
  /// not the learner's, and is not remembered as done.
  public internal(set) var byReplay = false

  public init(_ exercise: Exercise, byReplay: Bool = false) {
    self.exercise = exercise
    self.byReplay = byReplay
  }

  /// The same exercise from its start: hints stay seen, everything else is new.
  func restarted(byReplay: Bool = false) -> ExerciseAttempt {
    var a = ExerciseAttempt(exercise, byReplay: byReplay)
    a.hintsShown = hintsShown
    return a
  }
}
