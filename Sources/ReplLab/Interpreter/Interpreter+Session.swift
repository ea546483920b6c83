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
    if session.overflowed { throw CommandError(Refusal.sessionTooLong("undo", capacity: SessionHistory.capacity)) }
    guard let last = session.lastChange else {
      throw CommandError(Refusal.nothingToUndo)
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
    return Reply(output: Explain.undone(removed.line, replayed: entries.count, now: cluster.now))
  }

  /// `save FILE`: the session as a lesson script.
  package func save(_ path: String) throws -> Reply {
    if session.overflowed { throw CommandError(Refusal.sessionTooLong("save", capacity: SessionHistory.capacity)) }
    if session.entries.isEmpty { throw CommandError(Refusal.nothingToSave) }
    if FileSystem.exists(outputPath(path)) {
      throw CommandRegistry.error(Refusal.fileExists(path), command: "save")
    }
    try FileSystem.writeAtomically(session.script(named: path), to: outputPath(path))
    return Reply(output: Explain.saved(session.entries.count, to: path))
  }
}
