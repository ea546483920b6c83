import ReplLabTestSupport
import Testing

@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

/// `rejoin MODE`: what an old master holding a write its successor lacks does when it returns.
@Suite struct RejoinModeTests {
  /// a=1 everywhere, b=2 on db1 alone when it dies, db2 promoted, c=3 on db2, db1 restarted.
  static func oldMasterBack(_ mode: RejoinMode, positions: PositionView = .seq) throws -> Cluster {
    var c = Cluster()
    c.setRejoinMode(mode)
    c.setPositions(positions)
    _ = try c.write("a", "1")
    c.advance(by: 20)
    _ = try c.write("b", "2")
    _ = try c.crash("db1")
    _ = try c.promote(nil)
    _ = try c.write("c", "3")
    c.advance(by: 20)
    _ = try c.restart("db1")
    c.advance(by: 1000)
    return c
  }

  static func has(_ c: inout Cluster, _ match: (ClusterEvent.Happening) -> Bool) -> Bool {
    c.testHappenings().contains(where: match)
  }

  @Test func rollbackUndoesAndLists() throws {
    var c = try Self.oldMasterBack(.rollback)
    #expect(c.testValue(of: "b", on: "db1") == nil)
    #expect(c.testValue(of: "c", on: "db1") == "3")
    #expect(Self.has(&c) { if case .rolledBack(let n, _, let d) = $0 { n == "db1" && d.count == 1 } else { false } })
  }

  @Test func rewindUndoesWithoutAList() throws {
    var c = try Self.oldMasterBack(.rewind)
    #expect(c.testValue(of: "b", on: "db1") == nil)
    #expect(c.testValue(of: "c", on: "db1") == "3")
    #expect(
      Self.has(&c) {
        if case .rewound(let n, _, let fork, let count) = $0 { n == "db1" && fork == 1 && count == 1 } else { false }
      })
  }

  @Test func manualStaysOutUntilRewound() throws {
    var c = try Self.oldMasterBack(.manual)
    #expect(c.testValue(of: "b", on: "db1") == "2")
    #expect(c.testValue(of: "c", on: "db1") == nil)
    #expect(c.node("db1")?.condition == .stopped)
    #expect(
      Self.has(&c) {
        if case .divergedStaysOut(let n, _, let epoch, _, _) = $0 { n == "db1" && epoch == 2 } else { false }
      })
    // Later writes do not reach it either.
    _ = try c.write("d", "4")
    c.advance(by: 100)
    #expect(c.testValue(of: "d", on: "db1") == nil)
    let r = try c.rewind("db1")
    #expect(r.forkSeq == 1 && r.count == 1)
    c.advance(by: 100)
    #expect(c.testValue(of: "b", on: "db1") == nil)
    #expect(c.testValue(of: "d", on: "db1") == "4")
    #expect(c.node("db1")?.condition == .up)
    #expect(throws: ClusterError.self) { _ = try c.rewind("db1") }
  }

  @Test func fullResyncReplacesTheDataSet() throws {
    var c = try Self.oldMasterBack(.fullResync)
    #expect(c.testValue(of: "b", on: "db1") == nil)
    #expect(c.testValue(of: "c", on: "db1") == "3")
    #expect(Self.has(&c) { if case .snapshotLoaded(let n, _, _) = $0 { n == "db1" } else { false } })
  }

  @Test func keepLeavesAnErrantTransactionUntilACloneRemovesIt() throws {
    var c = try Self.oldMasterBack(.keep, positions: .gtid)
    #expect(c.testValue(of: "b", on: "db1") == "2")
    #expect(c.testValue(of: "c", on: "db1") == "3")
    var errant = GTIDSet()
    errant.insert("db1", 2)
    #expect(c.data.errantGTIDs(of: "db1") == errant)
    try c.resync("db1")
    c.advance(by: 1000)
    #expect(c.testValue(of: "b", on: "db1") == nil)
    #expect(c.data.errantTransactions.isEmpty)
  }

  @Test func presetsSetTheirSystemsMode() {
    #expect(Preset.patroni.commands(for: Cluster()).contains("rejoin rewind"))
    #expect(Preset.postgresSync.commands(for: Cluster()).contains("rejoin manual"))
    #expect(Preset.redisSentinel.commands(for: Cluster()).contains("rejoin full-resync"))
    #expect(Preset.mongodb.commands(for: Cluster()).contains("rejoin rollback"))
    #expect(Preset.mysqlSemisync.commands(for: Cluster()).contains("rejoin keep"))
  }

  /// `demote` of a stray master that took a write during a partition: the rejoin mode decides that
  /// write's fate, as it does for a restarted old master.
  @Test func demoteFollowsTheRejoinMode() {
    func demoted(_ mode: String) -> Lab {
      var lab = Lab()
      lab.run(
        "rejoin \(mode)", "failover auto", "step-down off", "detector timeout 5s", "set a 1", "settle",
        "partition db1", "set b 2", "wait 8s", "set c 3", "heal", "wait 1s", "demote db1", "wait 1s")
      return lab
    }
    let rollback = demoted("rollback")
    #expect(rollback.cluster.node("db1")?.data[rollback.cluster.keys.id(of: "b")!] == nil)
    let manual = demoted("manual")
    #expect(manual.cluster.node("db1")?.divergedAfter == 1)
    let keep = demoted("keep")
    #expect(keep.cluster.node("db1")?.data[keep.cluster.keys.id(of: "b")!] == "2")
    #expect(keep.cluster.node("db1")?.applied == keep.cluster.master?.applied)
    var full = demoted("full-resync")
    #expect(full.transcript("get b from db1").contains("(nil) from db1"))
  }
}
