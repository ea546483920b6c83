import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// The one interpreter behind every front end: the REPL, piped input and lesson replay all hand it
/// lines and print what it returns, so a transcript is exactly what a learner would have seen.
public struct Interpreter: Sendable {
  public internal(set) var cluster: Cluster
  /// The real system whose parameter names `status` shows (`preset NAME`); nil for none.
  public internal(set) var preset: Preset?
  /// The clients (`app` and every `client NAME`) and the history of what they did.
  public internal(set) var clients = Interpreter.newClientTable()
  /// Where `lessons` looks for lesson scripts.
  public var lessonsDirectory: String
  /// This session's commands, for `history`, `undo` and `save`.
  public internal(set) var session: SessionHistory
  /// The lesson being taken step by step (`lesson N`), if any.
  public internal(set) var guide: GuidedLesson?
  /// The exercise being tried (`exercise N`), if any.
  public internal(set) var attempt: ExerciseAttempt?
  /// How many times a master switched semi-sync off after a timeout since the cluster was made
  /// (MySQL's Rpl_semi_sync_source_no_times), for `expect semi-sync fallbacks`: counted from the
  /// events every command drains, so `undo`, which replays the session, counts them again.
  public internal(set) var semiSyncFallbacks = 0
  /// What the pictures draw that the timeline does not keep (writes from invocation to
  /// acknowledgement, rollbacks, sync-state changes).
  public internal(set) var pictures = PictureNotes()
  /// What the last `explore` found, for `expect explored`; nil before the first.
  public internal(set) var lastExploration: Exploration?
  /// The lessons and exercises this learner has finished.
  public internal(set) var progress = Progress()
  /// Where `progress` is kept; nil keeps none (lesson replays, tests, piped input, `--no-progress`).
  public internal(set) var progressFile: String?
  /// Where files a command writes (`save`, `timeline --svg`) go when their path is relative; empty
  /// for the process's working directory.
  public var workingDirectory = ""
  /// Who typed the lines, which decides where commands may write files. A new interpreter trusts
  /// nobody: only the REPL on a terminal says `.interactive`.
  public var trust = Trust.lesson
  /// Whether replies and the prompt keep their style marks (`Styled`) for a front end that shows
  /// them in colour. Off, the marks are dropped, so transcripts, pipes and tests read plain text.
  public var keepsStyle = false

  /// Who typed a line.
  public enum Trust: Sendable, Equatable {
    /// A person at the REPL's prompt on a terminal: files go where they say, and `--force` replaces
    /// a regular file.
    case interactive
    /// A lesson or script that anyone may have written: a lesson file (`run`, `check`, the steps of
    /// a guided lesson) or piped standard input. Files are written only inside `workingDirectory`
    /// (no absolute path, no `..`, no symbolic link leading out), and only new ones.
    case lesson
  }

  public init(seed: UInt64 = 1, lessonsDirectory: String = "Lessons") {
    cluster = Cluster(seed: seed)
    session = SessionHistory(seed: seed)
    self.lessonsDirectory = lessonsDirectory
  }

  /// `[t=0.020s] repl-lab> `: the prompt shows simulated time, so a learner sees it pass. In a
  /// lesson it says where: `[lesson 3, step 2/9] [t=0.020s] repl-lab> `, and in an exercise how
  /// far the goal is: `[exercise 27: 1/2 hold] [t=0.020s] repl-lab> ` (1 of its 2 checks holds).
  public var prompt: String {
    let time = "[t=\(cluster.now.secondsText)]"
    let base = (keepsStyle ? Styled.mark(time, .time) : time) + " repl-lab> "
    // The count starts with the learner's turn: the setup is the exercise's, not theirs.
    if let attempt, attempt.started {
      let held = verdicts(of: attempt).filter(\.holds).count
      return "[exercise \(attempt.exercise.label): \(held)/\(attempt.exercise.checks.count) hold] " + base
    }
    return guide.map { "[\($0.place)] " + base } ?? base
  }

  /// The greeting the REPL prints on start.
  public static let banner = Explain.banner

  /// Runs one line. A line that fails to parse or is refused leaves the cluster exactly as it was.
  public mutating func execute(_ line: String) -> Reply {
    LongRun.startCommand()
    var reply: Reply
    // In a lesson an empty line is Enter: run the command shown.
    if let g = guide, let command = g.current?.command, Parser.trim(line).isEmpty {
      reply = runStep(command, of: g)
    } else {
      reply = perform(line)
      observeExercise()
    }
    // Ctrl-C stopped the simulation early: say where, after what the command said.
    if reply.error == nil, LongRun.stopped.load(ordering: .relaxed) {
      let note = Explain.interrupted(
        at: cluster.now, events: LongRun.events.load(ordering: .relaxed), inFlight: cluster.messagesInFlight)
      reply.output = reply.output.isEmpty ? note : reply.output + "\n" + note
    }
    if !keepsStyle { reply.output = Styled.plain(reply.output) }
    return reply
  }

  /// Runs one line as a command and records it in the session when it ran.
  package mutating func perform(_ line: String) -> Reply {
    let parsed: Parser.Line
    do {
      parsed = try Parser.parseLine(line, inLesson: guide != nil || attempt != nil, inExercise: attempt != nil)
    } catch {
      return Reply(error: error.text, invalidLine: true)
    }
    // Commands validate before they change anything, so a refused command leaves no trace. (A
    // snapshot to restore would copy every log on the next write: copy-on-write.)
    do {
      let start = cluster.now
      cluster.commandStarts()
      var reply = try run(parsed.command)
      if reply.error == nil, !session.overflowed, parsed.effect != .session {
        session.record(Parser.trim(line), changes: parsed.effect == .changesCluster)
      }
      // What happened while time passed comes before the answer; what the command caused at the
      // instant it ran (a crash dropping a synchronous standby) reads better after it.
      let all = cluster.drainEvents()
      pictures.observe(all, in: cluster)
      if all.isEmpty { return reply }
      for event in all { if case .semiSyncOff = event.what { semiSyncFallbacks += 1 } }
      let during = Explain.events(all.filter { $0.time > start }, in: cluster)
      let instant = Explain.events(all.filter { $0.time <= start }, in: cluster)
      if reply.stepsInTime {
        reply.output = Self.merged(steps: reply.output, events: instant + during)
      } else if reply.output.isEmpty {
        // No answer to put the instant's events after: they come first, as they happened.
        reply.output = (instant + during).joined(separator: "\n")
      } else {
        reply.output = (during + [reply.output] + instant).joined(separator: "\n")
      }
      return reply
    } catch let error as ClusterError {
      return Reply(error: error.message)
    } catch let error as CommandError {
      return Reply(error: error.text)
    } catch let error as ClientError {
      return Reply(error: error.message)
    } catch let error as FileSystem.Failure {
      return Reply(error: error.message)
    } catch {
      return Reply(error: "\(error)")
    }
  }

  /// An answer told in timed steps with the events of the same span put between them by time: the
  /// answer's untimed opening and closing lines stay first and last, and an event comes before a
  /// step of the same instant (the step is what the event made possible).
  static func merged(steps answer: String, events: [String]) -> String {
    func time(_ line: String) -> Double? {
      guard line.hasPrefix("  t="), let end = line.dropFirst(4).firstIndex(of: "s") else { return nil }
      return Double(line[line.index(line.startIndex, offsetBy: 4)..<end])
    }
    let lines = answer.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let first = lines.firstIndex(where: { time($0) != nil }),
      let last = lines.lastIndex(where: { time($0) != nil })
    else { return (events + [answer]).joined(separator: "\n") }
    var timed: [(time: Double, kind: Int, order: Int, text: String)] = []
    for (i, e) in events.enumerated() { timed.append((time(e) ?? 0, 0, i, e)) }
    for (i, s) in lines[first...last].enumerated() {
      // A continuation of a step keeps its step's time.
      timed.append((time(s) ?? timed.last?.time ?? 0, 1, i, s))
    }
    timed.sort { ($0.time, $0.kind, $0.order) < ($1.time, $1.kind, $1.order) }
    return (Array(lines[..<first]) + timed.map(\.text) + Array(lines[(last + 1)...])).joined(separator: "\n")
  }

  /// Runs a parsed command as `perform` does, for a caller that prints nothing (each run of
  /// `explore`): the session does not record it, and what happened is not put into words. Returns
  /// whether it ran (false: refused).
  package mutating func runQuietly(_ command: Command) -> Bool {
    cluster.commandStarts()
    defer { _ = cluster.drainEvents() }
    do {
      _ = try run(command)
      return true
    } catch {
      return false
    }
  }

  /// `path` as a command should write it: relative paths land in `workingDirectory`.
  package func outputPath(_ path: String) -> String {
    path.hasPrefix("/") || workingDirectory.isEmpty ? path : FileSystem.join(workingDirectory, path)
  }

  /// A fresh interpreter with this one's seed, directories and nothing else: for undo and lessons.
  package func fresh(seed: UInt64) -> Interpreter {
    var i = Interpreter(seed: seed, lessonsDirectory: lessonsDirectory)
    i.workingDirectory = workingDirectory
    i.trust = trust
    i.keepsStyle = keepsStyle
    i.progress = progress
    i.progressFile = progressFile
    return i
  }
  /// Starts the cluster's audit (see `Audit`); it survives `reset`.
  public mutating func startAudit() { cluster.startAudit() }

  /// The cluster's audit events since the last call.
  public mutating func drainAudit() -> [Audit.Event] { cluster.drainAudit() }

  /// Words Tab may complete at the end of `line`.
  public func completions(for line: String) -> [String] {
    let words = (try? Tokenizer.split(line)) ?? []
    let endsInSpace = line.last == " " || line.isEmpty
    let before = endsInSpace ? words : Array(words.dropLast())
    let partial = endsInSpace ? "" : (words.last ?? "")
    // Keys that start with what is typed, at most a screenful: a load may have made a million.
    var keys: [String] = []
    for name in cluster.keys.names where name.hasPrefix(partial) {
      keys.append(name)
      if keys.count == 200 { break }
    }
    let lessons = ((try? LessonLibrary.lessonPaths(in: lessonsDirectory)) ?? []).compactMap { path in
      Lesson(fileName: FileSystem.baseName(path), path: path, text: "").number.map(String.init)
    }
    return Completer.candidates(
      before: before, partial: partial, nodes: cluster.nodeNames, clients: clients.names, keys: keys, lessons: lessons)
  }

  /// A client table whose commands name nodes as the rest of the language does (`from master`).
  static func newClientTable() -> ClientTable {
    var t = ClientTable()
    t.resolveNode = Cluster.resolveNode
    return t
  }
}
