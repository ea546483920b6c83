import ReplLab

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Commands from a pipe or file: the same interpreter, no prompts, no escape codes.
enum PipedInput {
  static func run(_ interpreter: inout Interpreter) {
    let text = readAllStandardInput()
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    for line in lines {
      let reply = interpreter.execute(String(line))
      if !reply.output.isEmpty { print(reply.output) }
      if let error = reply.error { print("error: \(error)") }
      if reply.quit { break }
    }
  }

  /// Reads all of standard input at once: line-at-a-time reading costs several times more.
  static func readAllStandardInput() -> String {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = read(STDIN_FILENO, &buffer, buffer.count)
      if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
      else if n < 0 && errno == EINTR { continue }
      else { break }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
