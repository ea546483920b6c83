import Testing

@testable import ReplLab
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

/// A replica still waiting for its snapshot when it is re-pointed asks its new master for one: the
/// old master's copy, if it ever comes, is refused, so a hello alone would leave it waiting for ever.
@Suite struct SnapshotRepointTests {
  @Test func aNewReplicaRepointedBeforeItsSnapshotArrivedAsksTheNewMaster() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    c.settle()
    _ = try c.addReplica("db4")
    _ = try c.crash("db1")
    _ = try c.promote("db2")
    let quiet = c.settle()
    #expect(quiet)
    #expect(c.node("db4")?.awaitingSnapshot == false, "db4 still waits for a snapshot from db1")
    #expect(c.node("db4")?.received == 1)
    #expect(c.data.replicationState(of: "db4") == .streaming)
    #expect(c.testValue(of: "a", on: "db4") == "1")
  }

  @Test func aReplicaCutOffWhileWaitingForItsSnapshotAsksAgainAfterTheHeal() throws {
    var c = Cluster()
    _ = try c.write("a", "1")
    c.settle()
    _ = try c.addReplica("db4")
    c.partition(["db4"], from: ["db1"])
    c.settle()
    #expect(c.node("db4")?.awaitingSnapshot == true)
    _ = c.heal()
    c.settle()
    #expect(c.node("db4")?.awaitingSnapshot == false)
    #expect(c.testValue(of: "a", on: "db4") == "1")
  }
}
