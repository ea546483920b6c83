import Foundation
import Glibc

/// Drives an interactive program through a real pseudo-terminal, the way a person at a terminal would.
///
/// Why a pty and not pipes: GNU readline only edits lines (Tab completion, history, Ctrl-C handling)
/// when stdin is a terminal; on a pipe it degrades to plain `read`. And Ctrl-C only becomes SIGINT
/// when the byte 0x03 passes through a terminal's line discipline that is the child's *controlling*
/// terminal. So the child is started as a session leader whose stdin/stdout/stderr and controlling
/// terminal are the pty slave, while this object holds the master end.
///
/// Usage pattern: `send` keystrokes, then `expect` text. Output is consumed in order: each successful
/// `expect` returns everything up to and including its needle, and later expectations only look at
/// what came after. Always wait for the prompt before typing the next line (see `send`).
///
/// Not thread-safe: use one instance from one task.
public final class PseudoTerminal {
  /// Keystrokes as a terminal sends them. Readline reads the raw bytes, so these are exactly what a
  /// real keyboard produces with TERM=xterm (normal cursor-key mode).
  public enum Key {
    public static let tab = "\t"
    /// A terminal's Return key sends CR, not LF. Readline accepts either, but CR is what it sees live.
    public static let enter = "\r"
    public static let ctrlA = "\u{01}"
    /// Interrupt: the line discipline turns it into SIGINT for the foreground process group.
    /// Send it with `interrupt()`, which first waits until the program is ready for it.
    public static let ctrlC = "\u{03}"
    /// End of file on an empty readline line; "delete character" on a non-empty one.
    public static let ctrlD = "\u{04}"
    public static let ctrlE = "\u{05}"
    public static let ctrlK = "\u{0B}"
    public static let ctrlL = "\u{0C}"
    public static let ctrlR = "\u{12}"
    /// Kills the line before the cursor (readline's unix-line-discard).
    public static let ctrlU = "\u{15}"
    public static let ctrlW = "\u{17}"
    public static let escape = "\u{1B}"
    public static let backspace = "\u{7F}"
    public static let up = "\u{1B}[A"
    public static let down = "\u{1B}[B"
    public static let right = "\u{1B}[C"
    public static let left = "\u{1B}[D"
    public static let home = "\u{1B}[H"
    public static let end = "\u{1B}[F"
  }

  /// Failures carry what the program actually printed, so a failing test shows the screen, not just
  /// "timed out".
  public enum Failure: Error, CustomStringConvertible {
    case system(call: String, errno: Int32)
    case timeout(needle: String, seen: String)
    case endOfFile(needle: String, seen: String)
    case exitTimeout(seen: String)
    case notWaitingForInput(reason: String, seen: String)

    public var description: String {
      switch self {
      case .system(let call, let code):
        return "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
      case .timeout(let needle, let seen):
        return "timed out waiting for \(needle.debugDescription); output since last match "
          + "(escapes stripped): \(Failure.readable(seen))"
      case .endOfFile(let needle, let seen):
        return "program closed the terminal before printing \(needle.debugDescription); output since "
          + "last match (escapes stripped): \(Failure.readable(seen))"
      case .exitTimeout(let seen):
        return "program did not exit in time; unread output (escapes stripped): "
          + Failure.readable(seen)
      case .notWaitingForInput(let reason, let seen):
        return "program is not waiting for input (\(reason)); unread output (escapes stripped): "
          + Failure.readable(seen)
      }
    }

    /// Shows control characters such as \r visibly, and keeps only the tail so huge outputs stay
    /// legible.
    private static func readable(_ raw: String) -> String {
      let plain = PseudoTerminal.stripEscapes(raw)
      let tail = plain.count > 2000 ? "…" + String(plain.suffix(2000)) : plain
      return tail.debugDescription
    }
  }

  /// The child's process id, which is also its session and process-group id (started with setsid).
  public let pid: pid_t
  /// The HOME the child was given. Readline and Python keep history files there, so it must never be
  /// the real home: tests would read a developer's history and leave files behind.
  public let home: String

  private let master: Int32
  /// Every byte read from the master; `transcript` decodes it lazily so split UTF-8 never garbles it.
  private var raw: [UInt8] = []
  /// Bytes read but not yet consumed by a successful `expect`.
  private var pending: [UInt8] = []
  private var reachedEOF = false
  private var exitStatus: Int32?
  private var sendError: Int32?
  private let ownsHome: Bool

  /// Everything the program has written so far, raw (escape sequences, CR LF and echo included).
  public var transcript: String { String(decoding: raw, as: UTF8.self) }

  /// Starts `executable` on a fresh pseudo-terminal of `columns`×`rows`.
  ///
  /// The child gets exactly `environment` (the test process's environment is not inherited, so a
  /// developer's shell settings cannot change results), plus these defaults where a key is missing:
  /// - `TERM=xterm`: readline behaves as for a user at a real terminal (terminfo for it is in
  ///   Debian's required ncurses-base). Cost: it switches bracketed-paste mode on around every line,
  ///   "\e[?2004h" before the prompt and "\e[?2004l\r" after Enter; `stripEscapes` removes them.
  ///   TERM=dumb avoids those, and Tab and Up still work, but readline then scrolls long lines
  ///   sideways ("<" + tail of the line) instead of echoing them, and lays out completion lists for
  ///   another width: tests would check output no user sees.
  /// - `HOME`: a new empty temporary directory, deleted when this object goes away.
  /// - `INPUTRC=/dev/null`: ignore /etc/inputrc and ~/.inputrc so key bindings are readline's
  ///   defaults on every machine.
  /// - `PATH`, `LANG`: copied from the test process, so helpers and UTF-8 work.
  /// - `NO_COLOR=1`: tests read the words; a colour test passes `NO_COLOR: ""` (empty means unset).
  ///
  /// An `executable` without a slash is looked up in the test process's PATH.
  public init(
    executable: String, arguments: [String], environment: [String: String],
    columns: Int = 100, rows: Int = 30
  ) throws {
    var env = environment
    let inherited = ProcessInfo.processInfo.environment
    var createdHome: String?
    if env["HOME"] == nil {
      let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("pty-home-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
      env["HOME"] = dir
      createdHome = dir
    }
    if env["TERM"] == nil { env["TERM"] = "xterm" }
    if env["INPUTRC"] == nil { env["INPUTRC"] = "/dev/null" }
    if env["NO_COLOR"] == nil { env["NO_COLOR"] = "1" }
    if env["PATH"] == nil { env["PATH"] = inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin" }
    if env["LANG"] == nil, let lang = inherited["LANG"] { env["LANG"] = lang }

    /// Cleans up whatever was made before a failure, since deinit does not run for a failed init.
    func fail(_ call: String, _ code: Int32, closing fds: [Int32]) -> Failure {
      for fd in fds { close(fd) }
      if let createdHome { try? FileManager.default.removeItem(atPath: createdHome) }
      return .system(call: call, errno: code)
    }

    // openpty does posix_openpt + grantpt + unlockpt + ptsname, none of which Swift's Glibc module
    // imports (they need _XOPEN_SOURCE). It also opens the slave, which we hold until the spawn.
    var masterFD: Int32 = -1
    var slaveFD: Int32 = -1
    var nameBuffer = [CChar](repeating: 0, count: Int(PATH_MAX))
    guard openpty(&masterFD, &slaveFD, &nameBuffer, nil, nil) == 0 else {
      throw fail("openpty", errno, closing: [])
    }
    let slavePath = String(
      decoding: nameBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    // Keep our ends out of every child (ours and any other test's spawned in parallel).
    _ = fcntl(masterFD, F_SETFD, FD_CLOEXEC)
    _ = fcntl(slaveFD, F_SETFD, FD_CLOEXEC)
    // Size first, so even the child's first TIOCGWINSZ sees it: readline wraps lines and lays out
    // completion lists by it, and a fresh pty reports 0x0, which leaves programs guessing.
    var size = winsize(
      ws_row: UInt16(clamping: rows), ws_col: UInt16(clamping: columns), ws_xpixel: 0, ws_ypixel: 0)
    guard ioctl(masterFD, UInt(TIOCSWINSZ), &size) == 0 else {
      throw fail("ioctl(TIOCSWINSZ)", errno, closing: [masterFD, slaveFD])
    }

    // NOFLSH: by default the kernel, on Ctrl-C, sends SIGINT and only then flushes the input queue.
    // Under load (3 parallel test runs, CPUs busy) that lost a Ctrl-C in about one run in a hundred,
    // even after `interrupt`'s wait: the program's select() woke up reporting input that the flush
    // then removed, readline went on to wait for a key, and the SIGINT was already spent. None lost
    // in 540 such runs with NOFLSH. With tests waiting (`interrupt`) until the program has read
    // everything, the flush has nothing to discard anyway. Readline keeps this flag as it finds it.
    var modes = termios()
    guard tcgetattr(slaveFD, &modes) == 0 else {
      throw fail("tcgetattr", errno, closing: [masterFD, slaveFD])
    }
    modes.c_lflag |= tcflag_t(NOFLSH)
    guard tcsetattr(slaveFD, TCSANOW, &modes) == 0 else {
      throw fail("tcsetattr", errno, closing: [masterFD, slaveFD])
    }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // SETSID: a new session without a controlling terminal, so the slave opened below becomes one.
    // SETSIGDEF/SETSIGMASK: ignored signals and blocked masks survive exec; a test runner started
    // from a non-interactive shell may ignore SIGINT, which would silently make Ctrl-C do nothing.
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    let flags =
      PseudoTerminal.spawnSetSID | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
    posix_spawnattr_setflags(&attributes, Int16(flags))

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // Opened by path, without O_NOCTTY, after setsid: the kernel makes it the controlling terminal.
    // A dup2 of our slave fd would not, and Ctrl-C would then never become SIGINT.
    posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    // Fds the test process opened without CLOEXEC (pipes of other tests, say) must not leak into the
    // child, or those tests would never see EOF.
    PseudoTerminal.addCloseFrom(&actions, 3)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var child: pid_t = 0
    let result =
      executable.contains("/")
      ? posix_spawn(&child, executable, &actions, &attributes, argv, envp)
      : posix_spawnp(&child, executable, &actions, &attributes, argv, envp)
    // posix_spawn returns after the child has exec'd (glibc waits), so the child holds the slave now;
    // dropping ours means the master reads EOF exactly when the child side is gone.
    close(slaveFD)
    guard result == 0 else { throw fail("posix_spawn(\(executable))", result, closing: [masterFD]) }

    // Non-blocking, so a read after poll can never hang the test.
    _ = fcntl(masterFD, F_SETFL, fcntl(masterFD, F_GETFL) | O_NONBLOCK)
    self.master = masterFD
    self.pid = child
    self.home = env["HOME"]!
    self.ownsHome = createdHome != nil
  }

  deinit {
    if exitStatus == nil {
      // The child leads its own process group; kill the group so grandchildren go too.
      kill(-pid, SIGKILL)
      kill(pid, SIGKILL)
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
    close(master)
    if ownsHome { try? FileManager.default.removeItem(atPath: home) }
  }

  /// Types `text`. Keys are plain bytes, so combine freely: `send("1+1" + Key.enter)`.
  ///
  /// Wait for the prompt (`expect`) before sending the next line. Text that arrives while the program
  /// is not inside readline is echoed by the kernel (cooked mode) and then again by readline when it
  /// reads the typeahead, so it shows up twice; and a Ctrl-C that arrives early flushes unread input.
  /// Write errors (the child has gone) are not thrown here; the next `expect` reports them.
  public func send(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
      if written > 0 {
        bytes = bytes.dropFirst(written)
      } else if written < 0 && (errno == EAGAIN || errno == EINTR) {
        // The terminal's input queue is full until the child reads; wait for room, briefly.
        var fds = pollfd(fd: master, events: Int16(POLLOUT), revents: 0)
        if poll(&fds, 1, 5000) == 0 {
          sendError = EAGAIN
          return
        }
      } else {
        sendError = errno
        return
      }
    }
  }

  /// Presses Ctrl-C once the program is waiting for input (see `waitUntilBlockedOnInput`), which is
  /// the only moment its SIGINT handling is sure to see it. Prefer this to `send(Key.ctrlC)`.
  public func interrupt(timeout: Double = 5) throws {
    try waitUntilBlockedOnInput(timeout: timeout)
    send(Key.ctrlC)
  }

  /// Waits until the output since the last successful `expect` contains `needle`; returns that output
  /// up to and including the needle (raw: escape sequences and "\r\n" included) and keeps the rest.
  ///
  /// Readline echoes what you type, so a needle that also occurs in the typed command matches the
  /// echo. Pick needles that only the program's output contains (e.g. `print(6*7)` → expect "42").
  @discardableResult
  public func expect(_ needle: String, timeout: Double = 5) throws -> String {
    let wanted = Array(needle.utf8)
    let deadline = ContinuousClock.now + .seconds(timeout)
    while true {
      if let range = pending.firstRange(of: wanted) {
        let matched = String(decoding: pending[..<range.upperBound], as: UTF8.self)
        pending.removeFirst(range.upperBound)
        return matched
      }
      let seen = String(decoding: pending, as: UTF8.self)
      if let code = sendError {
        throw Failure.system(
          call: "write to terminal (while expecting \(needle.debugDescription), "
            + "seen \(PseudoTerminal.stripEscapes(seen).debugDescription))", errno: code)
      }
      if reachedEOF { throw Failure.endOfFile(needle: needle, seen: seen) }
      let remaining = PseudoTerminal.milliseconds(until: deadline)
      if remaining <= 0 { throw Failure.timeout(needle: needle, seen: seen) }
      readAvailable(waitingUpTo: remaining)
    }
  }

  /// Reads output until the child exits and returns its exit code (128 + signal number if a signal
  /// killed it, like a shell's `$?`). Output read meanwhile stays available to `expect`/`transcript`.
  public func waitForExit(timeout: Double = 5) throws -> Int32 {
    if let exitStatus { return exitStatus }
    let deadline = ContinuousClock.now + .seconds(timeout)
    while true {
      if let code = try reapIfExited() {
        // Whatever the child wrote before exiting is still queued in the master; collect it.
        while !reachedEOF && readAvailable(waitingUpTo: 0) {}
        return code
      }
      let remaining = PseudoTerminal.milliseconds(until: deadline)
      if remaining <= 0 { throw Failure.exitTimeout(seen: String(decoding: pending, as: UTF8.self)) }
      if reachedEOF {
        // Terminal closed but the process not yet reaped (or a grandchild kept it): check again soon.
        usleep(2_000)
      } else {
        // Exit is not pollable here, so wake at least every 20 ms to ask waitpid.
        readAvailable(waitingUpTo: min(remaining, 20))
      }
    }
  }

  /// Waits until the child's main thread is asleep in a syscall that waits for input (read, select,
  /// poll and their variants), i.e. it has consumed everything typed so far and sits at its prompt.
  ///
  /// `interrupt` uses it before Ctrl-C. Seeing the prompt or echo is not enough: the program writes
  /// those *before* it goes back to waiting, and a SIGINT landing in that gap is handled late or never
  /// (Python 3.11's readline loop loses it outright: it checks for signals only when its select()
  /// is interrupted). Measured here: about one Ctrl-C in five lost on `python3 -q` without this
  /// wait, none in thousands with it.
  ///
  /// Reads `/proc/PID/syscall` (Linux; needs ptrace-read access to the child, which a parent has
  /// unless Yama's ptrace_scope is 2+). Without it, falls back to "process state is S (sleeping)".
  /// That file shows the main thread only: right for a REPL that calls readline on the main thread.
  public func waitUntilBlockedOnInput(timeout: Double = 5) throws {
    let deadline = ContinuousClock.now + .seconds(timeout)
    while true {
      if let code = try reapIfExited() {
        throw Failure.notWaitingForInput(
          reason: "it exited with status \(code)", seen: String(decoding: pending, as: UTF8.self))
      }
      if PseudoTerminal.isBlockedOnInput(pid) { return }
      let remaining = PseudoTerminal.milliseconds(until: deadline)
      if remaining <= 0 {
        throw Failure.notWaitingForInput(
          reason: "still busy after \(timeout) s", seen: String(decoding: pending, as: UTF8.self))
      }
      // Keep draining output meanwhile (a child blocked writing to a full terminal never reads);
      // without output this is a 2 ms pause between checks.
      if reachedEOF { usleep(2_000) } else { readAvailable(waitingUpTo: min(remaining, 2)) }
    }
  }

  /// Removes terminal control sequences so assertions can compare plain text: CSI (colours, cursor
  /// moves, "\e[K", bracketed-paste mode "\e[?2004h"/"\e[?2004l", paste markers "\e[200~"/"\e[201~"),
  /// OSC (window titles), DCS/APC strings, two-byte escapes such as "\e=" and "\e(B", and BEL (the
  /// bell readline rings on an ambiguous Tab). Keeps "\r", "\n", "\t" and backspaces, which carry
  /// line structure.
  public static func stripEscapes(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    var scalars = s.unicodeScalars.makeIterator()
    while let c = scalars.next() {
      switch c {
      case "\u{1B}":
        guard let kind = scalars.next() else { break }
        switch kind {
        case "[":
          // Parameters and intermediates (0x20–0x3F) up to a final byte (0x40–0x7E).
          while let b = scalars.next(), !(0x40...0x7E).contains(b.value) {}
        case "]", "P", "X", "^", "_":
          // String sequences end with BEL (OSC only) or ST (ESC \).
          var previous: Unicode.Scalar = " "
          while let b = scalars.next() {
            if b == "\u{07}" || (previous == "\u{1B}" && b == "\\") { break }
            previous = b
          }
        case " "..."/":
          // ESC, intermediate(s), final: e.g. "\e(B" (select character set).
          while let b = scalars.next(), (0x20...0x2F).contains(b.value) {}
        default:
          break  // Two-byte escape such as "\e=", "\e>", "\e7", "\e8", "\eM".
        }
      case "\u{9B}":
        while let b = scalars.next(), !(0x40...0x7E).contains(b.value) {}
      case "\u{07}":
        break
      default:
        out.append(c)
      }
    }
    return String(out)
  }

  // MARK: - Internals

  /// Glibc hides POSIX_SPAWN_SETSID behind _GNU_SOURCE, which Swift's Glibc module does not define.
  private static let spawnSetSID: Int32 = 0x80

  /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+) is also GNU-only, so look it up at run
  /// time; on an older glibc the child merely inherits stray non-CLOEXEC fds.
  private static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) {
    typealias AddCloseFrom =
      @convention(c) (
        UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32
      ) -> Int32
    guard let handle = dlopen(nil, RTLD_NOW),
      let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np")
    else { return }
    _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, lowest)
  }

  #if arch(arm64)
    /// aarch64 numbers of epoll_pwait, read, pselect6, ppoll, epoll_pwait2.
    private static let inputWaitSyscalls: Set<Int> = [22, 63, 72, 73, 441]
  #else
    /// x86_64 numbers of read, poll, select, epoll_wait, pselect6, ppoll, epoll_pwait, epoll_pwait2.
    private static let inputWaitSyscalls: Set<Int> = [0, 7, 23, 232, 270, 271, 281, 441]
  #endif

  /// Collects the child's exit status if it has exited; nil while it runs. Reaping only here keeps
  /// `exitStatus` the single record of it, so deinit never signals a recycled pid.
  private func reapIfExited() throws -> Int32? {
    if let exitStatus { return exitStatus }
    var status: Int32 = 0
    switch waitpid(pid, &status, WNOHANG) {
    case pid:
      let code = PseudoTerminal.decode(status)
      exitStatus = code
      return code
    case -1 where errno != EINTR:
      throw Failure.system(call: "waitpid", errno: errno)
    default:
      return nil
    }
  }

  private static func isBlockedOnInput(_ pid: pid_t) -> Bool {
    // "270 0x1 0x7ffc… …" while blocked in pselect6; "running" or "-1 …" otherwise.
    if let line = try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8) {
      guard let number = line.split(separator: " ").first.flatMap({ Int($0) }) else { return false }
      return inputWaitSyscalls.contains(number)
    }
    // "PID (comm) S …": the state follows the last ")" since comm may contain spaces or parentheses.
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return false }
    return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("S")
  }

  /// Reads whatever is available, waiting up to `milliseconds` for the first byte.
  /// Returns whether anything was read.
  @discardableResult
  private func readAvailable(waitingUpTo milliseconds: Int32) -> Bool {
    var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    let ready = poll(&fds, 1, max(milliseconds, 0))
    guard ready > 0 else { return false }
    var readAny = false
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
      if count > 0 {
        raw.append(contentsOf: buffer[..<count])
        pending.append(contentsOf: buffer[..<count])
        readAny = true
      } else if count < 0 && errno == EINTR {
        continue
      } else if count < 0 && errno == EAGAIN {
        return readAny
      } else {
        // Linux reports "every slave fd closed" as EIO on the master, after the last queued byte.
        reachedEOF = true
        return readAny
      }
    }
  }

  private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
    let left = deadline - ContinuousClock.now
    let ms = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
    return Int32(clamping: max(ms, 0))
  }

  /// WIFEXITED/WEXITSTATUS are C macros Swift cannot import.
  private static func decode(_ status: Int32) -> Int32 {
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
  }
}
