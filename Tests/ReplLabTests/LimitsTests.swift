import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// One line cannot take the machine: the cluster's size, a log without retention and one `load`
/// are bounded, and each bound refuses with an error that names it and the way round it.
@Suite struct LimitsTests {
  @Test func theClusterRunsAtMostFiftyNodes() throws {
    var c = Cluster()
    for i in 4...DataPlane.maxNodes { _ = try c.addReplica("db\(i)") }
    #expect(c.nodeNames.count == 50)
    #expect(throws: ClusterError.tooManyNodes(limit: 50)) { try c.addReplica("db51") }
    #expect(c.nodeNames.count == 50, "a refused add changes nothing")
    try c.remove("db50")
    _ = try c.addReplica("db51")
    #expect(ClusterError.tooManyNodes(limit: 50).message.contains("`remove NAME`"))
  }

  @Test func aLogWithoutRetentionIsBoundedAndLoadsReserveTheirRoom() throws {
    var c = Cluster()
    _ = try c.startLoad(count: DataPlane.maxUnretainedEntries - 1, over: 0, keys: 10)
    // The running load has promised all but one entry: one write fits, two do not.
    #expect(throws: ClusterError.loadExceedsLog(node: "db1", entries: 999_999, count: 2, limit: 1_000_000)) {
      try c.startLoad(count: 2, over: 0, keys: 10)
    }
    _ = try c.write("x", "1")
    #expect(throws: ClusterError.logFull(node: "db1", limit: 1_000_000)) { try c.write("y", "1") }
    c.settle()
    #expect(c.master?.log.lastSeq == 1_000_000, "every write of the load found its room")
    #expect(throws: ClusterError.logFull(node: "db1", limit: 1_000_000)) { try c.write("y", "1") }
    // Retention lifts the bound.
    c.setRetention(.entries(1000))
    _ = try c.write("y", "1")
    #expect(c.master?.log.lastSeq == 1_000_001)
  }

  @Test func oneLoadMakesAtMostAMillionWrites() {
    var lab = Lab()
    let refused = lab.interpreter.execute("load 10000000 writes")
    #expect(
      refused.error
        == "the number of writes must be between 1 and 1000000. Usage: load N writes [over DURATION] [keys K]")
    #expect(lab.cluster.activeLoads == 0)
    #expect(
      lab.interpreter.execute("load 1000 writes keys 2000000").error?.contains("keys must be between 1 and 1000000")
        == true)
  }
}
