import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Cascading replication (`replicate NODE from UPSTREAM`): a replica relays what it has received
/// to the replicas that follow it; the master knows only its own replicas.
@Suite struct CascadingReplicationTests {
  /// db1 <- db2 <- db3, settled.
  static func chain() throws -> Cluster {
    var c = Cluster()
    try c.repoint("db3", to: "db2")
    c.settle()
    return c
  }

  @Test func relaysWhatItReceivedOneHopLater() throws {
    var c = try Self.chain()
    #expect(c.node("db3")?.cascades == true)
    #expect(c.node("db3")?.masterName == "db2")
    #expect(c.master?.replicas["db3"] == nil, "the master does not know a cascaded replica")
    #expect(c.node("db2")?.replicas["db3"]?.connected == true)
    let start = c.now
    _ = try c.write("x", "1")
    let latency = c.data.network.latency(from: "db1", to: "db2")
    c.advance(by: latency)
    #expect(c.node("db2")?.applied == 1)
    #expect(c.node("db3")?.received == 0, "db3 gets it only from db2, one more hop later")
    c.advance(by: c.data.network.latency(from: "db2", to: "db3"))
    #expect(c.node("db3")?.received == 1)
    #expect(c.testValue(of: "x", on: "db3") == "1")
    #expect(c.now - start == 2 * latency)
    c.advance(by: c.data.network.latency(from: "db3", to: "db2"))
    #expect(c.node("db2")?.replicas["db3"]?.received == 1, "db3 acknowledges to db2")
  }

  @Test func relaysReceivedEntriesAlthoughTheRelayAppliesSlowly() throws {
    var c = try Self.chain()
    try c.setApplyRate(1, for: "db2")
    for i in 1...5 { _ = try c.write("k\(i)", "v") }
    c.advance(by: 100)
    #expect(c.node("db2")!.applied < 5)
    #expect(c.node("db3")?.received == 5, "PostgreSQL relays received WAL, not replayed WAL")
  }

  @Test func aFailedRelayCutsOffItsReplicasUntilRepointed() throws {
    var c = try Self.chain()
    _ = try c.crash("db2")
    _ = try c.write("x", "1")
    c.advance(by: 1000)
    #expect(c.node("db3")?.received == 0)
    #expect(c.data.replicationState(of: "db3") == .connecting)
    try c.repoint("db3", to: "db1")
    #expect(c.node("db3")?.cascades == false)
    c.settle()
    #expect(c.node("db3")?.received == 1)
    #expect(c.master?.replicas["db3"]?.connected == true)
  }

  @Test func aRestartedRelayTakesItsReplicasBack() throws {
    var c = try Self.chain()
    _ = try c.crash("db2")
    _ = try c.write("x", "1")
    c.advance(by: 100)
    _ = try c.restart("db2")
    c.settle()
    #expect(c.node("db2")?.received == 1)
    #expect(c.node("db3")?.received == 1, "db3 reconnects to db2 once it is back")
    #expect(c.node("db3")?.masterName == "db2")
  }

  @Test func aRestartedCascadingReplicaReconnectsToItsUpstream() throws {
    var c = try Self.chain()
    _ = try c.crash("db3")
    _ = try c.write("x", "1")
    c.advance(by: 100)
    _ = try c.restart("db3")
    c.settle()
    #expect(c.node("db3")?.masterName == "db2")
    #expect(c.node("db3")?.received == 1)
  }

  @Test func neverSynchronous() throws {
    var c = try Self.chain()
    c.setSyncMode(.sync)
    _ = try c.write("x", "1")
    // Under "every standby", only the master's own replica counts: db3 is not one of them.
    #expect(c.data.replicaNames == ["db2"])
    c.advance(by: 100)
    #expect(c.pendingWrites.isEmpty)
  }

  @Test func promotingTheRelayKeepsItsReplicas() throws {
    var c = try Self.chain()
    _ = try c.crash("db1")
    let report = try c.promote("db2")
    #expect(report.repointed == ["db3"])
    #expect(c.node("db3")?.masterName == "db2")
    #expect(c.node("db3")?.cascades == false, "db2 is the master now: db3 is its direct replica")
    _ = try c.write("x", "1")
    c.settle()
    #expect(c.node("db3")?.received == c.master?.log.lastSeq)
    #expect(c.testValue(of: "x", on: "db3") == "1")
  }

  @Test func promotingAnotherReplicaLeavesTheCascadeAlone() throws {
    var c = Cluster(replicas: 3)
    try c.repoint("db4", to: "db3")
    c.settle()
    _ = try c.crash("db1")
    let report = try c.promote("db2")
    #expect(report.repointed == ["db3"])
    #expect(c.node("db4")?.masterName == "db3")
    _ = try c.write("x", "1")
    c.settle()
    #expect(c.node("db4")?.received == c.master?.log.lastSeq)
  }

  @Test func commandRefusesLoopsAndShowsTheTree() {
    var lab = Lab()
    lab.run("replicate db3 from db2")
    #expect(lab.run("replicate db2 from db3").error?.contains("wait for each other") == true)
    #expect(lab.run("replicate db3 from db3").error != nil)
    #expect(lab.run("replicate db1 from db2").error?.contains("not a replica") == true)
    #expect(lab.run("replicate db3 to db2").error != nil)
    #expect(lab.run("sync-standbys first 1 db3").error?.contains("cascaded standby") == true)
    #expect(lab.run("remove db2").error?.contains("feeds db3") == true)
    #expect(lab.cluster.nodes["db2"] != nil, "a refused remove changes nothing")
    lab.run("settle", "set x 1", "wait 50ms")
    #expect(lab.run("topology").output.contains("    <- db3"))
    #expect(lab.run("status").output.contains("cascading: db3 <- db2"))
    #expect(lab.run("lag").output.contains("Cascading replicas report to their upstream"))
  }

  @Test func lagAgainstTheUpstreamHidesLagAgainstTheMaster() {
    var lab = Lab()
    lab.run("replicate db3 from db2", "settle", "partition db2 from db1", "set x 1", "set y 2", "wait 1s")
    let status = lab.run("replica-status db3").output
    #expect(status.contains("db3 replicates from db2"))
    #expect(status.contains("Seconds_Behind_Source       0"))
    #expect(status.contains("db3 is 2 entries behind"))
  }
}
