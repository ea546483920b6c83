/// Text for a web page: escaped for XHTML, with terminal colour codes removed (a page shows the
/// output as plain text, whatever a terminal would have coloured).
public enum HTML {
  public static func escape(_ s: String) -> String { SVG.escape(plain(s)).replacing("&apos;", with: "&#39;") }

  /// `s` without ANSI escape sequences (CSI `ESC [ ... letter`, and any other lone ESC).
  public static func plain(_ s: String) -> String {
    guard s.contains("\u{1B}") else { return s }
    var out = ""
    var it = s.unicodeScalars.makeIterator()
    while let ch = it.next() {
      guard ch == "\u{1B}" else {
        out.unicodeScalars.append(ch)
        continue
      }
      guard let next = it.next() else { break }
      if next == "[" {
        while let c = it.next(), !(0x40...0x7E).contains(c.value) {}
      }
    }
    return out
  }

  /// Preformatted text: escaped, with newlines kept (unlike `escape`, which is for attributes too).
  public static func pre(_ s: String) -> String {
    plain(s).split(separator: "\n", omittingEmptySubsequences: false).map { SVG.escape(String($0)) }.joined(
      separator: "\n")
  }
}
