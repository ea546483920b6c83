import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct EventSummaryTests {
  /// Delivery `i` (1-based) of seq i to `node` at i*10 ms, applied up to `applied(i)`.
  static func delivery(_ i: Int, to node: String, applied: Int? = nil) -> ClusterEvent {
    ClusterEvent(time: SimTime(i) * 10, what: .replicated(node: node, first: i, last: i, applied: applied ?? i))
  }

  @Test func twelveDeliveriesAreListedOneByOne() {
    let c = Cluster()
    let events = (1...12).map { Self.delivery($0, to: "db2") }
    let lines = Explain.events(events, in: c)
    #expect(lines.count == 12)
    #expect(lines.first == "  t=0.010s  db2 received and applied seq 1")
    #expect(lines.last == "  t=0.120s  db2 received and applied seq 12")
  }

  @Test func moreThanTwelveAreFoldedIntoOneLinePerNode() {
    let c = Cluster()
    var events: [ClusterEvent] = []
    for i in 1...7 {
      events.append(Self.delivery(i, to: "db2"))
      events.append(Self.delivery(i, to: "db3", applied: i / 2))
    }
    #expect(events.count == 14)
    let lines = Explain.events(events, in: c)
    #expect(
      lines == [
        "  t=0.010s..0.070s  db2 received seq 1-7 in 7 messages and applied all of it",
        "  t=0.010s..0.070s  db3 received seq 1-7 in 7 messages and applied up to seq 3",
      ])
  }

  @Test func otherEventsKeepTheirPlaceBetweenSummaries() {
    let c = Cluster()
    var events = (1...13).map { Self.delivery($0, to: "db2") }
    events.insert(ClusterEvent(time: 35, what: .semiSyncOn(master: "db1", replica: "db2", seq: 3)), at: 3)
    events.append(Self.delivery(14, to: "db3"))
    let lines = Explain.events(events, in: c)
    #expect(lines.count == 3)
    #expect(lines.first == "  t=0.010s..0.130s  db2 received seq 1-13 in 13 messages and applied all of it")
    #expect(lines.dropFirst().first == "  t=0.035s  db2 caught up to seq 3; db1 switched semi-sync back ON")
    #expect(lines.last?.contains("db3 received seq 14 in 1 message and applied all of it") == true)
  }

  @Test func aLoadIsSummarisedByTheInterpreter() {
    var i = Interpreter()
    _ = i.execute("load 100 writes over 1s")
    let out = i.execute("wait 2s").output
    let lines = out.split(separator: "\n").map(String.init)
    #expect(lines.count == 3, "\(out)")
    #expect(lines.contains { $0.contains("db2 received seq 1-100 in") && $0.hasSuffix("and applied all of it") })
    #expect(lines.contains { $0.contains("db3 received seq 1-100 in") })
    #expect(lines.last?.contains("load 1 finished: 100 writes (seq 1-100), 100 acknowledged") == true)
  }
}
