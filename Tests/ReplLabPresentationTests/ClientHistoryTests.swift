import Testing

@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct ClientHistoryTests {
  @Test func numbersOperationsAndKeepsTheNewest() {
    var h = ClientHistory(capacity: 3)
    for i in 1...5 {
      h.record(
        client: "a", time: SimTime(i), key: "k", node: "db1",
        kind: .write(value: "\(i)", seq: i, epoch: 1, acknowledged: true))
    }
    #expect(h.operations.map(\.number) == [3, 4, 5])
    #expect(h.dropped == 2)
    #expect(HistoryView.render(h, client: nil, last: nil).contains("2 older ones were dropped"))
    h.clear()
    #expect(h.recorded == 0)
    #expect(h.record(client: "a", time: 9, key: "k", node: "db1", kind: .noAnswer(waited: 0)).number == 1)
  }

  @Test func historyViewShowsWhatEachReadSaw() {
    var h = ClientHistory()
    h.record(
      client: "alice", time: 0, key: "bio", node: "db1",
      kind: .write(value: "likes cats", seq: 1, epoch: 1, acknowledged: true))
    h.record(
      client: "alice", time: 0, key: "bio", node: "db2", kind: .read(value: nil, applied: 0, version: 0, waited: 0))
    h.record(
      client: "alice", time: 10, key: "bio", node: "db3",
      kind: .read(value: "likes cats", applied: 1, version: 1, waited: 10))
    let text = HistoryView.render(h, client: "alice", last: 2)
    #expect(
      text == """
        #  time    client  operation  node  position   result
        2  0.000s  alice   get bio    db2   applied 0  (nil), never written there
        3  0.010s  alice   get bio    db3   applied 1  "likes cats" (seq 1), after 10 ms
        (1 older operation not shown; `ops last N` shows more)
        """)
    #expect(
      HistoryView.check(h).hasPrefix("Checked 3 operations by 1 client (2 answered reads): 1 read broke a guarantee."))
  }
}
