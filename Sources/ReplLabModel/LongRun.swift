import ReplLabKernel
import Synchronization

/// A long simulation run, seen from outside the event loop: a person at a terminal may stop it, and
/// may watch it go.
///
/// - Stopping: the REPL's Ctrl-C handler sets `stopRequested`. The event loop looks at it between
///   two events, never inside one, so the cluster stops in a consistent state at that simulated
///   moment; it then runs nothing more until the flag is cleared (the REPL clears it before each
///   command) and sets `stopped`, so the command can say where it stopped.
/// - Watching: every `reportEvery` events the loop hands the simulated time, the events run and
///   the master's log position to `observer`, which the REPL draws as a progress line on a terminal.
///
/// Both are process-wide: one person, one prompt, one command running at a time.
public enum LongRun {
  /// Ctrl-C was pressed: stop at the next event boundary.
  public static let stopRequested = Atomic<Bool>(false)
  /// The event loop stopped early because of `stopRequested`.
  public static let stopped = Atomic<Bool>(false)
  /// Events run since the counter was last reset (`startCommand`).
  public static let events = Atomic<Int>(0)
  /// How many events pass between two reports to `observer`.
  public static let reportEvery = 1 << 14

  /// What a report tells: simulated time reached, events run, the master's last seq.
  public struct Progress: Sendable {
    public let now: SimTime
    public let events: Int
    public let lastSeq: Int
    /// `explore`'s runs done and to do, when it is an exploration that runs.
    public var runs: (done: Int, total: Int)? = nil
  }

  /// Called every `reportEvery` events, on the thread running the simulation; nil for nobody.
  public static let observer = Mutex<(@Sendable (Progress) -> Void)?>(nil)

  /// Before a command: nothing stopped it yet, and its events count from zero. A Ctrl-C pressed at
  /// the prompt is forgotten.
  public static func startCommand() {
    stopRequested.store(false, ordering: .relaxed)
    stopped.store(false, ordering: .relaxed)
    events.store(0, ordering: .relaxed)
  }

  /// Whether the loop should stop before its next event; records that it did.
  @inline(__always)
  static func shouldStop() -> Bool {
    guard stopRequested.load(ordering: .relaxed) else { return false }
    stopped.store(true, ordering: .relaxed)
    return true
  }

  /// Counts `n` events run and tells the observer, if any.
  static func ran(_ n: Int, now: SimTime, lastSeq: Int) {
    let total = events.add(n, ordering: .relaxed).newValue
    let observer = observer.withLock { $0 }
    var progress = Progress(now: now, events: total, lastSeq: lastSeq)
    // Inside an exploration, the runs are the news, not the events of one of them.
    let of = explorationRuns.load(ordering: .relaxed)
    if of > 0 { progress.runs = (exploredRuns.load(ordering: .relaxed), of) }
    observer?(progress)
  }

  /// While `explore` runs: its runs done, and all it will run (0 when no exploration runs).
  static let exploredRuns = Atomic<Int>(0)
  static let explorationRuns = Atomic<Int>(0)
}

extension LongRun {
  /// `explore` ran `done` of its `of` runs: the progress line shows that instead of events. `of`
  /// 0 says the exploration is over.
  public static func exploring(done: Int, of total: Int, now: SimTime) {
    exploredRuns.store(done, ordering: .relaxed)
    explorationRuns.store(total, ordering: .relaxed)
    guard total > 0 else { return }
    let observer = observer.withLock { $0 }
    observer?(Progress(now: now, events: 0, lastSeq: 0, runs: (done, total)))
  }
}
