import Testing

@testable import ReplLab
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabControl
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabPresentation

@Suite struct NodeTableTests {
  @Test func findsChangesAddsAndRemovesByName() {
    var t = NodeTable()
    t["db1"] = Node(name: "db1", role: .master, epoch: 1)
    t["db2"] = Node(name: "db2", role: .replica, epoch: 1)
    #expect(t.contains("db1") && t.contains("db2") && !t.contains("db3"))
    t["db2"]!.applied = 7
    #expect(t["db2"]?.applied == 7)
    #expect(t["db3"] == nil)
    t["db1"] = nil
    #expect(!t.contains("db1") && t["db2"]?.applied == 7)
    for i in 3...20 { t["db\(i)"] = Node(name: "db\(i)", role: .replica, epoch: 1) }
    #expect((3...20).allSatisfy { t["db\($0)"]?.name == "db\($0)" })
    #expect(t.contains(where: { $0.name == "db20" }) && !t.contains(where: { $0.isStandby }))
  }

  @Test func aCopyIsAValueOfItsOwn() {
    var a = NodeTable()
    a["db1"] = Node(name: "db1", role: .master, epoch: 1)
    a["db1"]!.log.append(LogEntry(seq: 1, epoch: 1, time: 0, op: .set(key: 0, value: "x")))
    var b = a
    b["db1"]!.log.append(LogEntry(seq: 2, epoch: 1, time: 0, op: .set(key: 0, value: "y")))
    b["db2"] = Node(name: "db2", role: .replica, epoch: 1)
    #expect(a["db1"]?.log.lastSeq == 1 && b["db1"]?.log.lastSeq == 2)
    #expect(!a.contains("db2") && b.contains("db2"))
  }
}
