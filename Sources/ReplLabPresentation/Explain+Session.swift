import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  // The session, presets, exercises and guided lessons.

  /// The greeting the REPL prints on start.
  public static let banner =
    "repl-lab: master db1, replicas db2 and db3 (async). Type `help`, or `lesson 1` to start learning."

  /// `undo`: what was taken back and where the replay left the clock.
  public static func undone(_ line: String, replayed: Int, now: SimTime) -> String {
    "Undone: `\(line)`. Replayed \(plural(replayed, "command")) from the start; the clock is at t=\(now.secondsText)."
  }

  /// After `undo` of a guided lesson's step: where the lesson is now.
  public static func backToStep(_ step: Int, of count: Int) -> String {
    "The lesson is back at step \(step)/\(count): Enter runs it again."
  }

  /// A command stopped by Ctrl-C between two events (see `LongRun`).
  public static func interrupted(at now: SimTime, events: Int, inFlight: Int) -> String {
    "Interrupted (Ctrl-C) at t=\(now.secondsText) after \(plural(events, "event")): the cluster stopped between two "
      + "events, so it is consistent as of that moment; \(plural(inFlight, "message")) still in flight "
      + "(`settle` or `wait` goes on)."
  }

  /// The REPL's progress line while a long command runs (on a terminal only).
  public static func progress(now: SimTime, events: Int, lastSeq: Int) -> String {
    "... running: t=\(now.secondsText), \(plural(events, "event")), master at seq \(lastSeq) (Ctrl-C stops)"
  }

  /// `source FILE` stopped at a mistake or a false `expect`.
  public static func sourceStopped(_ path: String, line: Int, ran: Int) -> String {
    "Stopped \(path) at line \(line), after \(plural(ran, "command")); what they did stays."
  }

  /// `pager on|off`.
  public static func pager(_ on: Bool) -> String {
    on
      ? "Pager on: on a terminal, output taller than the screen goes through $PAGER (or less -FRX)."
      : "Pager off: output is printed straight away, however long."
  }

  /// `save FILE`.
  public static func saved(_ count: Int, to path: String) -> String {
    "Saved \(plural(count, "command")) to \(path). Replay it with `repl-lab run \(path)`."
  }

  /// `preset off`.
  public static func presetOff(_ preset: Preset) -> String {
    "preset \(preset.rawValue) off: the settings stay as they are; `status` no longer shows \(preset.owner) parameter names."
  }

  /// `goal TEXT`.
  public static func goal(_ text: String) -> String { "Goal: \(text)" }

  /// The words above a guided lesson's first step.
  public static func lessonIntro(title: String, steps: Int) -> String {
    """
    \(title)
    \(plural(steps, "step")), on a fresh cluster. Enter runs the command shown; type your own in between.
    `next` skips a step, `repeat` shows it again, `restart` starts over, `quit` leaves the lesson.
    """
  }

  /// `restart` in a lesson.
  public static func lessonRestarted(title: String) -> String {
    "Starting \(title) again on a fresh cluster."
  }

  /// `quit` in a lesson.
  public static func leftLesson(_ name: String, atStep step: Int) -> String {
    "You left lesson \(name) at step \(step). The cluster stays as it is; `lesson \(name)` starts the lesson again, `quit` leaves the lab."
  }

  /// Past a lesson's last command; `next` is the following lesson's number, when there is one.
  public static func lessonEnded(_ name: String, next: Int?) -> String {
    var text = "That was the last step of lesson \(name). The cluster stays as it is to explore"
    if let next { text += "; `lesson \(next)` goes on" }
    return text + "."
  }
}
