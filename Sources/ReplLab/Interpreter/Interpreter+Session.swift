import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation
extension Interpreter {
  /// `undo`: replays the session from its start without its last change. The simulation is
  /// deterministic, so the result is exactly the cluster as if that command had never been typed.
  package mutating func undo() throws -> Reply {
    if session.overflowed { throw CommandError(Self.tooLong("undo")) }
    guard let last = session.lastChange else {
      throw CommandError("nothing to undo: no command of this session has changed anything yet")
    }
    var entries = session.entries
    let removed = entries.remove(at: last)
    // Everything after the last change is a view, so each replayed command runs exactly as it did.
    var fresh = fresh(seed: session.seed)
    for e in entries {
      if e.changes { _ = fresh.perform(e.line) } else { fresh.session.record(e.line, changes: false) }
    }
    fresh.guide = guide
    self = fresh
    return Reply(output: "Undone: `\(removed.line)`. Replayed \(Explain.plural(entries.count, "command")) from the start; the clock is at t=\(cluster.now.secondsText).")
  }

  /// `save FILE`: the session as a lesson script.
  package func save(_ path: String) throws -> Reply {
    if session.overflowed { throw CommandError(Self.tooLong("save")) }
    if session.entries.isEmpty { throw CommandError("nothing to save yet: this session has no commands") }
    if FileSystem.exists(outputPath(path)) {
      throw CommandError("\(path) already exists; save to a new name, or remove it first", usage: "save FILE")
    }
    try FileSystem.writeAtomically(session.script(named: path), to: outputPath(path))
    return Reply(output: "Saved \(Explain.plural(session.entries.count, "command")) to \(path). Replay it with `repl-lab run \(path)`.")
  }

  package static func tooLong(_ what: String) -> String {
    "this session ran more than \(SessionHistory.capacity) commands, more than it keeps, so \(what) cannot replay it; `reset` starts over"
  }
}
