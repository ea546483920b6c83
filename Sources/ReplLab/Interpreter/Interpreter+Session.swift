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
    guard let last = session.lastChange, last >= (attempt?.setupEntries ?? 0) else {
      throw CommandError(Refusal.nothingToUndo)
    }
    var entries = session.entries
    let removed = entries.remove(at: last)
    // Everything after the last change is a view, so each replayed command runs exactly as it did.
    var fresh = fresh(seed: session.seed)
    // In an exercise, what held once (or failed once) is judged again over the replay, from the
    // learner's turn on.
    fresh.attempt = attempt.map { a in
      var a = a
      a.heldOnce = []
      a.brokenOnce = []
      a.started = false
      return a
    }
    for (i, e) in entries.enumerated() {
      if i == fresh.attempt?.setupEntries { fresh.attempt?.started = true }
      if e.changes {
        _ = fresh.perform(e.line)
        fresh.observeExercise()
      } else {
        fresh.session.record(e.line, changes: false)
      }
      // Ctrl-C stops the replay inside a command: a half-replayed session is no state to keep.
      if LongRun.stopRequested.load(ordering: .relaxed) {
        throw CommandError(Refusal.undoInterrupted(replayed: i, of: entries.count))
      }
    }
    if entries.count == fresh.attempt?.setupEntries { fresh.attempt?.started = true }
    fresh.guide = guide
    // Undoing a step's command takes the lesson back to that step: Enter runs it again.
    let step = fresh.guide?.undid(entry: last)
    self = fresh
    var text = Explain.undone(removed.line, replayed: entries.count, now: cluster.now)
    if let step, let g = guide { text += "\n" + Explain.backToStep(step, of: g.commandCount) + "\n\n" + g.show() }
    return Reply(output: text)
  }

  /// `source FILE`: the file's lines, run here as if typed, shown as a transcript shows them. Stops
  /// at a line that is not a valid command or an `expect` that does not hold; what ran before it
  /// stays, as typed lines would. Stopping is the reply's error, marked as the mistake was, so a
  /// script that sources a file with a mistake fails as if the mistake were its own (and `--bail`
  /// stops there).
  package mutating func source(_ path: String) throws -> Reply {
    if path.isEmpty || path.utf8.contains(0) {
      throw CommandRegistry.error("'\(path.replacing("\u{0}", with: "\\0"))' is not a file name", command: "source")
    }
    if trust == .lesson { try FileSystem.requireInside(path, directory: workingDirectory) }
    let script = Lesson(fileName: path, path: path, text: try FileSystem.read(outputPath(path)))
    var out: [String] = []
    var ran = 0
    for (i, raw) in script.lines.enumerated() {
      let line = Parser.trim(raw)
      if line.isEmpty || line.hasPrefix("#") { continue }
      out.append(prompt + VisibleText.escape(line))
      if case .source = try? Parser.parseLine(line, inLesson: guide != nil).command {
        // What ran before stays, so this stops the file rather than refusing the whole command.
        out.append(Explain.errorLine(Refusal.nestedSource(path, line: i + 1)))
        return Reply(
          output: out.joined(separator: "\n"), error: Explain.sourceStopped(path, line: i + 1, ran: ran),
          invalidLine: true)
      }
      let reply = perform(line)
      ran += 1
      if !reply.output.isEmpty { out.append(reply.output) }
      if let error = reply.error {
        out.append(Explain.errorLine("\(path):\(i + 1): \(error)"))
        let isExpect = reply.failedExpectation || line.lowercased().hasPrefix("expect ")
        if reply.invalidLine || isExpect {
          return Reply(
            output: out.joined(separator: "\n"), error: Explain.sourceStopped(path, line: i + 1, ran: ran - 1),
            failedExpectation: isExpect && !reply.invalidLine, invalidLine: reply.invalidLine)
        }
      }
      if reply.quit || LongRun.stopRequested.load(ordering: .relaxed) { break }
    }
    return Reply(output: out.joined(separator: "\n"))
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
