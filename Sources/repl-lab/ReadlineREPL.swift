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
  /// The exit status a SIGHUP, SIGTERM or Ctrl-\ (SIGQUIT) asked to leave with; 0 while none did.
  static let leaving = Atomic<Int32>(0)
  /// Set by SIGCONT: after Ctrl-Z and `fg` the prompt and the line are drawn again.
  static let continued = Atomic<Bool>(false)
  /// What a paste of several lines left to do (see `pasteBegin`): its complete lines, run one by
  /// one after the first as if typed at the prompt, and its unfinished last line, put at the next
  /// prompt for the learner to finish.
  static let pasted = Mutex<(lines: [String], unfinished: String)>(([], ""))

  /// Reads lines until Ctrl-D or `quit`. `greeting` replaces the banner (a lesson's first step).
  static func run(_ interpreter: inout Interpreter, greeting: String = Interpreter.banner) {
    // A person types here: the one front end whose files go where they say (see `Interpreter.Trust`).
    interpreter.trust = .interactive
    configureReadline()
    let historyPath = FileSystem.environment("HOME").map { FileSystem.join($0, ".repl_lab_history") }
    if let historyPath {
      // append_history only appends to a file that exists: create it on the first run.
      if read_history(historyPath) != 0 { _ = write_history(historyPath) }
      // Bounded from the start: a session that ends without reaching the exit trim (a closed
      // terminal, a kill) must not leave the file to grow for ever.
      _ = history_truncate_file(historyPath, historyLimit)
    }
    stifle_history(historyLimit)
    Terminal.print(greeting)
    while true {
      completer.withLock { [interpreter] in $0 = interpreter }
      // A Ctrl-C that stopped the last command is spent.
      interrupted.store(false, ordering: .relaxed)
      fflush(stdout)
      guard let raw = readline(Styled.render(interpreter.prompt, colour: Colour.enabled, prompt: true)) else {
        // Ctrl-D on an empty line.
        print("")
        break
      }
      let line = String(cString: raw)
      free(raw)
      if !perform(line, on: &interpreter, historyPath: historyPath) { break }
      if leaving.load(ordering: .relaxed) != 0 { break }
      // The rest of a pasted block, in order, each line shown behind its prompt as if typed.
      var quit = false
      while !quit, let next = pasted.withLock({ $0.lines.isEmpty ? nil : $0.lines.removeFirst() }) {
        if interrupted.exchange(false, ordering: .relaxed) {
          let left = pasted.withLock { p in
            defer { p = ([], "") }
            return p.lines.count + 1
          }
          echo("^C: \(left) pasted line\(left == 1 ? "" : "s") not run")
          break
        }
        echo(Colour.render(interpreter.prompt) + next)
        quit = !perform(next, on: &interpreter, historyPath: historyPath)
      }
      if quit { break }
    }
    if let historyPath { _ = history_truncate_file(historyPath, historyLimit) }
    let signalled = leaving.load(ordering: .relaxed)
    if signalled > 0 { exit(signalled) }
  }

  /// Lines kept in `~/.repl_lab_history`.
  static let historyLimit: Int32 = 1000

  /// Runs one line, records it in the history, prints its reply; false when the learner asked to leave.
  static func perform(_ line: String, on interpreter: inout Interpreter, historyPath: String?) -> Bool {
    if line.contains(where: { !$0.isWhitespace }) {
      add_history(line)
      if let historyPath { _ = append_history(1, historyPath) }
    }
    let progress = ProgressLine.show()
    let reply = interpreter.execute(line)
    progress?.clear()
    if reply.clearScreen { rl_clear_screen(0, 0) }
    if let on = reply.pager { Pager.enabled.store(on, ordering: .relaxed) }
    if !reply.output.isEmpty {
      let fitted = Colour.render(TextWrap.wrap(reply.output, width: Terminal.width))
      if !Pager.show(fitted) { print(fitted) }
    }
    if let error = reply.error { Terminal.print(Explain.errorLine(error)) }
    return !reply.quit
  }

  /// Writes `text` where readline shows what is typed (standard error when standard output is
  /// not a terminal), so a pasted line run after the first looks as if it had been typed.
  static func echo(_ text: String) {
    fflush(stdout)
    fputs(text + "\n", rl_outstream ?? stdout)
    fflush(rl_outstream ?? stdout)
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
    // Leaving by signal is quiet (no crash report for Ctrl-\): the handler only sets a flag, and
    // the REPL leaves at the prompt, or once the running command stops at its next event.
    action.__sigaction_handler.sa_handler = onLeave
    for signal in [SIGHUP, SIGTERM, SIGQUIT] { sigaction(signal, &action, nil) }
    action.__sigaction_handler.sa_handler = onContinue
    sigaction(SIGCONT, &action, nil)
    rl_signal_event_hook = afterSignal
    // A paste of several lines runs them one by one (readline's own bracketed paste would put them
    // all in one line). Bound after initialising, which binds readline's default to the same keys.
    rl_initialize()
    rl_bind_keyseq("\\e[200~", pasteBegin)
    rl_startup_hook = insertUnfinishedPaste
  }

  /// How pasted `text` is run: its first complete line at once, the other complete lines after it,
  /// and an unfinished last line left at the prompt. Blank lines are skipped (in a lesson a blank
  /// line would run the next step); nil when the paste holds no line break, to be inserted as typed.
  static func splitPaste(_ text: String) -> (first: String, rest: [String], unfinished: String)? {
    let normalized = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
    guard normalized.contains("\n") else { return nil }
    var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let unfinished = lines.removeLast()
    lines.removeAll { !$0.contains(where: { !$0.isWhitespace }) }
    guard !lines.isEmpty else { return ("", [], unfinished) }
    return (lines[0], Array(lines.dropFirst()), unfinished)
  }
}

/// Bound to the start of a bracketed paste ("\e[200~", sent by the terminal before pasted text):
/// reads the pasted text up to its end marker. Text without a line break is inserted as readline
/// would; text with line breaks accepts its first line at once (after whatever was typed before
/// it) and queues the rest for `ReadlineREPL.run`.
private func pasteBegin(_ count: Int32, _ key: Int32) -> Int32 {
  let end = Array("\u{1B}[201~".utf8)
  var bytes: [UInt8] = []
  while !bytes.reversed().starts(with: end.reversed()) {
    let c = rl_read_key()
    if c < 0 { break }
    bytes.append(UInt8(truncatingIfNeeded: c))
  }
  if bytes.reversed().starts(with: end.reversed()) { bytes.removeLast(end.count) }
  let text = String(decoding: bytes, as: UTF8.self)
  guard let (first, rest, unfinished) = ReadlineREPL.splitPaste(text) else {
    rl_insert_text(text)
    return 0
  }
  if first.isEmpty {
    // Only blank lines before the last: nothing to run.
    rl_insert_text(unfinished)
    return 0
  }
  ReadlineREPL.pasted.withLock { $0 = (rest, unfinished) }
  rl_insert_text(first)
  rl_redisplay()
  return rl_newline(1, 10)
}

/// readline's start-up hook, before each prompt: puts the unfinished last line of a paste on it
/// once the paste's complete lines have run.
private func insertUnfinishedPaste() -> Int32 {
  let text = ReadlineREPL.pasted.withLock { p -> String? in
    guard p.lines.isEmpty, !p.unfinished.isEmpty else { return nil }
    defer { p.unfinished = "" }
    return p.unfinished
  }
  if let text { rl_insert_text(text) }
  return 0
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

/// SIGINT: only set flags. At the prompt the signal hook does the readline work outside the
/// handler; during a command the simulation stops at its next event boundary (`LongRun`).
private func onInterrupt(_ signal: Int32) {
  ReadlineREPL.interrupted.store(true, ordering: .relaxed)
  LongRun.stopRequested.store(true, ordering: .relaxed)
}

/// SIGHUP, SIGTERM, SIGQUIT: leave (129 or 143 for a hang-up or kill, 0 for Ctrl-\).
private func onLeave(_ signal: Int32) {
  ReadlineREPL.leaving.store(signal == SIGQUIT ? -1 : 128 + signal, ordering: .relaxed)
  LongRun.stopRequested.store(true, ordering: .relaxed)
}

/// SIGCONT, after Ctrl-Z and `fg`.
private func onContinue(_ signal: Int32) {
  ReadlineREPL.continued.store(true, ordering: .relaxed)
}

/// Called by readline when a read is interrupted by a signal: Ctrl-C clears the line; a signal to
/// leave leaves, with the terminal as it was; after `fg` the prompt is drawn again.
private func afterSignal() -> Int32 {
  let leaving = ReadlineREPL.leaving.load(ordering: .relaxed)
  if leaving != 0 {
    rl_cleanup_after_signal()
    print("")
    exit(leaving < 0 ? 0 : leaving)
  }
  if ReadlineREPL.continued.exchange(false, ordering: .relaxed) {
    // The shell gave the terminal back in its own modes: set readline's up again, then redraw.
    rl_cleanup_after_signal()
    rl_reset_after_signal()
    rl_forced_update_display()
  }
  if ReadlineREPL.interrupted.exchange(false, ordering: .relaxed) {
    rl_replace_line("", 0)
    rl_crlf()
    rl_on_new_line()
    rl_redisplay()
  }
  return 0
}
