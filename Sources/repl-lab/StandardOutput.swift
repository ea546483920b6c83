import Synchronization

#if canImport(Glibc)
  @preconcurrency import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Output that could not be written is never lost in silence: the first error writing standard
/// output (a full disk, a closed descriptor) is kept, reported once on standard error when the
/// program ends, and the exit status says so (`ExitStatus.io`). A reader that went away, as `| head`
/// does, ends the program quietly, as SIGPIPE would.
enum StandardOutput {
  /// The errno of the first failed write, 0 while none failed.
  private static let failure = Atomic<Int32>(0)

  static var failed: Bool { failure.load(ordering: .relaxed) != 0 }

  /// Called first thing: watches what every front end prints, `print`, `OutputBuffer` and the
  /// argument parser's help alike.
  static func watch() {
    // With standard output closed (`>&-`), the next file opened would take descriptor 1 and receive
    // the output. Hold the number with a descriptor no write can succeed on.
    if fcntl(STDOUT_FILENO, F_GETFD) == -1 && errno == EBADF {
      let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
      if fd >= 0 && fd != STDOUT_FILENO {
        dup2(fd, STDOUT_FILENO)
        close(fd)
      }
    }
    atexit { StandardOutput.atExit() }
  }

  /// A write to standard output failed with `code`.
  static func record(_ code: Int32) {
    if code == EPIPE { readerLeft() }
    _ = failure.compareExchange(expected: 0, desired: code == 0 ? EIO : code, ordering: .relaxed)
  }

  /// The reader closed the pipe: stop now, quietly, as the default SIGPIPE would have.
  static func readerLeft() -> Never {
    signal(SIGPIPE, SIG_DFL)
    raise(SIGPIPE)
    _exit(128 + SIGPIPE)
  }

  /// At exit: flush what `print` left in the C library's buffer, and report a failure once.
  private static func atExit() {
    OutputBuffer.flushCStream(checkingErrors: true)
    let code = failure.load(ordering: .relaxed)
    guard code != 0 else { return }
    var standardError = StandardError()
    print(
      "repl-lab: cannot write standard output: \(String(cString: strerror(code))); the output is incomplete",
      to: &standardError)
    _exit(ExitStatus.io)
  }
}

/// The exit statuses `repl-lab` uses (the README lists them).
enum ExitStatus {
  /// A lesson failed `check`, or an `expect` did not hold.
  static let failed: Int32 = 1
  /// A line of a script (`run`, piped input) is not a valid command (`EX_DATAERR`).
  static let invalidLine: Int32 = 65
  /// The command line was wrong (the argument parser's own status, with its usage banner).
  static let usage: Int32 = 64
  /// A file could not be read or written, or standard output could not be written (`EX_IOERR`).
  static let io: Int32 = 74
}
