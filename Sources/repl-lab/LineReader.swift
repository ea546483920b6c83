import ReplLab

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Lines from a file descriptor, read in large blocks as they are needed, so a long piped script is
/// never held in memory whole. A line ends at "\n"; a "\r" before it goes too, so CRLF input reads
/// like a lesson file. Bytes that are not UTF-8 become U+FFFD.
///
/// Each byte is looked at once, so reading is linear however long a line is; a line longer than
/// `Tokenizer.maxLineLength` is not kept: the rest of it is skipped up to its newline and the reader
/// reports only its length, so `repl-lab < /dev/zero` runs in constant memory.
struct LineReader {
  /// What the reader found next.
  enum Line: Equatable {
    case text(String)
    /// A line of this many bytes, too long to keep.
    case tooLong(bytes: Int)
  }

  private let descriptor: Int32
  private var buffer: [UInt8] = []
  /// Where the unread part of `buffer` starts.
  private var start = 0
  /// Where the search for the next newline goes on: everything before it has been looked at.
  private var scanned = 0
  /// Bytes of an over-long line already dropped; nil while the current line is kept.
  private var skipped: Int?
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

  /// Ends the current line at `end` (exclusive, before any "\r"), consuming up to `next`.
  private mutating func finish(_ end: Int, next: Int) -> Line {
    defer {
      start = next
      scanned = next
      skipped = nil
    }
    if let dropped = skipped {
      started = true
      return .tooLong(bytes: dropped + end - start)
    }
    return .text(decode(start..<end))
  }

  /// The next line, or nil at the end of input. `beforeWaiting` runs before each read that may block.
  mutating func next(beforeWaiting: () -> Void) -> Line? {
    while true {
      if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
        var end = newline
        if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return finish(end, next: newline + 1)
      }
      scanned = buffer.count
      if atEnd {
        guard start < buffer.count || skipped != nil else { return nil }
        return finish(buffer.count, next: buffer.count)
      }
      if buffer.count - start > Tokenizer.maxLineLength + 1 {
        // Too long to be a command: keep counting its bytes, but not the bytes themselves.
        skipped = (skipped ?? 0) + buffer.count - start
        start = buffer.count
        scanned = buffer.count
      }
      // Keep the unfinished line, then read more behind it.
      buffer.removeSubrange(0..<start)
      scanned -= start
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
