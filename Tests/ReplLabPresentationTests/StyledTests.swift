import Testing

@testable import ReplLabPresentation

/// Colour is one marking the views make and one rendering at output: plain text for transcripts
/// and pipes, ANSI for a terminal, and widths that count only the columns a learner sees.
@Suite struct StyledTests {
  static let marked =
    "db2 is now " + Styled.mark("master", .master) + " (epoch 2); " + Styled.mark("Lost:", .lost) + " seq 1"

  @Test func plainDropsTheMarksAndColourTurnsThemIntoEscapeCodes() {
    #expect(Styled.plain(Self.marked) == "db2 is now master (epoch 2); Lost: seq 1")
    #expect(Styled.render(Self.marked, colour: false) == Styled.plain(Self.marked))
    #expect(
      Styled.render(Self.marked, colour: true)
        == "db2 is now \u{1B}[32mmaster\u{1B}[0m (epoch 2); \u{1B}[1;31mLost:\u{1B}[0m seq 1")
    // readline's prompt: each code between \001 and \002, so it measures only the visible columns.
    #expect(
      Styled.render(Styled.mark("[t=1.000s]", .time) + " repl-lab> ", colour: true, prompt: true)
        == "\u{01}\u{1B}[2m\u{02}[t=1.000s]\u{01}\u{1B}[0m\u{02} repl-lab> ")
    #expect(Styled.width(Self.marked) == Styled.plain(Self.marked).count)
  }

  @Test func aStyleSpanningLinesIsClosedAndOpenedAgainOnEach() {
    let text = Styled.mark("one\ntwo", .error)
    #expect(Styled.render(text, colour: true) == "\u{1B}[31mone\u{1B}[0m\n\u{1B}[31mtwo\u{1B}[0m")
  }

  @Test func wrappingCountsVisibleColumnsAndKeepsEveryMark() {
    let words = (1...30).map { $0 % 7 == 0 ? Styled.mark("master", .master) : "word\($0)" }
    let line = words.joined(separator: " ")
    for width in [40, 60, 100] {
      let wrapped = TextWrap.wrap(line, width: width)
      // The same breaks as the plain text, and every mark still there.
      #expect(Styled.plain(wrapped) == TextWrap.wrap(Styled.plain(line), width: width))
      #expect(wrapped.filter(Styled.isMark).count == line.filter(Styled.isMark).count)
      for row in wrapped.split(separator: "\n") { #expect(Styled.width(row) <= width) }
    }
    // A line whose marks make it longer than the width, but not its text, is left alone.
    let short = Styled.mark(String(repeating: "x", count: 98), .ok)
    #expect(TextWrap.wrap(short, width: 100) == short)
  }

  @Test func tableColumnsLineUpWhateverIsMarked() {
    var table = TextTable(["node", "role", "state"])
    table.add(["db1", Styled.mark("master", .master), "up"])
    table.add(["db2", Styled.mark("replica", .replica), Styled.mark("down", .down)])
    #expect(
      Styled.plain(table.render()) == """
        node  role     state
        db1   master   up
        db2   replica  down
        """)
  }
}
