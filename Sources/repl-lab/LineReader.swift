#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Lines from a file descriptor, read in large blocks as they are needed, so a long piped script is
/// never held in memory whole. A line ends at "\n"; a "\r" before it goes too, so CRLF input reads
/// like a lesson file. Bytes that are not UTF-8 become U+FFFD.
struct LineReader {
  private let descriptor: Int32
  private var buffer: [UInt8] = []
  /// Where the unread part of `buffer` starts.
  private var start = 0
  private var atEnd = false
  /// Whether a line was returned yet: a byte-order mark before the first one is dropped.
  private var started = false

  init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  private mutating func decode(_ range: Range<Int>) -> String {
    var bytes = buffer[range]
    if !started {
      started = true
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The next line, or nil at the end of input. `beforeWaiting` runs before each read that may block.
  mutating func next(beforeWaiting: () -> Void) -> String? {
    while true {
      if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
        var end = newline
        if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = decode(start..<end)
        start = newline + 1
        return line
      }
      if atEnd {
        guard start < buffer.count else { return nil }
        let line = decode(start..<buffer.count)
        start = buffer.count
        return line
      }
      // Keep the unfinished line, then read more behind it.
      buffer.removeSubrange(0..<start)
      start = 0
      beforeWaiting()
      let old = buffer.count
      buffer.append(contentsOf: repeatElement(0, count: 1 << 16))
      var n: Int
      repeat {
        n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + old, 1 << 16) }
      } while n < 0 && errno == EINTR
      buffer.removeLast((1 << 16) - max(n, 0))
      if n <= 0 { atEnd = true }
    }
  }
}
