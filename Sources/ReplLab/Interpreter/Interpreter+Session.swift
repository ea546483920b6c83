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
    for (i, e) in entries.enumerated() {
      if e.changes { _ = fresh.perform(e.line) } else { fresh.session.record(e.line, changes: false) }
      // Ctrl-C stops the replay inside a command: a half-replayed session is no state to keep.
      if LongRun.stopRequested.load(ordering: .relaxed) {
        throw CommandError(Refusal.undoInterrupted(replayed: i, of: entries.count))
      }
    }
    fresh.guide = guide
    self = fresh
    return Reply(output: Explain.undone(removed.line, replayed: entries.count, now: cluster.now))
  }

  /// `save FILE`: the session as a lesson script.
  package func save(_ path: String, force: Bool) throws -> Reply {
    if session.overflowed { throw CommandError(Refusal.sessionTooLong("save", capacity: SessionHistory.capacity)) }
    if session.entries.isEmpty { throw CommandError(Refusal.nothingToSave) }
    try writeFile(session.script(named: path), to: path, force: force, command: "save")
    return Reply(output: Explain.saved(session.entries.count, to: path))
  }

  /// Writes a file a command asked for, by the rules of whoever typed it (`trust`): a new file only,
  /// unless `force`, and then only over a regular file; from a lesson or script, only inside the
  /// working directory and never over anything.
  package func writeFile(_ text: String, to path: String, force: Bool, command: String) throws {
    // A C path ends at NUL: what would be written is not what was checked.
    if path.isEmpty || path.utf8.contains(0) {
      throw CommandRegistry.error("'\(path.replacing("\u{0}", with: "\\0"))' is not a file name", command: command)
    }
    if trust == .lesson && force { throw CommandRegistry.error(Refusal.forceInLesson(path), command: command) }
    let failure: FileSystem.Failure
    do throws(FileSystem.Failure) {
      if trust == .lesson { try FileSystem.requireInside(path, directory: workingDirectory) }
      if force {
        try FileSystem.replace(text, at: outputPath(path))
      } else {
        try FileSystem.create(text, at: outputPath(path))
      }
      return
    } catch {
      failure = error
    }
    switch failure.problem {
    case .io:
      throw failure
    case .exists:
      throw CommandRegistry.error(Refusal.fileExists(path, mayForce: trust == .interactive), command: command)
    case .notRegular(let what):
      throw CommandRegistry.error(Refusal.notARegularFile(path, is: what), command: command)
    case .outside(let why):
      throw CommandRegistry.error(Refusal.outsideWorkingDirectory(path, because: why), command: command)
    }
  }
}
