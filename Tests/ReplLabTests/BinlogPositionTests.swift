import ReplLabTestSupport
import Testing

@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

/// `positions file`: each server's own binlog, so a replica's place means nothing on another
/// server, and re-pointing after a failover needs the place translated.
@Suite struct BinlogPositionTests {
  /// Three writes, db2 restarted between the second and the third (a new binlog file), db1 dead,
  /// db2 promoted by hand.
  static func failedOver() throws -> Cluster {
    var c = Cluster()
    c.setPositions(.file)
    _ = try c.write("stock", "10")
    _ = try c.write("price", "5")
    c.advance(by: 20)
    _ = try c.crash("db2", kind: .process)
    _ = try c.restart("db2")
    _ = try c.write("stock", "9")
    c.advance(by: 20)
    _ = try c.crash("db1")
    return c
  }

  @Test func aRestartStartsANewFileSoTheSameEntryEndsElsewhere() throws {
    let c = try Self.failedOver()
    let onDB1 = try #require(c.data.binlogPosition(of: "db1", after: 3))
    let onDB2 = try #require(c.data.binlogPosition(of: "db2", after: 3))
    let onDB3 = try #require(c.data.binlogPosition(of: "db3", after: 3))
    #expect(onDB1 == onDB3)
    #expect(onDB1.file == 1 && onDB2.file == 2)
    #expect(onDB2.position == DataPlane.binlogHeaderBytes + DataPlane.binlogEventOverhead + "stock".count + "9".count)
    // Positions map back to the entry they follow, and only at event boundaries.
    #expect(c.data.seq(at: onDB2, on: "db2") == 3)
    #expect(c.data.seq(at: onDB1, on: "db2") == nil)
    // The end of db2's first file is after seq 2 as well as the start of its second.
    #expect(
      c.data.seq(at: BinlogCoordinates(file: 1, position: onDB1.position - (onDB2.position - 157)), on: "db2") == 2)
    #expect(c.data.seq(at: BinlogCoordinates(file: 2, position: onDB2.position - 1), on: "db2") == nil)
  }

  @Test func promoteLeavesTheOtherReplicasWithTheOldMaster() throws {
    var c = try Self.failedOver()
    let report = try c.promote("db2")
    #expect(report.stranded == ["db3"])
    #expect(report.repointed.isEmpty)
    c.advance(by: 5000)
    #expect(c.node("db3")?.masterName == "db1")
    #expect(c.data.replicationState(of: "db3") == .connecting)
  }

  @Test func repointNeedsTheTranslatedPositionAndRefusesOthers() throws {
    var c = try Self.failedOver()
    _ = try c.promote("db2")
    #expect(throws: ClusterError.self) { _ = try c.repoint("db3", to: "db2", at: nil) }
    let old = try #require(c.data.binlogPosition(of: "db1", after: 3))
    #expect(throws: ClusterError.self) { _ = try c.repoint("db3", to: "db2", at: old) }
    // The place after seq 2 would apply seq 3 twice.
    let early = try #require(c.data.binlogPosition(of: "db2", after: 2))
    do {
      _ = try c.repoint("db3", to: "db2", at: early)
      Issue.record("a position before db3's last transaction was accepted")
    } catch {
      #expect(error == .wrongPosition(node: "db3", master: "db2", given: early, givenSeq: 2, applied: 3))
    }
    #expect(c.node("db3")?.masterName == "db1", "a refusal changes nothing")
    let right = try #require(c.data.binlogPosition(of: "db2", after: 3))
    let r = try c.repoint("db3", to: "db2", at: right)
    #expect(r.applied == 3)
    _ = try c.write("stock", "8")
    c.advance(by: 20)
    #expect(c.node("db3")?.masterName == "db2")
    #expect(c.testValue(of: "stock", on: "db3") == "8")
  }

  @Test func aReturningOldMasterWaitsForAPositionInTheNewMastersBinlog() throws {
    var c = try Self.failedOver()
    _ = try c.promote("db2")
    _ = try c.write("x", "1")
    let back = try c.restart("db1")
    #expect(back.kind == .needsPosition(master: "db2"))
    c.advance(by: 5000)
    #expect(c.node("db1")?.masterName == nil)
    #expect(c.testValue(of: "x", on: "db1") == nil)
    // It has nothing db2 lacks, so its place in db2's binlog exists: right after seq 3.
    let place = try #require(c.data.binlogPosition(of: "db2", after: 3))
    _ = try c.repoint("db1", to: "db2", at: place)
    c.advance(by: 100)
    #expect(c.testValue(of: "x", on: "db1") == "1")
  }

  @Test func anOldMasterWithLostWritesFitsNoPlaceAndNeedsARebuild() throws {
    var c = Cluster()
    c.setPositions(.file)
    _ = try c.write("a", "1")
    c.advance(by: 20)
    _ = try c.write("b", "2")
    _ = try c.crash("db1")
    _ = try c.promote("db2")
    _ = try c.restart("db1")
    let place = try #require(c.data.binlogPosition(of: "db2", after: 1))
    #expect(throws: ClusterError.repointDiverged(node: "db1", master: "db2", forkSeq: 1)) {
      _ = try c.repoint("db1", to: "db2", at: place)
    }
    try c.resync("db1")
    c.advance(by: 1000)
    #expect(c.testValue(of: "b", on: "db1") == nil)
    #expect(c.node("db1")?.masterName == "db2")
  }

  @Test func withGTIDsPromoteRepointsEveryReplicaAndAPositionIsRefused() throws {
    var c = try Self.failedOver()
    c.setPositions(.gtid)
    let report = try c.promote("db2")
    #expect(report.repointed == ["db3"])
    #expect(report.stranded.isEmpty)
    #expect(throws: ClusterError.self) {
      _ = try c.repoint("db3", to: "db2", at: BinlogCoordinates(file: 1, position: 157))
    }
  }
}
