import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Joins lines the way a transcript file stores them: each line followed by "\n".
private func text(_ lines: [String]) -> String {
  lines.map { $0 + "\n" }.joined()
}

/// `"1"` ... `"\(count)"`, one per line: distinct lines, so the minimal diff is unambiguous and the
/// expected renderings below match GNU `diff -u` byte for byte (apart from its timestamps).
private func numbered(_ count: Int) -> [String] {
  (1...count).map { String($0) }
}

private func render(
  _ expected: String, _ actual: String, context: Int = 3, maxHunks: Int = 5
) -> String {
  UnifiedDiff(expected: expected, actual: actual, context: context)
    .render(expectedName: "expected", actualName: "actual", maxHunks: maxHunks)
}

/// Deterministic SplitMix64, so the randomized cross-check fails the same way every run.
private struct DiffTestRandom: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Edit distance (deletions + insertions) by textbook LCS dynamic programming, to check that the
/// Myers implementation really is minimal.
private func referenceDistance(_ a: [String], _ b: [String]) -> Int {
  var row = Array(repeating: 0, count: b.count + 1)
  for i in 0..<a.count {
    var diagonal = 0
    for j in 0..<b.count {
      let above = row[j + 1]
      row[j + 1] = a[i] == b[j] ? diagonal + 1 : max(row[j], above)
      diagonal = above
    }
  }
  return a.count + b.count - 2 * row[b.count]
}

@Suite struct UnifiedDiffTests {
  @Test func identicalTextsHaveNoDiff() {
    let sample = text(["alpha", "beta", "gamma"])
    let diff = UnifiedDiff(expected: sample, actual: sample)
    #expect(diff.isEmpty)
    #expect(diff.firstDifferingActualLine == nil)
    #expect(diff.render(expectedName: "e", actualName: "a") == "--- e\n+++ a\n")
  }

  @Test func emptyTextsAreIdentical() {
    let diff = UnifiedDiff(expected: "", actual: "")
    #expect(diff.isEmpty)
    #expect(diff.firstDifferingActualLine == nil)
  }

  @Test func oneChangedLineInTheMiddleGetsThreeLinesOfContext() {
    var changed = numbered(20)
    changed[9] = "ten"
    let diff = UnifiedDiff(expected: text(numbered(20)), actual: text(changed))
    #expect(!diff.isEmpty)
    #expect(diff.firstDifferingActualLine == 9)
    #expect(
      diff.render(expectedName: "golden/intro.txt", actualName: "actual output") == """
        --- golden/intro.txt
        +++ actual output
        @@ -7,7 +7,7 @@
         7
         8
         9
        -10
        +ten
         11
         12
         13

        """)
  }

  @Test func insertionAtStart() {
    let diff = UnifiedDiff(expected: text(numbered(20)), actual: text(["0"] + numbered(20)))
    #expect(diff.firstDifferingActualLine == 0)
    #expect(
      diff.render(expectedName: "expected", actualName: "actual") == """
        --- expected
        +++ actual
        @@ -1,3 +1,4 @@
        +0
         1
         2
         3

        """)
  }

  @Test func pureInsertionWithoutContextNamesTheLineBefore() {
    // GNU: an empty range's start is the line before it, and ",1" is left out.
    #expect(
      render(text(numbered(5)), text(["1", "2", "new", "3", "4", "5"]), context: 0) == """
        --- expected
        +++ actual
        @@ -2,0 +3 @@
        +new

        """)
    #expect(
      render(text(numbered(3)), text(["new"] + numbered(3)), context: 0) == """
        --- expected
        +++ actual
        @@ -0,0 +1 @@
        +new

        """)
  }

  @Test func deletionAtEnd() {
    let shorter = Array(numbered(20).dropLast(2))
    let diff = UnifiedDiff(expected: text(numbered(20)), actual: text(shorter))
    #expect(diff.firstDifferingActualLine == 18)
    #expect(
      diff.render(expectedName: "expected", actualName: "actual") == """
        --- expected
        +++ actual
        @@ -16,5 +16,3 @@
         16
         17
         18
        -19
        -20

        """)
  }

  @Test func actualIsAStrictPrefixOfExpected() {
    let expected = text(["a", "b", "c", "d"])
    let diff = UnifiedDiff(expected: expected, actual: text(["a", "b"]))
    #expect(diff.firstDifferingActualLine == 2)
    #expect(
      diff.render(expectedName: "expected", actualName: "actual") == """
        --- expected
        +++ actual
        @@ -1,4 +1,2 @@
         a
         b
        -c
        -d

        """)
    let nothing = UnifiedDiff(expected: expected, actual: "")
    #expect(nothing.firstDifferingActualLine == 0)
    #expect(
      nothing.render(expectedName: "expected", actualName: "actual") == """
        --- expected
        +++ actual
        @@ -1,4 +0,0 @@
        -a
        -b
        -c
        -d

        """)
  }

  @Test func firstDifferingActualLine() {
    let base = text(["a", "b", "c", "d", "e"])
    func first(_ actual: String) -> Int? {
      UnifiedDiff(expected: base, actual: actual).firstDifferingActualLine
    }
    #expect(first(base) == nil)
    #expect(first(text(["x", "b", "c", "d", "e"])) == 0)
    #expect(first(text(["a", "b", "c", "d", "x"])) == 4)
    // A deleted line: the actual line now standing where it was.
    #expect(first(text(["a", "b", "d", "e"])) == 2)
    // An inserted line is itself the first differing line.
    #expect(first(text(["a", "b", "new", "c", "d", "e"])) == 2)
    // Actual longer than expected.
    #expect(first(base + "f\n") == 5)
    // The last line lost its newline: that line differs.
    #expect(first(String(base.dropLast())) == 4)
    // Only the carriage returns differ.
    #expect(UnifiedDiff(expected: "a\nb\n", actual: "a\nb\r\n").firstDifferingActualLine == 1)
  }

  @Test func trailingBlanksAndCarriageReturnsAreVisibleInChangedLines() {
    let expected = text(["same  line", "value: 1", "tab", "crlf", "mid\rdle", "keep"])
    let actual = text(["same  line", "value: 1  ", "tab\t", "crlf\r", "mid\rdle ", "keep"])
    #expect(
      render(expected, actual) == """
        --- expected
        +++ actual
        @@ -1,6 +1,6 @@
         same  line
        -value: 1
        -tab
        -crlf
        -mid\u{240D}dle
        +value: 1\u{00B7}\u{00B7}
        +tab\u{2192}
        +crlf\u{240D}
        +mid\u{240D}dle\u{00B7}
         keep

        """)
    // Blanks inside a line stay as they are; only the trailing run is marked.
    #expect(render("a b\n", "a b \t \n").contains("+a b\u{00B7}\u{2192}\u{00B7}\n"))
    #expect(render("x\n", " \t\n").contains("+\u{00B7}\u{2192}\n"))
  }

  @Test func crlfLineEndingsShowOnEveryChangedLine() {
    #expect(
      render("a\nb\n", "a\r\nb\r\n") == """
        --- expected
        +++ actual
        @@ -1,2 +1,2 @@
        -a
        -b
        +a\u{240D}
        +b\u{240D}

        """)
  }

  @Test func missingFinalNewlineIsReportedLikeGNUDiff() {
    #expect(
      render("a\nb\n", "a\nb") == """
        --- expected
        +++ actual
        @@ -1,2 +1,2 @@
         a
        -b
        +b
        \\ No newline at end of file

        """)
    #expect(
      render("a\nb", "a\nc\n") == """
        --- expected
        +++ actual
        @@ -1,2 +1,2 @@
         a
        -b
        \\ No newline at end of file
        +c

        """)
    // Both sides unterminated and the last line unchanged: one marker after the context line.
    #expect(
      render("x\nb", "y\nb") == """
        --- expected
        +++ actual
        @@ -1,2 +1,2 @@
        -x
        +y
         b
        \\ No newline at end of file

        """)
    #expect(
      render("", "a\nb") == """
        --- expected
        +++ actual
        @@ -0,0 +1,2 @@
        +a
        +b
        \\ No newline at end of file

        """)
  }

  @Test func emptyLinesAreLines() {
    #expect(
      render("", "\n") == """
        --- expected
        +++ actual
        @@ -0,0 +1 @@
        +

        """)
    #expect(render("a\n\n", "a\n").hasSuffix("@@ -1,2 +1 @@\n a\n-\n"))
  }

  @Test func hunksMergeWhenContextTouches() {
    // Six unchanged lines between the changes: the two contexts of 3 meet, one hunk (as GNU).
    var close = numbered(20)
    close[0] = "X"
    close[7] = "Y"
    let merged = UnifiedDiff(expected: text(numbered(20)), actual: text(close))
    #expect(merged.hunks.count == 1)
    #expect(merged.render(expectedName: "e", actualName: "a").contains("@@ -1,11 +1,11 @@\n"))

    // Seven unchanged lines: two hunks.
    var apart = numbered(20)
    apart[0] = "X"
    apart[8] = "Y"
    #expect(
      render(text(numbered(20)), text(apart)) == """
        --- expected
        +++ actual
        @@ -1,4 +1,4 @@
        -1
        +X
         2
         3
         4
        @@ -6,7 +6,7 @@
         6
         7
         8
        -9
        +Y
         10
         11
         12

        """)
  }

  @Test func hunksBeyondTheLimitAreSummarized() {
    var changed = numbered(100)
    for index in stride(from: 4, to: 100, by: 10) {  // 10 changes, far apart
      changed[index] = "changed \(index + 1)"
    }
    let diff = UnifiedDiff(expected: text(numbered(100)), actual: text(changed))
    #expect(diff.hunks.count == 10)
    let output = diff.render(expectedName: "expected", actualName: "actual", maxHunks: 5)
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.filter { $0.hasPrefix("@@ ") }.count == 5)
    #expect(lines.filter { $0.hasPrefix("+changed ") }.count == 5)
    #expect(output.hasSuffix("\n... 5 more hunks not shown (10 changed lines)\n"))
    #expect(output.contains("@@ -42,7 +42,7 @@\n"))  // the fifth hunk, around line 45
    #expect(!output.contains("+changed 55"))

    let all = diff.render(expectedName: "expected", actualName: "actual", maxHunks: 10)
    #expect(!all.contains("more hunk"))
    #expect(all.contains("+changed 95\n"))

    let oneLeft = diff.render(expectedName: "expected", actualName: "actual", maxHunks: 9)
    #expect(oneLeft.hasSuffix("\n... 1 more hunk not shown (2 changed lines)\n"))

    let none = diff.render(expectedName: "expected", actualName: "actual", maxHunks: 0)
    #expect(none == "--- expected\n+++ actual\n... 10 more hunks not shown (20 changed lines)\n")
  }

  @Test func hiddenHunkWithOneChangedLineIsSingular() {
    var changed = numbered(30)
    changed.insert("extra", at: 25)
    changed[2] = "three"
    let output = render(text(numbered(30)), text(changed), maxHunks: 1)
    #expect(output.hasSuffix("\n... 1 more hunk not shown (1 changed line)\n"))
  }

  @Test func changeRunsPrintDeletionsBeforeInsertions() {
    #expect(
      render(text(["a", "b", "c", "d"]), text(["a", "x", "y", "z", "d"])) == """
        --- expected
        +++ actual
        @@ -1,4 +1,5 @@
         a
        -b
        -c
        +x
        +y
        +z
         d

        """)
  }

  @Test func differentNewlineStatusAndNormalizationAreDifferences() {
    // Same Swift String ("é" composed vs decomposed), different bytes on disk.
    let diff = UnifiedDiff(expected: "caf\u{E9}\n", actual: "cafe\u{301}\n")
    #expect(!diff.isEmpty)
    #expect(!UnifiedDiff(expected: "a\n", actual: "a").isEmpty)
    #expect(UnifiedDiff(expected: "a", actual: "a").isEmpty)
  }

  @Test func twentyThousandLinesWithAFewChanges() {
    let original = (0..<20_000).map { "row \($0) value=\($0 % 97)" }
    var changed = original
    changed[100] = "row 100 value=CHANGED"
    changed.remove(at: 10_000)
    changed.insert("inserted row", at: 15_000)
    changed.append("tail row")
    let diff = UnifiedDiff(expected: text(original), actual: text(changed))
    #expect(diff.firstDifferingActualLine == 100)
    #expect(
      diff.changes == [
        .init(expectedStart: 100, expectedEnd: 101, actualStart: 100, actualEnd: 101),
        .init(expectedStart: 10_000, expectedEnd: 10_001, actualStart: 10_000, actualEnd: 10_000),
        .init(expectedStart: 15_001, expectedEnd: 15_001, actualStart: 15_000, actualEnd: 15_001),
        .init(expectedStart: 20_000, expectedEnd: 20_000, actualStart: 20_000, actualEnd: 20_001),
      ])
    let headers = diff.render(expectedName: "e", actualName: "a")
      .split(separator: "\n").filter { $0.hasPrefix("@@") }
    #expect(
      headers == [
        "@@ -98,7 +98,7 @@",
        "@@ -9998,7 +9998,6 @@",
        "@@ -14999,6 +14998,7 @@",
        "@@ -19998,3 +19998,4 @@",
      ])
  }

  @Test func twentyThousandLinesRewrittenWholesale() {
    // The worst case for plain Myers (edit distance 40,000); must stay fast and linear in memory.
    let expected = text((0..<20_000).map { "old \($0)" })
    let actual = text((0..<20_000).map { "new \($0)" })
    let diff = UnifiedDiff(expected: expected, actual: actual)
    #expect(
      diff.changes == [
        .init(expectedStart: 0, expectedEnd: 20_000, actualStart: 0, actualEnd: 20_000)
      ])
    let output = diff.render(expectedName: "e", actualName: "a", maxHunks: 1)
    #expect(output.hasPrefix("--- e\n+++ a\n@@ -1,20000 +1,20000 @@\n-old 0\n"))
    #expect(output.contains("-old 19999\n+new 0\n"))
    #expect(output.hasSuffix("+new 19999\n"))
  }

  @Test func twentyThousandRepetitiveLinesWithScatteredEdits() {
    // Few distinct lines, so nothing can be set aside as unique and Myers does all the work.
    var random = DiffTestRandom(state: 7)
    let pool = ["", "ok", "> get k", "}"]
    let original = (0..<20_000).map { _ in pool.randomElement(using: &random)! }
    var changed = original
    for _ in 0..<40 {
      let index = Int.random(in: 0..<changed.count, using: &random)
      if Bool.random(using: &random) {
        changed.remove(at: index)
      } else {
        changed.insert("ok", at: index)
      }
    }
    let diff = UnifiedDiff(expected: text(original), actual: text(changed))
    let distance = diff.changes.reduce(0) { $0 + $1.changedLineCount }
    #expect(distance <= 40)
    #expect(distance > 0)
    #expect(apply(diff, to: original) == changed)
  }

  @Test func randomEditsAreMinimalAndReproduceTheActualText() {
    var random = DiffTestRandom(state: 42)
    for _ in 0..<400 {
      let alphabet = ["a", "b", "c", "d", "e"].prefix(Int.random(in: 1...5, using: &random))
      let expected = (0..<Int.random(in: 0...30, using: &random)).map { _ in
        alphabet.randomElement(using: &random)!
      }
      var actual = expected
      for _ in 0..<Int.random(in: 0...6, using: &random) {
        let index = Int.random(in: 0...actual.count, using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0: actual.insert(["a", "x", "y"].randomElement(using: &random)!, at: index)
        case 1 where index < actual.count: actual.remove(at: index)
        default: if index < actual.count { actual[index] = "z" }
        }
      }
      let diff = UnifiedDiff(expected: text(expected), actual: text(actual))
      let distance = diff.changes.reduce(0) { $0 + $1.changedLineCount }
      #expect(distance == referenceDistance(expected, actual), "\(expected) -> \(actual)")
      #expect(apply(diff, to: expected) == actual, "\(expected) -> \(actual)")
      #expect(diff.isEmpty == (expected == actual))
    }
  }

  /// Replays the edit script on the expected lines, checking that unchanged lines really match.
  private func apply(_ diff: UnifiedDiff, to expected: [String]) -> [String]? {
    var result: [String] = []
    var position = 0
    for change in diff.changes {
      guard change.expectedStart >= position,
        change.actualStart == result.count + change.expectedStart - position
      else { return nil }
      result += expected[position..<change.expectedStart]
      result += diff.actual.lines[change.actualStart..<change.actualEnd]
      position = change.expectedEnd
    }
    result += expected[position...]
    return result
  }
}
