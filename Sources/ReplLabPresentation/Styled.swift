/// The role a piece of output plays (a node's role, a write's outcome, an error), which a terminal
/// shows in restrained colour. Views mark the words they mean (`Styled.mark`); nothing else in the
/// lab knows about colour. At output, `Styled.render` turns the marks into ANSI escape codes for a
/// terminal, or drops them for everything else: transcripts, pipes, tests, `NO_COLOR`.
public enum Style: UInt8, Sendable, CaseIterable {
  /// The master, in `status` and in the events that make one.
  case master
  /// A replica or standby that follows a master.
  case replica
  /// A node that is down.
  case down
  /// A write the master acknowledged (`OK`).
  case ok
  /// Writes lost or discarded.
  case lost
  /// `error:`.
  case error
  /// The simulated time in the prompt.
  case time

  /// The Select Graphic Rendition parameters: plain colours, bold only where data is gone.
  var sgr: String {
    switch self {
    case .master: "32"
    case .replica: "36"
    case .down: "31"
    case .ok: "32"
    case .lost: "1;31"
    case .error: "31"
    case .time: "2"
    }
  }
}

/// Text with style marks: each marked span is one private-use character before it (U+E100 plus
/// the style) and U+E1FF after it. Marks are invisible, take no column, and never nest.
public enum Styled {
  static let openBase: UInt32 = 0xE100
  static let close: Character = "\u{E1FF}"

  /// `text` marked as playing `style`.
  public static func mark(_ text: String, _ style: Style) -> String {
    String(Character(Unicode.Scalar(openBase + UInt32(style.rawValue))!)) + text + String(close)
  }

  /// The style `ch` opens, if it is an opening mark.
  static func opened(by ch: Character) -> Style? {
    guard let v = ch.unicodeScalars.first?.value, v >= openBase, v < openBase + 0x100 else { return nil }
    return Style(rawValue: UInt8(v - openBase))
  }

  /// Whether `ch` is a mark, opening or closing.
  public static func isMark(_ ch: Character) -> Bool { ch == close || opened(by: ch) != nil }

  /// Whether `text` may hold a mark: every mark's UTF-8 starts with the byte 0xEE, which printable
  /// ASCII never has, so most text is ruled out by one pass over its bytes.
  public static func mayHoldMarks<S: StringProtocol>(_ text: S) -> Bool { text.utf8.contains(0xEE) }

  /// The columns `text` takes on the screen: its characters, less the marks.
  public static func width<S: StringProtocol>(_ text: S) -> Int {
    mayHoldMarks(text) ? text.reduce(0) { $0 + (isMark($1) ? 0 : 1) } : text.count
  }

  /// `text` without its marks: what transcripts, pipes and `NO_COLOR` get. Nearly every reply
  /// passes through here (a write's `OK` is marked), so it works on the UTF-8 bytes: a mark is
  /// U+E100...U+E1FF, the three bytes EE 84...87 xx.
  public static func plain(_ text: String) -> String {
    guard mayHoldMarks(text) else { return text }
    var utf8 = Array(text.utf8)
    var kept = 0
    var i = 0
    let n = utf8.count
    while i < n {
      let b = utf8[i]
      if b == 0xEE && i + 2 < n && (0x84...0x87).contains(utf8[i + 1]) {
        i += 3
        continue
      }
      utf8[kept] = b
      kept += 1
      i += 1
    }
    return String(decoding: utf8[..<kept], as: UTF8.self)
  }

  /// `text` with its marks as ANSI colour, or dropped when `colour` is false. A style is closed at
  /// the end of each line and opened again on the next, so a pager shows every line right alone.
  /// `prompt` wraps each escape code in readline's markers for "no width" (\001 and \002), so
  /// readline measures the prompt as the columns it takes.
  public static func render(_ text: String, colour: Bool, prompt: Bool = false) -> String {
    guard colour else { return plain(text) }
    guard mayHoldMarks(text) else { return text }
    func code(_ sgr: String) -> String { prompt ? "\u{01}\u{1B}[\(sgr)m\u{02}" : "\u{1B}[\(sgr)m" }
    var out = ""
    var active: Style? = nil
    for ch in text {
      if let style = opened(by: ch) {
        active = style
        out += code(style.sgr)
      } else if ch == close {
        if active != nil { out += code("0") }
        active = nil
      } else if ch == "\n", let style = active {
        out += code("0") + "\n" + code(style.sgr)
      } else {
        out.append(ch)
      }
    }
    if active != nil { out += code("0") }
    return out
  }
}

extension Explain {
  /// An error as a front end prints it: `error: ` and the message, the word marked.
  public static func errorLine(_ message: String) -> String { Styled.mark("error:", .error) + " " + message }
}
