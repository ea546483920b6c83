import Testing

@testable import ReplLabKernel
@testable import ReplLabModel

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

  @Test func growsKeepsOrderAndSurvivesRemovalThenReAdd() {
    var t = NodeTable()
    for i in 1...100 { t["db\(i)"] = Node(name: "db\(i)", role: .replica, epoch: i) }
    #expect(t.names == (1...100).map { "db\($0)" })
    for i in 1...100 { #expect(t["db\(i)"]?.epoch == i, "db\(i)") }
    // Remove from the front, the middle and the end, then add one back: it goes last, fresh.
    for name in ["db1", "db50", "db100"] { t[name] = nil }
    #expect(t.names.count == 97 && !t.contains("db50") && t["db51"]?.epoch == 51)
    t["db50"] = Node(name: "db50", role: .master, epoch: 7)
    #expect(t.names.last == "db50" && t["db50"]?.epoch == 7 && t["db50"]?.role == .master)
    // Removing through an inout access (the modify accessor) works too.
    func clear(_ node: inout Node?) { node = nil }
    clear(&t["db2"])
    #expect(!t.contains("db2") && t.names.count == 97)
    // Setting an absent name to nil changes nothing.
    t["nobody"] = nil
    #expect(t.names.count == 97)
  }

  @Test func aMutatedCopyLeavesTheOriginalUntouched() {
    var a = NodeTable()
    for i in 1...12 { a["db\(i)"] = Node(name: "db\(i)", role: .replica, epoch: 1) }
    let snapshot = a
    var b = a
    b["db3"]!.applied = 42
    b["db12"] = nil
    b["db13"] = Node(name: "db13", role: .replica, epoch: 1)
    a["db1"]!.isUp = false
    #expect(snapshot["db3"]?.applied == 0 && a["db3"]?.applied == 0 && b["db3"]?.applied == 42)
    #expect(snapshot.contains("db12") && a.contains("db12") && !b.contains("db12"))
    #expect(!snapshot.contains("db13") && !a.contains("db13") && b.contains("db13"))
    #expect(snapshot["db1"]?.isUp == true && b["db1"]?.isUp == true && a["db1"]?.isUp == false)
    #expect(snapshot.names == (1...12).map { "db\($0)" })
  }
}
