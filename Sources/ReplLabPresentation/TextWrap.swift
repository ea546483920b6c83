/// Fits what the lab prints to a width: a line longer than the width breaks at a word boundary, and
/// its continuation is indented, so a wrapped answer still reads as one. Every front end passes its
/// output through here (the REPL at the terminal's width, pipes, `run` and transcripts at
/// `transcriptWidth`), so no sentence needs to know how wide the screen is.
///
/// Tables and the timeline's rows stay whole: a line with two or more gaps of two spaces between
/// its words is a row of columns, and breaking it would scatter its cells (a table wider than the
/// terminal is left to the terminal; every table fits `transcriptWidth`).
public enum TextWrap {
  /// The width of transcripts and of output that does not go to a terminal, so the same script
  /// prints the same lines on every machine.
  public static let transcriptWidth = 100

  /// The narrowest width wrapping is tried at: narrower, a continuation's indent would leave too
  /// little room, and lines are left as they are.
  public static let minimumWidth = 30

  /// `text` with every line that is wider than `width` broken at word boundaries.
  public static func wrap(_ text: String, width: Int) -> String {
    guard width >= minimumWidth else { return text }
    // Nearly every line fits: look at the bytes before doing any work.
    if text.utf8.count <= width { return text }
    var out: [Substring] = []
    var changed = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.utf8.count <= width || Styled.width(line) <= width || isTableRow(line) {
        out.append(line)
      } else {
        out += wrapLine(line, width: width).map { Substring($0) }
        changed = true
      }
    }
    return changed ? out.joined(separator: "\n") : text
  }

  /// `text` as lines of at most `width` columns, each starting with `indent`: a paragraph refilled.
  public static func fill(_ text: String, width: Int, indent: String) -> [String] {
    var lines: [String] = []
    var current = indent
    for word in text.split(separator: " ") {
      if current.count > indent.count && current.count + 1 + word.count > width {
        lines.append(current)
        current = indent
      }
      current += (current.count > indent.count ? " " : "") + word
    }
    if current.count > indent.count { lines.append(current) }
    return lines
  }

  /// Whether `line` is a row of columns: after its indent, at least two runs of two or more spaces
  /// each followed by more text. Prose has at most one (`OK  seq 1 ...`, `  t=1.000s  db1 ...`).
  public static func isTableRow(_ line: Substring) -> Bool {
    var gaps = 0
    var spaces = 0
    var started = false
    for ch in line where !Styled.isMark(ch) {
      if ch == " " {
        spaces += 1
      } else {
        if started && spaces >= 2 { gaps += 1 }
        if gaps >= 2 { return true }
        started = true
        spaces = 0
      }
    }
    return false
  }

  /// One over-long line as several, each at most `width` columns wide. Style marks (`Styled`) take
  /// no column: the line is cut as if they were not there, and each goes back where it stood (one
  /// that stood in the spaces at a break ends the line before).
  static func wrapLine(_ line: Substring, width: Int) -> [String] {
    guard Styled.mayHoldMarks(line) else {
      let chars = Array(line)
      let (prefix, pieces) = cut(chars, width: width)
      return pieces.enumerated().map { i, r in String((i == 0 ? [] : prefix) + chars[r]) }
    }
    var chars: [Character] = []
    var marks: [(at: Int, mark: Character)] = []
    for ch in line {
      if Styled.isMark(ch) { marks.append((chars.count, ch)) } else { chars.append(ch) }
    }
    let (prefix, pieces) = cut(chars, width: width)
    var next = marks[...]
    return pieces.enumerated().map { i, r in
      // This piece's marks: those before where the next piece starts.
      let until = i + 1 < pieces.count ? pieces[i + 1].lowerBound : Int.max
      var out = i == 0 ? "" : String(prefix)
      for j in r {
        while let m = next.first, m.at <= j {
          out.append(m.mark)
          next.removeFirst()
        }
        out.append(chars[j])
      }
      while let m = next.first, m.at < until {
        out.append(m.mark)
        next.removeFirst()
      }
      return out
    }
  }

  /// Where `chars` breaks to fit `width` (a word longer than a whole line is cut, the one case
  /// that breaks inside a word): the continuation's prefix, and each line's characters.
  static func cut(_ chars: [Character], width: Int) -> (prefix: [Character], pieces: [Range<Int>]) {
    let prefix = continuation(chars, width: width)
    // A command in backticks is one thing to type: it stays on one line when it can.
    var quoted = [Bool](repeating: false, count: chars.count)
    var inside = false
    for (i, ch) in chars.enumerated() {
      if ch == "`" { inside.toggle() }
      quoted[i] = inside
    }
    var lines: [Range<Int>] = []
    var start = 0
    var lead: [Character] = []
    while true {
      let room = width - lead.count
      if chars.count - start <= room {
        lines.append(start..<chars.count)
        break
      }
      // The last space that leaves this piece within the width and keeps a number with the word
      // before it; failing that, the last space at all.
      var cut = start + room
      while cut > start && !(chars[cut] == " " && !quoted[cut] && canBreak(chars, before: cut + 1)) { cut -= 1 }
      if cut == start {
        cut = start + room
        while cut > start && chars[cut] != " " { cut -= 1 }
      }
      var end = cut
      while end > start && chars[end - 1] == " " { end -= 1 }
      if end == start {
        // No space to break at (or only the indent): cut the word.
        end = start + room
        cut = end
      }
      lines.append(start..<end)
      start = cut
      while start < chars.count && chars[start] == " " { start += 1 }
      if start == chars.count { break }
      lead = prefix
    }
    return (prefix, lines)
  }

  /// Whether a line may start with the word at `i`: not with a number (`seq 1`, `epoch 2`, `after
  /// 10 s` stay together) nor with the unit after one (`10 s`, `300 ms`).
  static func canBreak(_ chars: [Character], before i: Int) -> Bool {
    guard i < chars.count else { return true }
    if chars[i].isNumber { return false }
    var end = i
    while end < chars.count && chars[end].isLetter { end += 1 }
    let word = String(chars[i..<end])
    let previous = chars[..<(i - 1)].last { $0 != " " }
    return !(["s", "ms", "min", "h"].contains(word) && previous?.isNumber == true)
  }

  /// What a continuation line starts with. Narration (`# ...`) goes on as narration; a line that
  /// opens with a short label and two spaces (`  t=4.010s  `, `#4  `, `OK  `) hangs under the text
  /// after the label; anything else is indented two more than the line.
  static func continuation(_ chars: [Character], width: Int) -> [Character] {
    if chars.starts(with: ["#", " "]) { return ["#", " "] }
    let indent = chars.prefix(while: { $0 == " " }).count
    let limit = min(16, width / 3)
    var i = indent
    while i < chars.count && i < limit {
      if chars[i] == " " && i + 1 < chars.count && chars[i + 1] == " " {
        var end = i
        while end < chars.count && chars[end] == " " { end += 1 }
        if end <= limit { return Array(repeating: " ", count: end) }
        break
      }
      i += 1
    }
    return Array(repeating: " ", count: indent + 2)
  }
}
