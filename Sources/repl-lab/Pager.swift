import ReplLab
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Output taller than the terminal goes through a pager, as psql does: `$PAGER`, or `less -FRX`
/// when PAGER is not set (-F: a screenful is printed and left at once; -R: escape codes pass; -X:
/// the screen is not cleared). An empty PAGER, `--no-pager` or `pager off` print straight away.
/// Only the REPL on a terminal pages; pipes and transcripts never do.
enum Pager {
  static let enabled = Atomic<Bool>(true)

  /// The pager to run, or nil for none.
  static var command: String? {
    guard enabled.load(ordering: .relaxed) else { return nil }
    guard let pager = FileSystem.environment("PAGER") else { return "less -FRX" }
    return pager.allSatisfy(\.isWhitespace) ? nil : pager
  }

  /// Shows `text` (already fitted to the width), through the pager when it is taller than the
  /// screen; false when it was not paged and the caller prints it.
  static func show(_ text: String) -> Bool {
    guard isatty(STDOUT_FILENO) == 1, let command else { return false }
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return false }
    let lines = text.utf8.lazy.filter { $0 == UInt8(ascii: "\n") }.count + 1
    // The prompt takes a line too.
    guard lines >= Int(size.ws_row) else { return false }
    // Everything printed before goes first (nil: every stream, `stdout` included).
    fflush(nil)
    // A pager quit before the end closes the pipe: that must not end the lab.
    let previous = signal(SIGPIPE, SIG_IGN)
    defer { signal(SIGPIPE, previous) }
    guard let pipe = popen(command, "w") else { return false }
    fputs(text + "\n", pipe)
    pclose(pipe)
    return true
  }
}
