import ReplLab
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One line at the bottom of the terminal while a command runs for more than about a second:
/// simulated time reached, events run, writes logged, and that Ctrl-C stops it. It is redrawn in
/// place and cleared when the command ends, so it never reaches the command's output; only the
/// REPL on a terminal shows it (never a pipe, `run` or a transcript).
final class ProgressLine: Sendable {
  /// Wall-clock time before the line appears, and between two redraws.
  static let delay: Duration = .seconds(1)
  static let redraw: Duration = .milliseconds(100)

  private let start = ContinuousClock.now
  /// When the line was last drawn; nil while it is not on the screen.
  private let drawn = Mutex<ContinuousClock.Instant?>(nil)

  /// Watches the command about to run; nil when standard output is not a terminal.
  static func show() -> ProgressLine? {
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    let line = ProgressLine()
    LongRun.observer.withLock { $0 = { line.report($0) } }
    return line
  }

  private func report(_ progress: LongRun.Progress) {
    let now = ContinuousClock.now
    guard now - start >= Self.delay else { return }
    let due = drawn.withLock { last -> Bool in
      if let last, now - last < Self.redraw { return false }
      last = now
      return true
    }
    guard due else { return }
    let text =
      progress.runs.map { Explain.exploreProgress(done: $0.done, of: $0.total) }
      ?? Explain.progress(now: progress.now, events: progress.events, lastSeq: progress.lastSeq)
    // Cut to the screen's width: a wrapped progress line could not be redrawn in place.
    let fitted = String(text.prefix(max(Terminal.width - 1, 10)))
    Self.draw("\r\u{1B}[K" + fitted)
  }

  /// Stops watching and erases the line if it was drawn.
  func clear() {
    LongRun.observer.withLock { $0 = nil }
    if drawn.withLock({ $0 }) != nil { Self.draw("\r\u{1B}[K") }
  }

  /// Straight to the terminal: nothing else is printed while a command runs.
  private static func draw(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
  }
}
