import ReplLabTestSupport
import Testing

@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

/// The consensus regime's rules, each pinned by a test that fails when the rule is broken.
@Suite struct ConsensusTests {
  static let timeout = ConsensusGroup.defaultElectionTimeout

  /// A replica set of `members` with every member holding two writes of term 1.
  static func replicaSet(seed: UInt64 = 1, members: Int = 3) throws -> Cluster {
    var c = Cluster(seed: seed, replicas: members - 1)
    c.setManager(.consensus)
    _ = try c.write("a", "1")
    _ = try c.write("b", "2")
    c.settle()
    return c
  }

  /// The member's answer to a RequestVote, as its recorded vote shows.
  static func ask(
    _ c: inout Cluster, _ voter: String, for candidate: String, term: Int, lastTerm: Int, lastIndex: Int
  ) -> Bool {
    c.control.consensus.voteRequested(
      at: voter, by: candidate, term: term, lastTerm: lastTerm, lastIndex: lastIndex, in: &c.data)
    return c.control.consensus.members[voter]?.votedFor == candidate
  }

  @Test func aVoteComparesTheLastEntrysTermBeforeItsIndex() throws {
    var c = try Self.replicaSet()
    #expect(ConsensusGroup.lastEntry("db3", in: c.data) == (term: 1, index: 2))
    // A longer log whose last entry is from an older term is less up to date.
    #expect(!Self.ask(&c, "db3", for: "db2", term: 5, lastTerm: 0, lastIndex: 9))
    // A shorter log whose last entry is from a newer term is more up to date.
    #expect(Self.ask(&c, "db3", for: "db2", term: 6, lastTerm: 2, lastIndex: 1))
    // Same last term: the index decides.
    #expect(!Self.ask(&c, "db2", for: "db3", term: 7, lastTerm: 1, lastIndex: 1))
    #expect(Self.ask(&c, "db2", for: "db3", term: 8, lastTerm: 1, lastIndex: 2))
  }

  @Test func oneVotePerTerm() throws {
    var c = try Self.replicaSet()
    #expect(Self.ask(&c, "db3", for: "db2", term: 2, lastTerm: 1, lastIndex: 2))
    #expect(!Self.ask(&c, "db3", for: "db1", term: 2, lastTerm: 1, lastIndex: 2))
    #expect(c.control.consensus.members["db3"]?.votedFor == "db2")
    // Asking again for the same candidate in the same term is still a yes.
    #expect(Self.ask(&c, "db3", for: "db2", term: 2, lastTerm: 1, lastIndex: 2))
    // A newer term frees the vote.
    #expect(Self.ask(&c, "db3", for: "db1", term: 3, lastTerm: 1, lastIndex: 2))
  }

  @Test func aMemberAdoptsANewerTermEvenWhenItRefusesTheVote() throws {
    var c = try Self.replicaSet()
    #expect(!Self.ask(&c, "db3", for: "db2", term: 9, lastTerm: 0, lastIndex: 0))
    #expect(c.control.consensus.members["db3"]?.term == 9)
    // An older term is refused without a look at the log.
    #expect(!Self.ask(&c, "db3", for: "db2", term: 8, lastTerm: 5, lastIndex: 99))
  }

  @Test func aPrimaryThatSeesANewerTermStepsDown() throws {
    var c = try Self.replicaSet()
    #expect(c.control.consensus.isLeader("db1", in: c.data))
    c.control.consensus.heartbeatReplyReceived(at: "db1", from: "db2", term: 4, in: &c.data)
    #expect(c.control.consensus.members["db1"]?.term == 4)
    #expect(c.node("db1")?.role == .replica)
    #expect(throws: ClusterError.self) { _ = try c.write("c", "3") }
  }

  @Test func aReplicaRefusesEntriesOfAnOlderEpochThanItsOwn() throws {
    var c = Cluster()
    c.data.nodes["db2"]!.epoch = 3
    _ = try c.write("a", "1")
    c.settle()
    #expect(c.node("db2")?.received == 0)
    #expect(c.node("db2")?.epoch == 3)
    #expect(c.node("db3")?.received == 1)
  }

  @Test func aPrimaryCutOffFromTheMajorityStepsDownWithinAnElectionTimeout() throws {
    var c = try Self.replicaSet()
    // The client stays with db1: it never hears of a new primary.
    c.partition(["db1", "app"], from: ["db2", "db3"])
    c.advance(by: Self.timeout + ConsensusGroup.defaultHeartbeatInterval)
    #expect(c.node("db1")?.role == .replica)
    #expect(!c.control.consensus.isLeader("db1", in: c.data))
    #expect(throws: ClusterError.self) { _ = try c.write("c", "3") }
  }

  @Test func theMajoritySideElectsWithNoOrchestratorAndTheOldPrimaryRollsBackOnHeal() throws {
    var c = try Self.replicaSet()
    c.partition(["db1", "app", "orch"], from: ["db2", "db3"])
    c.advance(by: 3 * Self.timeout)
    #expect(c.control.consensus.leaders(in: c.data).count == 1)
    let primary = try #require(c.masterName)
    #expect(primary != "db1")
    #expect(c.node("db1")?.role == .replica)
    c.heal()
    c.advance(by: 2 * ConsensusGroup.defaultHeartbeatInterval)
    #expect(c.node("db1")?.masterName == primary)
    #expect(c.control.router.master == primary)
  }

  /// db1 acknowledges `x`, then crashes at once; whether the write survives depends on the write
  /// concern alone.
  static func crashAfterAcknowledging(_ w: WriteConcern) throws -> (acknowledged: Bool, survived: Bool, Cluster) {
    var c = try Self.replicaSet()
    try c.setWriteConcern(w)
    try c.setLatency(40, for: "db3")
    let outcome = try c.write("x", "1")
    var acknowledged = false
    if case .acknowledged = outcome.result { acknowledged = true }
    if case .immediate = outcome.result { acknowledged = true }
    _ = try c.crash("db1")
    c.advance(by: 5 * Self.timeout)
    let primary = try #require(c.masterName)
    #expect(primary != "db1")
    return (acknowledged, c.testValue(of: "x", on: primary) == "1", c)
  }

  @Test func majorityCommitKeepsAnAcknowledgedWriteAcrossAPrimaryCrash() throws {
    let (acknowledged, survived, c) = try Self.crashAfterAcknowledging(.majority)
    #expect(acknowledged)
    #expect(survived)
    #expect(c.lostWrites.isEmpty)
  }

  @Test func writeConcernOneLosesAnAcknowledgedWriteAcrossAPrimaryCrash() throws {
    let (acknowledged, survived, c) = try Self.crashAfterAcknowledging(.one)
    #expect(acknowledged)
    #expect(!survived)
    #expect(c.lostWrites.count == 1)
  }

  /// With a connected majority a primary is elected within 5 election timeouts, on every seed:
  /// the primary crashes in a set of 3 or 5, or is cut off with a minority.
  @Test func aConnectedMajorityElectsWithinFiveElectionTimeoutsOnEverySeed() throws {
    for seed in UInt64(1)...100 {
      let members = seed % 2 == 0 ? 3 : 5
      var c = Cluster(seed: seed, replicas: members - 1)
      c.setManager(.consensus)
      for (i, name) in c.nodeNames.enumerated() where i > 0 { try c.setLatency(SimTime(5 + 20 * i), for: name) }
      _ = try c.write("a", "1")
      c.advance(by: SimTime(seed * 37 % 3000))
      let old = try #require(c.masterName)
      var majority = c.nodeNames.filter { $0 != old }
      if seed % 3 == 0 {
        _ = try c.crash(old)
      } else {
        // The old primary keeps a minority (with the client), the rest form a bare majority.
        majority = Array(majority.suffix(members / 2 + 1))
        c.partition(c.nodeNames.filter { !majority.contains($0) } + ["app"], from: majority)
      }
      let start = c.now
      c.run(until: start + 5 * Self.timeout) { data in
        majority.contains { data.masterName == $0 && data.nodes[$0]?.role == .master }
      }
      let leaders = c.control.consensus.leaders(in: c.data).filter { majority.contains($0) }
      #expect(leaders.count == 1, "seed \(seed): no primary in the majority after \(c.now - start) ms")
    }
  }
}
