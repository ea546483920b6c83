/// Text from a lesson file shown to a learner: control characters are made visible instead of
/// reaching the terminal, where an escape sequence could recolour, retitle or rewrite the screen. A
/// transcript is plain text, so it shows them the same way.
public enum VisibleText {
  /// `^[` for ESC and the other C0 controls as `cat -v` writes them (a tab stays a tab), `^?` for
  /// DEL, `<U+009B>` for C1 controls and for the invisible characters that reorder text
  /// (bidirectional overrides and isolates).
  public static func escape(_ text: String) -> String {
    // Nearly every line is printable ASCII.
    if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }) { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      let v = scalar.value
      switch v {
      case 0x09: out.unicodeScalars.append(scalar)
      case 0x00..<0x20: out += "^" + String(UnicodeScalar(UInt8(v + 0x40)))
      case 0x7F: out += "^?"
      case 0x80..<0xA0, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
        let hex = String(v, radix: 16, uppercase: true)
        out += "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
