import ReplLab

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Commands from a pipe or file: the same interpreter, no prompts, no escape codes. Lines are read
/// as they come and output leaves in large writes, flushed whenever more input must be waited for.
enum PipedInput {
  static func run(_ interpreter: inout Interpreter) {
    var reader = LineReader(descriptor: STDIN_FILENO)
    let out = OutputBuffer()
    while let next = reader.next(beforeWaiting: { out.flush() }) {
      let reply: Reply
      switch next {
      case .text(let line): reply = interpreter.execute(line)
      case .tooLong(let bytes): reply = Reply(error: Tokenizer.lineTooLong(bytes: bytes).text)
      }
      if !reply.output.isEmpty { out.line(reply.output) }
      if let error = reply.error { out.line("error: \(error)") }
      if reply.quit || StandardOutput.failed { break }
    }
    out.flush()
  }
}
