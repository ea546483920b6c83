import ReplLabTestSupport
import Testing

@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

/// Writes made on a replica (`on NODE set KEY VALUE`): with GTIDs an errant transaction of the
/// replica's own server_uuid, found by comparing GTID sets, spread by a promotion, gone with a clone.
@Suite struct ErrantTransactionTests {
  static func withErrantWriteOnDB3() throws -> Cluster {
    var c = Cluster()
    c.setPositions(.gtid)
    _ = try c.write("stock", "10")
    _ = try c.write("price", "5")
    c.advance(by: 20)
    let t = try c.writeOnReplica("db3", key: "price", value: "4")
    #expect(t.origin == "db3" && t.number == 1)
    return c
  }

  @Test func aReplicaWriteChangesThatReplicaAloneUnderItsOwnUUID() throws {
    let c = try Self.withErrantWriteOnDB3()
    #expect(c.testValue(of: "price", on: "db3") == "4")
    #expect(c.testValue(of: "price", on: "db1") == "5")
    var master = GTIDSet()
    master.insert("db1", 1...2)
    #expect(c.data.gtidSet(of: "db1") == master)
    var errant = GTIDSet()
    errant.insert("db3", 1)
    #expect(c.data.errantGTIDs(of: "db3") == errant)
    #expect(c.data.errantGTIDs(of: "db2").isEmpty)
    #expect(c.data.errantTransactions.count == 1)
  }

  @Test func promotingTheReplicaSpreadsItToTheOthers() throws {
    var c = try Self.withErrantWriteOnDB3()
    _ = try c.crash("db1")
    let report = try c.promote("db3")
    #expect(report.errant.count == 1)
    c.advance(by: 100)
    #expect(c.testValue(of: "price", on: "db2") == "4")
    #expect(c.data.gtidSet(of: "db2").contains("db3", 1))
    // Its own writes as master count on after the errant one.
    _ = try c.write("stock", "9")
    c.advance(by: 100)
    #expect(c.data.gtidSet(of: "db2").highest("db3") == 2)
  }

  @Test func withoutGTIDsThePromotionCarriesNoErrantTransaction() throws {
    var c = try Self.withErrantWriteOnDB3()
    c.setPositions(.seq)
    _ = try c.crash("db1")
    _ = try c.promote("db3")
    c.advance(by: 100)
    #expect(c.testValue(of: "price", on: "db2") == "5", "a binlog position starts after it")
  }

  @Test func aCloneFromTheMasterRemovesIt() throws {
    var c = try Self.withErrantWriteOnDB3()
    try c.resync("db3")
    c.advance(by: 1000)
    #expect(c.testValue(of: "price", on: "db3") == "5")
    #expect(c.data.errantTransactions.isEmpty)
    #expect(c.data.gtidSet(of: "db3") == c.data.gtidSet(of: "db1"))
  }

  @Test func aWriteOnTheMasterThroughOnIsRefused() throws {
    var c = try Self.withErrantWriteOnDB3()
    #expect(throws: ClusterError.notAReplica("db1")) { _ = try c.writeOnReplica("db1", key: "x", value: "1") }
  }
}
