import Testing

@testable import ReplLabModel

/// GTID sets: ranges merge, subtract (GTID_SUBTRACT) and compare (GTID_SUBSET) as MySQL's do.
@Suite struct GTIDSetTests {
  @Test func adjacentAndOverlappingRangesMerge() {
    var s = GTIDSet()
    s.insert("db1", 1...3)
    s.insert("db1", 5)
    s.insert("db1", 4)
    s.insert("db1", 9...10)
    #expect(s.ranges["db1"] == [1...5, 9...10])
    #expect(s.count == 7)
    #expect(s.highest("db1") == 10)
    #expect(s.highest("db2") == 0)
  }

  @Test func subtractingLeavesWhatTheOtherLacks() {
    var replica = GTIDSet()
    replica.insert("db1", 1...5)
    replica.insert("db3", 1)
    var master = GTIDSet()
    master.insert("db1", 1...3)
    master.insert("db1", 5)
    let errant = replica.subtracting(master)
    #expect(errant.ranges == ["db1": [4...4], "db3": [1...1]])
    #expect(!replica.isSubset(of: master))
    #expect(master.isSubset(of: replica))
    #expect(master.subtracting(replica).isEmpty)
  }

  @Test func binlogCoordinatesParseInTheFormsALearnerTypes() {
    #expect(BinlogCoordinates(parsing: "mysql-bin.000002:417") == BinlogCoordinates(file: 2, position: 417))
    #expect(BinlogCoordinates(parsing: "000002:417") == BinlogCoordinates(file: 2, position: 417))
    #expect(BinlogCoordinates(parsing: "2:417")?.text == "mysql-bin.000002:417")
    #expect(BinlogCoordinates(parsing: "mysql-bin.000002") == nil)
    #expect(BinlogCoordinates(parsing: "mysql-bin.x:4") == nil)
    #expect(BinlogCoordinates(parsing: "0:4") == nil)
  }

  @Test func serverUUIDsAreStableDistinctAndShapedLikeMySQLs() {
    let a = DataPlane.serverUUID(of: "db1")
    #expect(a == DataPlane.serverUUID(of: "db1"))
    #expect(a != DataPlane.serverUUID(of: "db2"))
    #expect(a.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
  }
}
