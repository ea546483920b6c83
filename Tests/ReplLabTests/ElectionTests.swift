import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// The three election methods on the same failure: who wins and what is lost.
@Suite struct ElectionTests {
  /// db1 master with seq 1-4; db2 and db3 have seq 1-3; db4 (the highest id) only seq 1; then db1
  /// crashes. The orchestrator detects it after 5 s.
  static func laggingHighestID(seed: UInt64 = 1, method: String) -> Lab {
    var lab = Lab(seed: seed)
    lab.run(
      "add replica db4", "wait 20ms", "failover auto", "detector timeout 5s", "election \(method)",
      "set a 1", "wait 20ms", "crash db4", "set b 2", "set c 3", "wait 20ms", "restart db4", "crash db4",
      "restart db4", "set d 4", "crash master")
    return lab
  }

  @Test func mostUpToDatePicksTheMostOfTheLogThenTheName() {
    var lab = Self.laggingHighestID(method: "most-up-to-date")
    let out = lab.transcript("wait 6s")
    #expect(lab.cluster.masterName == "db2")
    #expect(
      out.contains(
        "orch picks db2, the best replica it can reach by replica-priority, then log position, then name: db2 (priority 100, seq 3), db3 (priority 100, seq 3), db4 (priority 100, seq 1)"
      ))
    #expect(out.contains("Lost: seq 4 (set d 4) was acknowledged to its client by db1 but never reached any replica."))
    #expect(!out.contains("Lost: seq 2"))
  }

  @Test func replicaPriorityComesBeforePositionAndZeroNeverPromotes() {
    var lab = Self.laggingHighestID(method: "most-up-to-date")
    lab.run("replica-priority db2 0", "replica-priority db4 10")
    let out = lab.transcript("wait 6s")
    #expect(lab.cluster.masterName == "db4")
    #expect(out.contains("skipped db2 (replica-priority 0)"))
    #expect(out.contains("Lost: seq 2 (set b 2)"))
  }

  @Test func bullyElectsTheHighestLiveIDAndLosesWhatItLacks() {
    var lab = Self.laggingHighestID(method: "bully")
    let out = lab.transcript("wait 6s")
    #expect(lab.cluster.masterName == "db4")
    #expect(out.contains("db4 has the highest id of all: it declares itself coordinator at once."))
    #expect(
      out.contains(
        "Lost: seq 2 (set b 2) was acknowledged to its client by db1 but never reached db4; db2 and db3 have it and will discard it."
      ))
    #expect(out.contains("db2 rolled back 2 writes that db4 never had"))
    // Everyone ends on db4's history.
    for r in ["db2", "db3"] { #expect(lab.cluster.node(r)!.log.lastSeq == 1) }
  }

  @Test func bullyWaitsForAnswersFromHigherIDsThatAreDown() {
    var lab = Lab()
    lab.run(
      "add replica db4", "failover auto", "detector timeout 5s", "election bully", "set a 1", "wait 2s", "crash db4",
      "crash master")
    let out = lab.transcript("wait 10s")
    #expect(out.contains("no node with a higher id answered db3 within 100 ms: db3 declares itself coordinator."))
    #expect(lab.cluster.masterName == "db3")
  }

  @Test("raft never elects a candidate whose log is behind a majority", arguments: 1...8)
  func raftElectsOnlyAnUpToDateLog(seed: Int) {
    var lab = Self.laggingHighestID(seed: UInt64(seed), method: "raft")
    let out = lab.transcript("wait 8s")
    let master = lab.cluster.masterName
    #expect(master == "db2" || master == "db3", "seed \(seed): \(out)")
    #expect(out.contains("wins term"))
    #expect(!out.contains("Lost: seq 2"))
  }

  @Test func raftVoterRefusesACandidateBehindIt() {
    var lab = Self.laggingHighestID(method: "raft")
    let out = lab.transcript("wait 8s")
    // With seed 1, db4 times out among the first and is refused by the up-to-date replicas.
    #expect(
      out.contains("would not vote for db4 in term 2: its own log is more up to date (seq 3 against seq 1)"))
    #expect(!out.contains("db4 would win a majority"))
    #expect(out.contains("db2 votes for") || out.contains("db3 votes for"))
  }

  @Test func aRaftMinorityCannotElect() {
    var lab = Lab()
    lab.run(
      "failover auto", "election raft", "detector timeout 5s", "set a 1", "wait 2s", "partition db2 from db3",
      "crash master")
    let out = lab.transcript("wait 16s")
    #expect(lab.cluster.masterName == "db1")
    #expect(lab.cluster.node("db2")!.role == .replica && lab.cluster.node("db3")!.role == .replica)
    // Each keeps asking, and a pre-vote that no majority answers never raises a term.
    #expect(out.contains("db2 has no majority yet"))
    #expect(!out.contains("wins term"))
    #expect(out.contains("orch gives up"))
    // Once the network heals the majority exists again and the orchestrator tries again.
    let healed = lab.transcript("heal", "wait 2s")
    #expect(healed.contains("wins term"))
    #expect(lab.cluster.masterName == "db2" || lab.cluster.masterName == "db3")
  }

  @Test func theMajoritySideOfAPartitionElectsWhileTheOldMasterKeepsItsOwnSide() {
    var lab = Lab()
    lab.run(
      "add replica db4", "add replica db5", "failover auto", "election raft", "detector timeout 5s", "set a 1",
      "wait 2s", "partition db1 db2")
    lab.run("wait 8s")
    let master = lab.cluster.masterName
    #expect(["db3", "db4", "db5"].contains(master ?? ""))
    // db1 still acts as master on its side until it hears of the new term.
    #expect(lab.cluster.node("db1")!.role == .master)
    lab.run("heal", "wait 3s")
    #expect(lab.cluster.node("db1")!.role == .replica)
    #expect(lab.cluster.node("db1")!.masterName == master)
  }

  @Test func bullyInAPartitionMakesTwoMasters() {
    var lab = Lab()
    lab.run(
      "step-down off", "failover auto", "election bully", "detector timeout 5s", "set a 1", "wait 2s",
      "partition db2 from db3", "crash master")
    let out = lab.transcript("wait 6s")
    #expect(out.contains("db3 has the highest id of all"))
    #expect(out.contains("no node with a higher id answered db2 within 100 ms: db2 declares itself coordinator."))
    #expect(lab.cluster.node("db2")!.role == .master && lab.cluster.node("db3")!.role == .master)
    #expect(out.contains("split brain: db3 still acts as master in epoch 2 while db2 is master in epoch 3"))
  }

  @Test func withFencingTheOrchestratorStepsTheOlderCoordinatorDown() {
    var lab = Lab()
    lab.run(
      "failover auto", "election bully", "detector timeout 5s", "set a 1", "wait 2s", "partition db2 from db3",
      "crash master")
    let out = lab.transcript("wait 6s")
    #expect(out.contains("db3 learns from orch that db2 is master in epoch 3 (it was master in epoch 2)"))
    let masters = lab.cluster.nodeNames.filter { lab.cluster.node($0)!.role == .master && lab.cluster.node($0)!.isUp }
    #expect(masters == ["db2"])
  }

  @Test func compareShowsTheThreeOutcomesSideBySideAndChangesNothing() {
    var lab = Self.laggingHighestID(method: "most-up-to-date")
    let before = lab.run("status").output
    let out = lab.run("election compare").output
    #expect(lab.run("status").output == before)
    let rows = out.split(separator: "\n").map(String.init)
    #expect(rows.contains { $0.hasPrefix("most-up-to-date  db2") && $0.hasSuffix("1 (seq 4)") })
    #expect(rows.contains { $0.hasPrefix("bully            db4") && $0.hasSuffix("3 (seq 2-4)") })
    #expect(rows.contains { $0.hasPrefix("raft") && $0.hasSuffix("1 (seq 4)") })
  }

  @Test func aManualPromotionRefusesPriorityZeroAndAFailedOverDownNode() {
    var lab = Lab()
    lab.run("replica-priority db2 0", "crash master")
    #expect(lab.run("promote db2").error?.contains("replica-priority 0") == true)
    #expect(lab.run("promote").output.hasPrefix("db3 is now master"))
  }

  /// Found by fuzzing: traffic still running in a copy wrote a key the cluster had never seen, a
  /// second failover in that copy lost the write, and naming its key trapped.
  @Test func compareNamesKeysThatOnlyACopyWrote() {
    let c = Cluster()
    var keys = c.keys
    let id = keys.intern("fresh")
    let lost = LostWrite(
      entry: LogEntry(seq: 1, epoch: 2, time: 0, op: .set(key: id, value: "v")), acknowledged: true, writtenBy: "db2",
      alsoOn: [],
      readAt: [])
    let outcome = ElectionOutcome(
      method: .raft, winners: ["db2", "db3"], epoch: 3, took: 10, messages: 4, lost: [lost], failed: false)
    let cmp = ElectionComparison(oldMaster: "db1", crashedIt: true, at: 0, outcomes: [outcome], keys: keys)
    #expect(ElectionCompareView.render(cmp, in: c).contains("set fresh"))
  }
}
