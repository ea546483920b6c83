import ReplLab

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Commands from a pipe or file: the same interpreter, no prompts, no escape codes (unless
/// `--color always`). Lines are read
/// as they come and output leaves in large writes, flushed whenever more input must be waited for.
///
/// A line that is not a valid command, or an `expect` that does not hold, makes the run fail once
/// it ends (`BatchOutcome`); with `bail` it ends there.
enum PipedInput {
  static func run(_ interpreter: inout Interpreter, bail: Bool = false) -> BatchOutcome {
    var reader = LineReader(descriptor: STDIN_FILENO)
    let out = OutputBuffer()
    return run(&interpreter, bail: bail, place: "<stdin>", out: out) { reader.next(beforeWaiting: { out.flush() }) }
  }

  /// `repl-lab -c 'set x 1; lag'`: the commands separated by `;` (outside double quotes), run as
  /// piped lines are; errors name their place as `-c:N`.
  static func run(_ interpreter: inout Interpreter, commands: String, bail: Bool = false) -> BatchOutcome {
    var parts = statements(commands)[...]
    return run(&interpreter, bail: bail, place: "-c", out: OutputBuffer()) { parts.popFirst().map { .text($0) } }
  }

  /// `text` split at each `;` outside double quotes.
  static func statements(_ text: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var quoted = false
    for ch in text {
      if ch == "\"" { quoted.toggle() }
      if ch == ";" && !quoted {
        parts.append(current)
        current = ""
      } else {
        current.append(ch)
      }
    }
    parts.append(current)
    return parts.filter { !Parser.trim($0).isEmpty }
  }

  private static func run(
    _ interpreter: inout Interpreter, bail: Bool, place: String, out: OutputBuffer,
    next: () -> LineReader.Line?
  ) -> BatchOutcome {
    var outcome = BatchOutcome()
    var number = 0
    while let next = next() {
      number += 1
      let reply: Reply
      var isExpect = false
      switch next {
      case .text(let line):
        reply = interpreter.execute(line)
        isExpect = reply.error != nil && Parser.trim(line).split(separator: " ").first?.lowercased() == "expect"
      case .tooLong(let bytes): reply = Reply(error: Tokenizer.lineTooLong(bytes: bytes).text, invalidLine: true)
      }
      // Not a terminal: the transcripts' width, whatever the terminal around the pipe.
      if !reply.output.isEmpty { out.line(Colour.render(TextWrap.wrap(reply.output, width: TextWrap.transcriptWidth))) }
      if let error = reply.error {
        out.line(Colour.render(TextWrap.wrap(Explain.errorLine(error), width: TextWrap.transcriptWidth)))
        let located = "\(place):\(number): \(error)"
        if BatchOutcome.copiesErrors {
          out.flush()
          BatchOutcome.copy(located)
        }
        if reply.failedExpectation || isExpect {
          outcome.failedExpectations.append(located)
        } else if reply.invalidLine {
          outcome.invalidLines.append(located)
        }
      }
      if reply.quit || StandardOutput.failed || (bail && outcome.failed) { break }
    }
    out.flush()
    return outcome
  }
}
