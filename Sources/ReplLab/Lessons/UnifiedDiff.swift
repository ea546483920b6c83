import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

// Standard library only: this runs on every transcript check, and importing Foundation would cost
// more startup time than the diff itself.

/// A line-based unified diff of an expected and an actual text, as `diff -u` prints it, with
/// `-` for expected and `+` for actual.
///
/// Golden transcripts fail on details a reader cannot see (a stray trailing space, a `\r`, a
/// missing final newline), so the rendering makes those visible instead of printing two lines that
/// look equal.
public struct UnifiedDiff: Sendable {
  /// One text cut into lines. Kept apart from the newline flag because a missing final newline is a
  /// difference GNU diff reports, and a transcript writer can easily introduce one by accident.
  package struct Side: Sendable {
    package var lines: [String]
    package var endsWithNewline: Bool

    /// Splits on `"\n"` alone, through the Unicode scalars rather than `Character`s: Swift treats
    /// `"\r\n"` as one character, and splitting characters would swallow the `\r` we want to show.
    package init(_ text: String) {
      var lines: [String] = []
      let scalars = text.unicodeScalars
      var start = scalars.startIndex
      var index = start
      while index < scalars.endIndex {
        if scalars[index] == "\n" {
          lines.append(String(String.UnicodeScalarView(scalars[start..<index])))
          start = scalars.index(after: index)
        }
        index = scalars.index(after: index)
      }
      endsWithNewline = start == scalars.endIndex
      if !endsWithNewline {
        lines.append(String(String.UnicodeScalarView(scalars[start...])))
      }
      self.lines = lines
    }

    package var count: Int { lines.count }

    /// The last line has no newline after it: rendering has to say so, like GNU diff does.
    package func isUnterminated(_ index: Int) -> Bool {
      !endsWithNewline && index == lines.count - 1
    }
  }

  /// One run of differing lines: `expected[expectedStart..<expectedEnd]` became
  /// `actual[actualStart..<actualEnd]`. Either range may be empty, never both. Runs are kept in
  /// this form (rather than as single-line edits) because hunks print each run's deletions before
  /// its insertions, as GNU diff does, however the matching interleaved them.
  package struct Change: Sendable, Equatable {
    package var expectedStart: Int
    package var expectedEnd: Int
    package var actualStart: Int
    package var actualEnd: Int

    package var changedLineCount: Int { (expectedEnd - expectedStart) + (actualEnd - actualStart) }
  }

  /// A group of changes close enough that their context lines touch, printed under one `@@` header.
  package struct Hunk: Sendable, Equatable {
    package var changes: Range<Int>
    package var expectedStart: Int
    package var expectedEnd: Int
    package var actualStart: Int
    package var actualEnd: Int
  }

  package let expected: Side
  package let actual: Side
  package let context: Int
  /// The minimal edit script, in text order. Empty exactly when the texts are byte-for-byte equal.
  package let changes: [Change]

  /// Computes the diff eagerly, so `isEmpty` and `firstDifferingActualLine` are free and a caller
  /// can decide whether to render at all.
  public init(expected: String, actual: String, context: Int = 3) {
    self.expected = Side(expected)
    self.actual = Side(actual)
    self.context = max(0, context)
    self.changes = LineMatcher.changes(self.expected, self.actual)
  }

  /// True when the texts are identical.
  ///
  /// Byte equality, not Swift `String` equality: a golden file that differs only in Unicode
  /// normalization is still a different file on disk.
  public var isEmpty: Bool { changes.isEmpty }

  /// 0-based index, in the ACTUAL text's lines, of the first line that differs from expected
  /// (if actual is a strict prefix of expected, the index one past actual's last line). nil when
  /// identical.
  ///
  /// Lets the runner point at the first command whose output went wrong, which is usually the only
  /// one worth reading.
  public var firstDifferingActualLine: Int? { changes.first?.actualStart }

  /// Groups changes into hunks the way GNU diff does: two changes share a hunk when at most
  /// `2 * context` unchanged lines separate them, so no context line is printed twice.
  package var hunks: [Hunk] {
    var result: [Hunk] = []
    var first = 0
    while first < changes.count {
      var last = first
      while last + 1 < changes.count,
        changes[last + 1].expectedStart - changes[last].expectedEnd <= 2 * context
      {
        last += 1
      }
      let head = changes[first]
      let tail = changes[last]
      let lead = min(context, head.expectedStart, head.actualStart)
      let trail = min(context, expected.count - tail.expectedEnd, actual.count - tail.actualEnd)
      result.append(
        Hunk(
          changes: first..<(last + 1),
          expectedStart: head.expectedStart - lead,
          expectedEnd: tail.expectedEnd + trail,
          actualStart: head.actualStart - lead,
          actualEnd: tail.actualEnd + trail))
      first = last + 1
    }
    return result
  }

  /// Renders the diff:
  ///   --- expectedName
  ///   +++ actualName
  ///   @@ -a,b +c,d @@
  ///   (hunk lines: " " context, "-" expected-only, "+" actual-only)
  /// At most `maxHunks` hunks are printed; if more exist, a final line says
  /// "... N more hunks not shown (M changed lines)" (use "hunk" singular when N == 1, and "line"
  /// when M == 1; M counts the "-" and "+" lines those hunks would have printed).
  /// In "-" and "+" lines, whitespace you cannot see is made visible: trailing spaces and tabs are
  /// shown as "·" (U+00B7) and "→" (U+2192) respectively, and a carriage return as "␍" (U+240D),
  /// and a missing newline at the end of either file is reported on its own line as
  /// "\ No newline at end of file" after the last line of that side, like GNU diff.
  ///
  /// The hunk limit exists because a lesson that goes wrong early tends to make every later line
  /// differ too; the first few hunks explain the failure, and the rest would only scroll it away.
  /// Identical texts render as the two file header lines alone.
  public func render(expectedName: String, actualName: String, maxHunks: Int = 5) -> String {
    var out = "--- \(expectedName)\n+++ \(actualName)\n"
    let hunks = self.hunks
    let shown = min(max(0, maxHunks), hunks.count)
    for hunk in hunks[..<shown] {
      render(hunk, into: &out)
    }
    if shown < hunks.count {
      let hidden = hunks[shown...]
      let changedLines = hidden.reduce(0) { sum, hunk in
        changes[hunk.changes].reduce(sum) { $0 + $1.changedLineCount }
      }
      out += "... \(hidden.count) more \(hidden.count == 1 ? "hunk" : "hunks") not shown"
      out += " (\(changedLines) changed \(changedLines == 1 ? "line" : "lines"))\n"
    }
    return out
  }

  private func render(_ hunk: Hunk, into out: inout String) {
    out +=
      "@@ -"
      + Self.range(start: hunk.expectedStart, count: hunk.expectedEnd - hunk.expectedStart)
      + " +"
      + Self.range(start: hunk.actualStart, count: hunk.actualEnd - hunk.actualStart)
      + " @@\n"
    var line = hunk.expectedStart
    for change in changes[hunk.changes] {
      while line < change.expectedStart {
        appendContext(line, into: &out)
        line += 1
      }
      for index in change.expectedStart..<change.expectedEnd {
        append("-", expected, index, into: &out)
      }
      for index in change.actualStart..<change.actualEnd {
        append("+", actual, index, into: &out)
      }
      line = change.expectedEnd
    }
    while line < hunk.expectedEnd {
      appendContext(line, into: &out)
      line += 1
    }
  }

  /// Context lines are equal on both sides (newline status included), so an unterminated context
  /// line is the last line of both texts and gets a single marker.
  private func appendContext(_ index: Int, into out: inout String) {
    out += " " + expected.lines[index] + "\n"
    if expected.isUnterminated(index) {
      out += "\\ No newline at end of file\n"
    }
  }

  private func append(_ sign: String, _ side: Side, _ index: Int, into out: inout String) {
    out += sign + Self.visible(side.lines[index]) + "\n"
    if side.isUnterminated(index) {
      out += "\\ No newline at end of file\n"
    }
  }

  /// GNU's header form: 1-based start, `,count` left out when it is 1, and for an empty range the
  /// line *before* the gap as start, which is why `-0,0` means "inserted at the top".
  package static func range(start: Int, count: Int) -> String {
    switch count {
    case 0: return "\(start),0"
    case 1: return "\(start + 1)"
    default: return "\(start + 1),\(count)"
    }
  }

  /// A changed line whose only difference is invisible would print as two identical-looking lines,
  /// so trailing blanks and every carriage return get a visible stand-in. Blanks inside the line
  /// are left alone: they show as gaps already, and marking them would make ordinary output hard
  /// to read.
  package static func visible(_ line: String) -> String {
    let scalars = Array(line.unicodeScalars)
    var trailingStart = scalars.count
    while trailingStart > 0, [" ", "\t", "\r"].contains(scalars[trailingStart - 1]) {
      trailingStart -= 1
    }
    if trailingStart == scalars.count, !scalars.contains("\r") {
      return line
    }
    var result = String.UnicodeScalarView()
    for (offset, scalar) in scalars.enumerated() {
      switch scalar {
      case "\r": result.append("\u{240D}")
      case " " where offset >= trailingStart: result.append("\u{00B7}")
      case "\t" where offset >= trailingStart: result.append("\u{2192}")
      default: result.append(scalar)
      }
    }
    return String(result)
  }
}

/// Myers' O(ND) difference algorithm in its linear-space form (the middle-snake divide and conquer
/// GNU diff uses), without GNU's speed heuristics: transcripts are small enough that a minimal diff
/// is affordable, and a minimal diff is the one a reader expects. Memory stays O(N + M), so a
/// 20,000-line transcript cannot blow up the way a full LCS table or a stored Myers trace would.
private struct LineMatcher {
  private let a: [Int]
  private let b: [Int]
  private var changedA: [Bool]
  private var changedB: [Bool]
  /// Furthest x reached on each diagonal `x - y`, indexed from `-(b.count + 1)`.
  private var forward: [Int]
  private var backward: [Int]
  private let diagonalOffset: Int

  private init(_ a: [Int], _ b: [Int]) {
    self.a = a
    self.b = b
    changedA = Array(repeating: false, count: a.count)
    changedB = Array(repeating: false, count: b.count)
    let size = a.count + b.count + 3
    forward = Array(repeating: 0, count: size)
    backward = Array(repeating: 0, count: size)
    diagonalOffset = b.count + 1
  }

  package static func changes(
    _ expected: UnifiedDiff.Side, _ actual: UnifiedDiff.Side
  ) -> [UnifiedDiff.Change] {
    // Lines become integers so the inner loop compares words, not strings. The key is the line's
    // bytes, not the String, so canonically-equivalent but different bytes still count as a change;
    // a terminated line also carries its "\n", so `x` at end of file never matches `x\n`.
    var ids: [[UInt8]: Int] = [:]
    func intern(_ side: UnifiedDiff.Side) -> [Int] {
      side.lines.indices.map { index in
        var key = Array(side.lines[index].utf8)
        if !side.isUnterminated(index) { key.append(0x0A) }
        if let id = ids[key] { return id }
        let id = ids.count
        ids[key] = id
        return id
      }
    }
    let a = intern(expected)
    let b = intern(actual)

    // A line that occurs in only one text is a change in every edit script, so leaving it out of
    // the search keeps the result minimal and makes wholesale rewrites (the worst case for Myers)
    // cheap. The unchanged lines of the remainder keep their order when mapped back.
    var inA = Array(repeating: false, count: ids.count)
    var inB = Array(repeating: false, count: ids.count)
    for id in a { inA[id] = true }
    for id in b { inB[id] = true }
    let keptA = a.indices.filter { inB[a[$0]] }
    let keptB = b.indices.filter { inA[b[$0]] }

    var matcher = LineMatcher(keptA.map { a[$0] }, keptB.map { b[$0] })
    matcher.compare(0, keptA.count, 0, keptB.count)

    var changedA = Array(repeating: true, count: a.count)
    var changedB = Array(repeating: true, count: b.count)
    for (position, index) in keptA.enumerated() { changedA[index] = matcher.changedA[position] }
    for (position, index) in keptB.enumerated() { changedB[index] = matcher.changedB[position] }
    return runs(changedA, changedB)
  }

  /// Walks both texts in step: unchanged lines pair up one to one, and everything between two
  /// pairs is one change.
  private static func runs(_ changedA: [Bool], _ changedB: [Bool]) -> [UnifiedDiff.Change] {
    var result: [UnifiedDiff.Change] = []
    var i = 0
    var j = 0
    while i < changedA.count || j < changedB.count {
      if i < changedA.count, j < changedB.count, !changedA[i], !changedB[j] {
        i += 1
        j += 1
        continue
      }
      let startA = i
      let startB = j
      while i < changedA.count, changedA[i] { i += 1 }
      while j < changedB.count, changedB[j] { j += 1 }
      if i == startA, j == startB {
        // Unreachable when the matching is consistent; consuming the stray line keeps this total.
        if i < changedA.count { i += 1 } else { j += 1 }
      }
      result.append(
        UnifiedDiff.Change(
          expectedStart: startA, expectedEnd: i, actualStart: startB, actualEnd: j))
    }
    return result
  }

  /// Marks the changed lines of `a[aLow..<aHigh]` against `b[bLow..<bHigh]`. Recursion depth is
  /// logarithmic in the edit distance, because each split halves it.
  private mutating func compare(_ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int) {
    var aLow = aLow
    var aHigh = aHigh
    var bLow = bLow
    var bHigh = bHigh
    while aLow < aHigh, bLow < bHigh, a[aLow] == b[bLow] {
      aLow += 1
      bLow += 1
    }
    while aLow < aHigh, bLow < bHigh, a[aHigh - 1] == b[bHigh - 1] {
      aHigh -= 1
      bHigh -= 1
    }
    if aLow == aHigh {
      for j in bLow..<bHigh { changedB[j] = true }
    } else if bLow == bHigh {
      for i in aLow..<aHigh { changedA[i] = true }
    } else {
      let (x, y) = middle(aLow, aHigh, bLow, bHigh)
      compare(aLow, x, bLow, y)
      compare(x, aHigh, y, bHigh)
    }
  }

  /// Finds a point on a minimal edit path by running the search forward from the top-left and
  /// backward from the bottom-right until they overlap (GNU diffutils' `diag`, minimal mode).
  /// Callers have stripped the common prefix and suffix, so both halves are strictly smaller.
  private mutating func middle(_ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int) -> (Int, Int) {
    let off = diagonalOffset
    let minDiagonal = aLow - bHigh
    let maxDiagonal = aHigh - bLow
    let forwardMid = aLow - bLow
    let backwardMid = aHigh - bHigh
    var forwardMin = forwardMid
    var forwardMax = forwardMid
    var backwardMin = backwardMid
    var backwardMax = backwardMid
    let odd = (forwardMid - backwardMid) & 1 != 0

    forward[forwardMid + off] = aLow
    backward[backwardMid + off] = aHigh

    while true {
      if forwardMin > minDiagonal {
        forwardMin -= 1
        forward[forwardMin - 1 + off] = -1
      } else {
        forwardMin += 1
      }
      if forwardMax < maxDiagonal {
        forwardMax += 1
        forward[forwardMax + 1 + off] = -1
      } else {
        forwardMax -= 1
      }
      var d = forwardMax
      while d >= forwardMin {
        let low = forward[d - 1 + off]
        let high = forward[d + 1 + off]
        var x = low < high ? high : low + 1
        var y = x - d
        while x < aHigh, y < bHigh, a[x] == b[y] {
          x += 1
          y += 1
        }
        forward[d + off] = x
        if odd, backwardMin <= d, d <= backwardMax, backward[d + off] <= x {
          return (x, y)
        }
        d -= 2
      }

      if backwardMin > minDiagonal {
        backwardMin -= 1
        backward[backwardMin - 1 + off] = Int.max
      } else {
        backwardMin += 1
      }
      if backwardMax < maxDiagonal {
        backwardMax += 1
        backward[backwardMax + 1 + off] = Int.max
      } else {
        backwardMax -= 1
      }
      d = backwardMax
      while d >= backwardMin {
        let low = backward[d - 1 + off]
        let high = backward[d + 1 + off]
        var x = low < high ? low : high - 1
        var y = x - d
        while aLow < x, bLow < y, a[x - 1] == b[y - 1] {
          x -= 1
          y -= 1
        }
        backward[d + off] = x
        if !odd, forwardMin <= d, d <= forwardMax, x <= forward[d + off] {
          return (x, y)
        }
        d -= 2
      }
    }
  }
}
