import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Why the interpreter refused a command that parsed: the sentence of a `CommandError` raised while
/// running. (The usage line comes from the command's declaration, not from here.)
public enum Refusal {
  public static let noLesson = "no lesson is running; `lesson N` starts one (`lessons` lists them)"
  /// `check`, `hint` or `solution` outside an exercise.
  public static func noExercise(_ command: String) -> String {
    "`\(command)` works in an exercise, and none is running; `exercise N` starts one (`lessons` marks them)"
  }

  public static func notAnExercise(_ name: String) -> String {
    "lesson \(name) is not an exercise; `lesson \(name)` takes it step by step (`lessons` marks the exercises)"
  }

  /// An exercise written the old way: its solution is not separated from its goal.
  public static func exerciseWithoutSolution(_ name: String) -> String {
    "exercise \(name) does not separate its solution from its goal yet; `lesson \(name)` steps through it"
  }

  public static let nothingToUndo = "nothing to undo: no command of this session has changed anything yet"
  /// Ctrl-C during `undo`'s replay: the partial replay is thrown away.
  public static func undoInterrupted(replayed: Int, of total: Int) -> String {
    "undo interrupted (Ctrl-C) after replaying \(replayed) of \(total) commands; nothing changed"
  }
  /// `source` inside a sourced file.
  public static func nestedSource(_ path: String, line: Int) -> String {
    "\(path):\(line): a sourced file cannot `source` another"
  }
  public static let nothingToSave = "nothing to save yet: this session has no commands"
  public static let noPreset = "no preset is active; `preset` lists them"
  public static let nothingOnTheOtherSide = "nothing is left on the other side"

  /// `promote` or `demote` under `manager consensus`, where only an election changes the primary.
  public static func membersElect(_ command: String) -> String {
    "under manager consensus the members elect the primary and a rejoining one rolls back by itself, so \(command) does not apply; crash or cut off the primary, or `manager orchestrator`"
  }

  /// `undo` or `save` after more commands than the session keeps.
  public static func sessionTooLong(_ what: String, capacity: Int) -> String {
    "this session ran more than \(capacity) commands, more than it keeps, so \(what) cannot replay it; `reset` starts over"
  }

  /// A file a command would write exists. At the prompt `--force` replaces it; a lesson never does.
  public static func fileExists(_ path: String, mayForce: Bool) -> String {
    mayForce
      ? "\(path) already exists; add --force to replace it, or choose a new name"
      : "\(path) already exists, and a lesson or script never replaces a file; choose a new name"
  }

  /// Something other than a regular file is where a command would write.
  public static func notARegularFile(_ path: String, is what: String) -> String {
    "\(path) is \(what), not a regular file; the lab writes only regular files, even with --force"
  }

  /// A lesson or piped script named a file outside the directory repl-lab runs in.
  public static func outsideWorkingDirectory(_ path: String, because why: String) -> String {
    "a lesson or script writes only inside the directory repl-lab runs in, and \(path) is not: \(why)"
  }

  /// `--force` in a lesson or piped script.
  public static func forceInLesson(_ path: String) -> String {
    "a lesson or script may not replace files, so --force is refused (\(path)); type the command at the prompt to replace it"
  }

  public static func lessonWithoutCommands(_ fileName: String) -> String {
    "\(fileName) has no commands to step through"
  }

  /// `help TOPIC` for no such command, with the closest one.
  public static func noCommand(_ topic: String, closest: String?) -> String {
    "no command named '\(topic)'\(closest.map { "; did you mean `help \($0)`?" } ?? "; `help` lists every command")"
  }

  public static func presetCannotApply(_ preset: Preset, refused line: String) -> String {
    "preset \(preset.rawValue) cannot apply here: `\(line)` was refused"
  }

  public static func acksAboveReplicas(_ n: Int, replicas: Int) -> String {
    "acks \(n) is more than the \(replicas) replicas there are; a write could never be acknowledged"
  }

  public static func slowMaster(_ name: String) -> String {
    "\(name) is the master; `slow` limits how fast a replica applies"
  }

  public static func sameNodeTwice(_ name: String) -> String {
    "\(name) is named twice; compare two different nodes"
  }

  /// A partition naming one endpoint on both sides (or twice on one).
  public static func namedTwice(_ name: String, master: String?) -> String {
    "'\(name)' is named twice (`master` is \(master ?? "nobody"))"
  }
}
