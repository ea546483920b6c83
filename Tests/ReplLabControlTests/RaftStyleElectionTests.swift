import ReplLabTestSupport
import Testing

@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

/// The orchestrator's raft-style election keeps Raft's rules about terms.
@Suite struct RaftStyleElectionTests {
  /// Four nodes, the replicas at different distances (10, 15, 20 ms), the orchestrator failing over
  /// by raft vote.
  static func fourNodes(seed: UInt64) throws -> Cluster {
    var c = Cluster(seed: seed, replicas: 3)
    c.setFailoverMode(.auto)
    c.setElectionMethod(.raft)
    c.setDetector(.timeout(TimeoutDetector(timeout: 3000)))
    for (i, name) in ["db2", "db3", "db4"].enumerated() { try c.setLatency(SimTime(10 + 5 * i), for: name) }
    return c
  }

  @Test func aNodeThatRefusedACandidateInTermTStandsInTermTPlusOne() throws {
    var c = try Self.fourNodes(seed: 1)
    _ = try c.write("a", "1")
    c.settle()
    c.control.joinRaft("db3", in: &c.data)
    // db3 refuses db2 (a log from an older epoch) but has now seen term 5.
    c.control.voteRequested(at: "db3", by: "db2", term: 5, lastEpoch: 0, lastSeq: 0, in: &c.data)
    #expect(c.control.elections.raft["db3"]?.votedFor[5] == nil)
    let generation = try #require(c.control.elections.raft["db3"]?.generation)
    c.control.raftTimedOut("db3", generation: generation, in: &c.data)
    // It asks for pre-votes for term 6, and stands in term 6 once a majority would vote.
    #expect(c.control.elections.raft["db3"]?.preVotes == ["db3"])
    c.control.preVoteReplyReceived(at: "db3", from: "db2", term: 6, granted: true, in: &c.data)
    c.control.preVoteReplyReceived(at: "db3", from: "db4", term: 6, granted: true, in: &c.data)
    #expect(c.control.elections.raft["db3"]?.candidateTerm == 6)
  }

  @Test func aCandidateThatHearsANewerTermStopsStanding() throws {
    var c = try Self.fourNodes(seed: 1)
    c.control.joinRaft("db2", in: &c.data)
    c.control.raftStand("db2", in: &c.data)
    let term = try #require(c.control.elections.raft["db2"]?.candidateTerm)
    c.control.voteReceived(at: "db2", from: "db3", term: term + 2, granted: false, in: &c.data)
    #expect(c.control.elections.raft["db2"]?.candidateTerm == nil)
    #expect(c.control.raftTerm("db2", in: &c.data) == term + 2)
  }

  /// With a connected majority the replicas elect within 5 election timeouts of the orchestrator
  /// calling the election, on every seed, however far behind each is when the master crashes (a
  /// burst of writes is still on its way to the farther replicas).
  @Test func aConnectedMajorityElectsWithinFiveElectionTimeoutsOnEverySeed() throws {
    let limit = 5 * ElectionState.raftTimeout.upperBound
    for seed in UInt64(1)...100 {
      var c = try Self.fourNodes(seed: seed)
      c.advance(by: SimTime(seed * 53 % 2000))
      for i in 0..<Int(seed % 5) { _ = try c.write("k\(i)", "v") }
      c.advance(by: SimTime(seed * 7 % 25))
      _ = try c.crash("db1")
      c.run(until: c.now + 60_000) { _ in
        false
      } controlDone: {
        $0.orchestrator.isFailingOver
      }
      let called = c.now
      c.run(until: called + limit) { data in data.masterName != "db1" && data.master?.isUp == true }
      #expect(
        c.masterName != "db1" && c.data.master?.isUp == true,
        "seed \(seed): no master \(c.now - called) ms after the election was called")
    }
  }
}
