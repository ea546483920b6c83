@preconcurrency import CReadline
import ReplLab
import Synchronization

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// The interactive front end: GNU readline for line editing, history and Tab completion. It holds no
/// simulation logic; every line goes to the interpreter.
enum ReadlineREPL {
  /// The interpreter as of the prompt, for Tab: readline's callbacks are C functions and cannot
  /// capture it. (A copy is cheap: its cluster is copy-on-write.)
  static let completer = Mutex<Interpreter?>(nil)
  /// Candidates being handed to readline one by one by `generator`.
  static let pending = Mutex<(items: [String], next: Int)>(([], 0))
  /// Set by the SIGINT handler; the signal hook clears the line when it sees it.
  static let interrupted = Atomic<Bool>(false)

  /// Reads lines until Ctrl-D or `quit`. `greeting` replaces the banner (a lesson's first step).
  static func run(_ interpreter: inout Interpreter, greeting: String = Interpreter.banner) {
    // A person types here: the one front end whose files go where they say (see `Interpreter.Trust`).
    interpreter.trust = .interactive
    configureReadline()
    let historyPath = FileSystem.environment("HOME").map { FileSystem.join($0, ".repl_lab_history") }
    if let historyPath {
      // append_history only appends to a file that exists: create it on the first run.
      if read_history(historyPath) != 0 { _ = write_history(historyPath) }
    }
    stifle_history(1000)
    print(greeting)
    while true {
      completer.withLock { [interpreter] in $0 = interpreter }
      fflush(stdout)
      guard let raw = readline(interpreter.prompt) else {
        // Ctrl-D on an empty line.
        print("")
        break
      }
      let line = String(cString: raw)
      free(raw)
      if line.contains(where: { !$0.isWhitespace }) {
        add_history(line)
        if let historyPath { _ = append_history(1, historyPath) }
      }
      let reply = interpreter.execute(line)
      if !reply.output.isEmpty { print(reply.output) }
      if let error = reply.error { print("error: \(error)") }
      if reply.quit { break }
    }
    if let historyPath { _ = history_truncate_file(historyPath, 1000) }
  }

  static func configureReadline() {
    rl_readline_name = UnsafePointer(strdup("repl-lab"))
    // With stdout redirected, readline's redisplay codes would land in the output file.
    if isatty(STDOUT_FILENO) != 1 { rl_outstream = stderr }
    rl_attempted_completion_function = completeLine
    // Ctrl-C: readline must not install its own handlers; ours sets a flag and the hook clears the
    // line, so the REPL survives (without SA_RESTART, the read returns and readline calls the hook).
    rl_catch_signals = 0
    var action = sigaction()
    action.__sigaction_handler.sa_handler = onInterrupt
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    rl_signal_event_hook = afterSignal
  }
}

/// readline's completion entry point: the line up to the cursor decides what may come next. The
/// interpreter's completer reads it as the parser does (quotes and all), so `get "a b" from m`
/// completes the node, where splitting on spaces would count the key as two words.
/// (A C callback must be a global function: it cannot capture the interpreter.)
private func completeLine(
  _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  rl_attempted_completion_over = 1
  let buffer = rl_line_buffer.map { String(cString: $0) } ?? ""
  let line = String(decoding: buffer.utf8.prefix(Int(end)), as: UTF8.self)
  let candidates = ReadlineREPL.completer.withLock { $0?.completions(for: line) } ?? []
  if candidates.isEmpty { return nil }
  ReadlineREPL.pending.withLock { $0 = (candidates, 0) }
  return rl_completion_matches(text, completionCandidate)
}

/// Hands readline one candidate per call, `strdup`ed: readline frees them.
private func completionCandidate(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
  ReadlineREPL.pending.withLock { pending in
    guard pending.next < pending.items.count else { return nil }
    defer { pending.next += 1 }
    return strdup(pending.items[pending.next])
  }
}

/// SIGINT: only set a flag; the signal hook does the readline work outside the handler.
private func onInterrupt(_ signal: Int32) {
  ReadlineREPL.interrupted.store(true, ordering: .relaxed)
}

/// Called by readline when a read is interrupted by a signal: Ctrl-C clears the line.
private func afterSignal() -> Int32 {
  if ReadlineREPL.interrupted.exchange(false, ordering: .relaxed) {
    rl_replace_line("", 0)
    rl_crlf()
    rl_on_new_line()
    rl_redisplay()
  }
  return 0
}
