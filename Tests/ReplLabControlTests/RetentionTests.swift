import ReplLabTestSupport
import Testing

@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

@Suite struct RetentionTests {
  static func writeKeys(_ c: inout Cluster, _ range: ClosedRange<Int>) throws {
    for i in range { _ = try c.write("k\(i)", "v\(i)") }
  }

  /// One write per millisecond, so the master's senders ship each before the next.
  static func writeKeysOverTime(_ c: inout Cluster, _ range: ClosedRange<Int>) throws {
    for i in range {
      _ = try c.write("k\(i)", "v\(i)")
      c.advance(by: 1)
    }
  }

  // MARK: By entries

  @Test func retentionByEntriesKeepsExactlyN() throws {
    var c = Cluster()
    c.setRetention(.entries(5))
    try Self.writeKeysOverTime(&c, 1...12)
    let log = try #require(c.master?.log)
    #expect(log.count == 5)
    #expect(log.firstSeq == 8)
    #expect(log.lastSeq == 12)
    #expect(log.entry(7) == nil)
    #expect(log.entry(8)?.seq == 8)
    c.settle()
    for replica in ["db2", "db3"] {
      #expect(c.node(replica)?.log.count == 5)
      #expect(c.node(replica)?.applied == 12)
    }
    // The data is whole: retention drops log, never values.
    #expect(c.node("db1")?.data.count == 12)
  }

  /// Found by a random fault schedule: a master purged writes that were still waiting for a
  /// synchronous replica, so they never reached its data when they were acknowledged.
  @Test func masterKeepsWritesStillWaitingForReplicas() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    _ = try c.crash("db3")
    c.setRetention(.entries(2))
    try Self.writeKeys(&c, 1...5)
    #expect(c.master?.applied == 0, "every write waits for db3")
    #expect(c.master?.log.firstSeq == 1, "the master keeps what it has not committed")
    _ = try c.restart("db3")
    c.settle()
    let master = try #require(c.master)
    #expect(master.applied == 5)
    #expect(master.data.count == 5)
    #expect(master.log.firstSeq == 4, "once committed, retention applies")
    for replica in ["db2", "db3"] { #expect(c.node(replica)?.data == master.data) }
  }

  @Test func settingRetentionPurgesLogsAtOnce() throws {
    var c = Cluster()
    try Self.writeKeys(&c, 1...12)
    c.settle()
    #expect(c.master?.log.count == 12)
    c.setRetention(.entries(3))
    for node in c.nodeNames {
      #expect(c.node(node)?.log.count == 3, "\(node)")
      #expect(c.node(node)?.log.firstSeq == 10, "\(node)")
    }
  }

  @Test func aReplicaPurgesOnlyWhatItApplied() throws {
    var c = Cluster()
    c.setRetention(.entries(5))
    try c.setApplyRate(10, for: "db3")
    try Self.writeKeysOverTime(&c, 1...12)
    c.advance(by: 10)
    #expect(c.node("db3")?.received == 12)
    #expect(c.node("db3")?.applied == 0)
    #expect(c.node("db3")?.log.count == 12)
    #expect(c.node("db2")?.log.count == 5)
    c.settle()
    #expect(c.node("db3")?.applied == 12)
    #expect(c.node("db3")?.log.count == 5)
  }

  // MARK: By age

  @Test func retentionByAgeKeepsYoungerEntries() throws {
    var c = Cluster()
    c.setRetention(.age(1000))
    _ = try c.write("a", "1")
    c.advance(by: 600)
    _ = try c.write("b", "2")
    c.advance(by: 600)
    _ = try c.write("c", "3")
    // At 1.2 s, seq 1 (written at 0) is older than a second; seq 2 (0.6 s) is not.
    #expect(c.master?.log.firstSeq == 2)
    #expect(c.master?.log.count == 2)
    c.advance(by: 500)
    _ = try c.write("d", "4")
    #expect(c.master?.log.firstSeq == 3)
    #expect(c.master?.log.entries(from: 0).map(\.seq) == [3, 4])
  }

  // MARK: Resync

  /// db3 crashed after seq 1; 20 more writes went by while the master kept only the newest 5.
  static func db3FellOffTheLog(_ mode: ResyncMode) throws -> Cluster {
    var c = Cluster()
    c.setRetention(.entries(5))
    c.setResyncMode(mode)
    _ = try c.write("config:mode", "fast")
    c.settle()
    _ = try c.crash("db3")
    try writeKeysOverTime(&c, 1...20)
    c.settle()
    // db2 stayed connected and streamed every entry: no snapshot for it.
    let events = c.testHappenings()
    #expect(!events.contains { if case .logPurged = $0 { true } else { false } })
    #expect(c.node("db2")?.applied == 21)
    return c
  }

  @Test func autoResyncSendsASnapshot() throws {
    var c = try Self.db3FellOffTheLog(.auto)
    #expect(c.master?.log.firstSeq == 17)
    _ = try c.restart("db3")
    c.settle()
    let events = c.testHappenings()
    let purged = events.firstIndex { if case .logPurged("db3", "db1", 2, 17, true) = $0 { true } else { false } }
    // 21 keys at 1000 keys per second, plus 10 ms on the wire.
    let sent = events.firstIndex { if case .snapshotSent("db3", "db1", 21, 21, 31) = $0 { true } else { false } }
    let loaded = events.firstIndex { if case .snapshotLoaded("db3", 21, 21) = $0 { true } else { false } }
    #expect(purged != nil && sent != nil && loaded != nil, "\(events)")
    if let purged, let sent, let loaded { #expect(purged < sent && sent < loaded) }
    #expect(c.node("db3")?.data == c.node("db1")?.data)
    #expect(c.node("db3")?.applied == 21)
    #expect(c.node("db3")?.replicationError == nil)
    #expect(c.testValue(of: "config:mode", on: "db3") == "fast")

    // And it streams from the next seq on.
    _ = try c.write("after", "1")
    c.settle()
    #expect(c.testValue(of: "after", on: "db3") == "1")
    #expect(c.node("db3")?.applied == 22)
  }

  @Test func aReplicaWithinRetentionResumesFromTheLog() throws {
    var c = Cluster()
    c.setRetention(.entries(5))
    _ = try c.write("config:mode", "fast")
    c.settle()
    _ = try c.crash("db3")
    try Self.writeKeys(&c, 1...4)
    _ = try c.restart("db3")
    c.settle()
    let events = c.testHappenings()
    #expect(!events.contains { if case .logPurged = $0 { true } else { false } })
    #expect(!events.contains { if case .snapshotSent = $0 { true } else { false } })
    #expect(c.node("db3")?.applied == 5)
  }

  @Test func manualResyncStopsUntilResyncNode() throws {
    var c = try Self.db3FellOffTheLog(.manual)
    _ = try c.restart("db3")
    c.settle()
    var events = c.testHappenings()
    #expect(events.contains { if case .logPurged("db3", "db1", 2, 17, false) = $0 { true } else { false } })
    #expect(!events.contains { if case .snapshotSent = $0 { true } else { false } })
    #expect(
      c.node("db3")?.replicationError == "needs seq 2, but db1 keeps only seq 17 onward: partial resync impossible")
    #expect(c.node("db3")?.applied == 1)
    #expect(c.master?.replicas["db3"]?.connected == false)

    // New writes do not reach it either.
    _ = try c.write("more", "1")
    c.settle()
    #expect(c.node("db3")?.applied == 1)
    #expect(c.testValue(of: "more", on: "db3") == nil)

    try c.resync("db3")
    c.settle()
    events = c.testHappenings()
    #expect(events.contains { if case .snapshotLoaded("db3", 22, 22) = $0 { true } else { false } })
    #expect(c.node("db3")?.replicationError == nil)
    #expect(c.node("db3")?.data == c.node("db1")?.data)
    #expect(c.master?.replicas["db3"]?.connected == true)
  }

  @Test func resyncIsRefusedForTheMasterAndDownNodes() throws {
    var c = Cluster()
    #expect(throws: ClusterError.notAReplica("db1")) { try c.resync("db1") }
    _ = try c.crash("db2")
    #expect(throws: ClusterError.nodeDown("db2", alternatives: [], key: nil)) { try c.resync("db2") }
    #expect(throws: ClusterError.unknownNode("db9", known: ["db1", "db2", "db3"])) { try c.resync("db9") }
  }

  // MARK: Snapshot transfer

  @Test(arguments: [(0, SimTime(10)), (500, 510), (2000, 2010)])
  func snapshotTransferGrowsWithTheKeys(_ keys: Int, _ expected: SimTime) throws {
    var c = Cluster()
    if keys > 0 { try Self.writeKeys(&c, 1...keys) }
    c.settle()
    let added = try c.addReplica("db4")
    #expect(added.keys == keys)
    #expect(added.transfer == expected)
    c.advance(by: expected - 1)
    #expect(c.node("db4")?.awaitingSnapshot == true)
    #expect(throws: ClusterError.receivingSnapshot("db4")) { try c.read("k1", from: "db4") }
    c.advance(by: 1)
    #expect(c.node("db4")?.awaitingSnapshot == false)
    #expect(c.node("db4")?.data.count == keys)
  }

  @Test func writesDuringTheTransferFollowTheSnapshot() throws {
    var c = Cluster()
    try Self.writeKeys(&c, 1...500)
    c.settle()
    let added = try c.addReplica("db4")
    #expect(added.snapshotSeq == 500)
    c.advance(by: 100)
    _ = try c.write("k1", "new")
    _ = try c.write("late", "1")
    c.settle()
    #expect(c.node("db4")?.applied == 502)
    #expect(c.node("db4")?.data == c.node("db1")?.data)
  }
}
