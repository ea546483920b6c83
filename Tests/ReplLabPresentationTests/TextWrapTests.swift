import Testing

@testable import ReplLabPresentation

@Suite struct TextWrapTests {
  static let event =
    "  t=83.010s  failover auto is blocked for db2: the last automatic failover finished at t=11.040s, within the recovery block of 60 min"

  @Test func aLineThatFitsIsLeftAlone() {
    #expect(TextWrap.wrap("OK  seq 1 on db1", width: 30) == "OK  seq 1 on db1")
    let exactly = String(repeating: "x", count: 100)
    #expect(TextWrap.wrap(exactly, width: 100) == exactly)
  }

  @Test func anEventLineHangsUnderItsTextAtTheWordBoundary() {
    #expect(
      TextWrap.wrap(Self.event, width: 100) == """
          t=83.010s  failover auto is blocked for db2: the last automatic failover finished at t=11.040s,
                     within the recovery block of 60 min
        """)
    #expect(
      TextWrap.wrap(Self.event, width: 60) == """
          t=83.010s  failover auto is blocked for db2: the last
                     automatic failover finished at t=11.040s,
                     within the recovery block of 60 min
        """)
  }

  @Test func proseIsIndentedAndNarrationStaysNarration() {
    let prose =
      "db2 is now master (epoch 2): it had received up to seq 1, the most of any live replica (db3 also seq 1)."
    #expect(
      TextWrap.wrap(prose, width: 60) == """
        db2 is now master (epoch 2): it had received up to seq 1,
          the most of any live replica (db3 also seq 1).
        """)
    #expect(
      TextWrap.wrap("# A restarted master that missed the failover comes back believing it is still master.", width: 50)
        == """
        # A restarted master that missed the failover
        # comes back believing it is still master.
        """)
  }

  @Test func everyWrappedLineFitsEvenAWordLongerThanTheLine() {
    let text = "token: " + String(repeating: "a", count: 70) + " and then some more words to wrap"
    for width in [30, 40, 60, 100] {
      for line in TextWrap.wrap(Self.event + "\n" + text, width: width).split(separator: "\n") {
        #expect(line.count <= width, "\(width): \(line)")
        #expect(line.last != " ")
      }
    }
  }

  @Test func tableRowsStayWhole() {
    let table = """
      node  role     really  last heard  silent for  mean     std dev  phi   verdict
      db1   master   up      t=9.010s    990 ms      1001 ms  3 ms     0.26  alive; suspect at t=10.573s
      """
    #expect(TextWrap.wrap(table, width: 60) == table)
    #expect(TextWrap.isTableRow("2.010s      :           :     :     :    ... 4 heartbeats"))
    #expect(!TextWrap.isTableRow(Substring(Self.event)))
    #expect(!TextWrap.isTableRow("OK  seq 1 on db1 (master, epoch 1). async: acknowledged before any replica has it."))
  }
}
