#if canImport(Glibc)
  @preconcurrency import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Standard output for batch runs, collected into large writes: a million short replies cost a
/// million `print` calls otherwise. Whoever reads input flushes it before waiting, so a person
/// piping lines in by hand still sees each answer before typing the next line.
final class OutputBuffer {
  private var bytes: [UInt8] = []
  private let limit = 1 << 16

  init() { bytes.reserveCapacity(limit + 4096) }

  /// Appends `text` and a newline, as `print` would.
  func line(_ text: String) {
    bytes.append(contentsOf: text.utf8)
    bytes.append(UInt8(ascii: "\n"))
    if bytes.count >= limit { flush() }
  }

  /// Appends `text` as it is.
  func write(_ text: String) {
    bytes.append(contentsOf: text.utf8)
    if bytes.count >= limit { flush() }
  }

  func flush() {
    flushBytes(bytes)
    bytes.removeAll(keepingCapacity: true)
  }

  private func flushBytes(_ bytes: [UInt8]) {
    // Anything `print` left in the C library's buffer goes first, to keep the order.
    Self.flushCStream()
    // After a failure the rest is dropped: the error is reported once, at exit.
    if StandardOutput.failed { return }
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = Glibc.write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
        if n > 0 {
          offset += n
        } else if n < 0 && errno == EINTR {
          continue
        } else {
          StandardOutput.record(n < 0 ? errno : EIO)
          return
        }
      }
    }
  }
}

extension OutputBuffer {
  /// Flushes what `print` left in the C library's buffer for standard output and records a failure;
  /// `checkingErrors` also records an error an earlier write left on the stream. (The one place that
  /// names the C library's `stdout`, imported with `@preconcurrency`.)
  static func flushCStream(checkingErrors: Bool = false) {
    if fflush(stdout) != 0 {
      StandardOutput.record(errno)
    } else if checkingErrors && ferror(stdout) != 0 {
      StandardOutput.record(EIO)
    }
  }
}
