import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Splits a command line into words. Double quotes group words (`set motd "hello world"`). A `#`
/// that starts a word outside quotes starts a comment that runs to the end of the line, as in a
/// shell: `client alice reads round-robin   # reads take turns` is three words, while `set user#1 x`
/// and `set k "a # b"` keep their `#`.
public enum Tokenizer {
  /// The longest line the lab accepts; longer lines are refused whole rather than cut.
  public static let maxLineLength = 4096

  /// Why a line of `bytes` bytes is refused (a reader that skipped most of it says the same).
  public static func lineTooLong(bytes: Int) -> CommandError {
    CommandError("the line is \(bytes) bytes long; the limit is \(maxLineLength)")
  }

  public static func split(_ line: String) throws(CommandError) -> [String] {
    if line.utf8.count > maxLineLength { throw lineTooLong(bytes: line.utf8.count) }
    if let words = splitPlainASCII(line) { return words }
    return try splitCharacters(line)
  }

  /// The general path, Character by Character.
  package static func splitCharacters(_ line: String) throws(CommandError) -> [String] {
    if let bad = line.unicodeScalars.first(where: { isControl($0) }) {
      let hex = String(bad.value, radix: 16, uppercase: true)
      throw CommandError(
        "the line contains control character U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex); commands are plain text"
      )
    }
    var words: [String] = []
    var current = ""
    var inWord = false
    var quoted = false
    for ch in line {
      if quoted {
        if ch == "\"" { quoted = false } else { current.append(ch) }
      } else if ch == "\"" {
        quoted = true
        inWord = true
      } else if ch == "#" && !inWord {
        break  // a comment: the control characters in it were refused above, as the byte path does
      } else if ch == " " || ch == "\t" {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(ch)
        inWord = true
      }
    }
    if quoted { throw CommandError("a double quote is not closed; write values with spaces like \"hello world\"") }
    if inWord { words.append(current) }
    return words
  }

  /// The common case, on bytes: a line of printable ASCII, spaces and tabs. Every byte is then one
  /// Character, so this splits exactly as the Character loop does, without the cost of grapheme
  /// breaking. Nil for anything else (non-ASCII, control characters), which takes the general path.
  package static func splitPlainASCII(_ line: String) -> [String]? {
    var line = line
    return line.withUTF8 { bytes -> [String]? in
      let space = UInt8(ascii: " ")
      let tab = UInt8(ascii: "\t")
      let quote = UInt8(ascii: "\"")
      let hash = UInt8(ascii: "#")
      var words: [String] = []
      var current: [UInt8] = []
      var inWord = false
      var quoted = false
      var comment = false
      for b in bytes {
        guard b < 0x7F, b >= 0x20 || b == tab else { return nil }
        // A comment's bytes are still checked, so both paths refuse the same lines.
        if comment { continue }
        if quoted {
          if b == quote { quoted = false } else { current.append(b) }
        } else if b == quote {
          quoted = true
          inWord = true
        } else if b == hash && !inWord {
          comment = true
        } else if b == space || b == tab {
          if inWord { words.append(String(decoding: current, as: UTF8.self)) }
          current.removeAll(keepingCapacity: true)
          inWord = false
        } else {
          current.append(b)
          inWord = true
        }
      }
      // An unclosed quote: the general path says what is wrong.
      if quoted { return nil }
      if inWord { words.append(String(decoding: current, as: UTF8.self)) }
      return words
    }
  }

  package static func isControl(_ s: Unicode.Scalar) -> Bool {
    (s.value < 0x20 && s != "\t") || s.value == 0x7F || (0x80...0x9F).contains(s.value)
  }
}
