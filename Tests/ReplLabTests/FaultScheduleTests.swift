import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation
@testable import ReplLabStress

/// Random fault schedules with the invariant checker watching every line: durability of
/// acknowledged writes, fencing, positions, convergence after repair, determinism. 1,000 short
/// schedules here; `repl-lab-stress faults` runs 10,000.
@Suite struct FaultScheduleTests {
  static let batches = 20
  static let perBatch = 50

  @Test("1,000 random fault schedules keep every invariant", arguments: 0..<batches)
  func invariantsHold(batch: Int) {
    var tally = FaultTally()
    for i in 0..<Self.perBatch {
      let schedule = FaultSchedule(seed: UInt64(batch * Self.perBatch + i + 1), steps: 30...45)
      let run = FaultRun(schedule)
      // Determinism costs a second run; every fifth schedule pays it here, all of them in the tool.
      let replay = i % 5 == 0 ? FaultRun(schedule) : nil
      if let v = tally.add(run, replay: replay) {
        Issue.record("\(v)\n\(LessonScript.text(for: run, violation: v))")
        return
      }
    }
    #expect(tally.schedules == Self.perBatch)
    // The checks had something to check.
    #expect(tally.promotions > 0)
    #expect(tally.acknowledgements > 0)
  }

  @Test func theLessonScriptReplaysTheRun() {
    let schedule = FaultSchedule(seed: 77)
    let run = FaultRun(schedule)
    let text = LessonScript.text(for: run)
    let lesson = Lesson(fileName: "schedule-77.lab", path: "schedule-77.lab", text: text)
    #expect(lesson.lines.count == FaultRun.header + run.lines.count)
    let replay = LessonRunner.run(lesson)
    // The header is narration that differs (it says how the run ended); everything after is the same.
    let drop = { (t: String) in t.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(FaultRun.header) }
    #expect(drop(replay.transcript) == drop(run.transcript))
    #expect(replay.errors == run.refused)
  }

  @Test func schedulesAreDeterministicAndVaried() {
    #expect(FaultSchedule(seed: 5) == FaultSchedule(seed: 5))
    #expect(FaultSchedule(seed: 5) != FaultSchedule(seed: 6))
    let all = (1...200).flatMap { FaultSchedule(seed: UInt64($0)).steps }
    for word in [
      "set", "get", "crash", "restart", "partition", "heal", "delay", "promote", "sync-mode", "wait", "settle", "load",
      "demote",
    ] {
      #expect(all.contains { $0.hasPrefix(word + " ") || $0 == word }, "no schedule step starts with \(word)")
    }
  }
}

/// Schedules that once broke an invariant, kept as regression tests (each fixed in the simulation).
@Suite struct FaultScheduleRegressionTests {
  /// db2 followed db4 while the orchestrator suspected it; db4 stepped down and was promoted again
  /// in a newer epoch, dropping db2's connection, and nothing re-pointed db2, which names the right
  /// master, so it never caught up.
  @Test func aReplicaInAnOlderEpochOfTheRightMasterIsRepointed() {
    let run = FaultRun(FaultSchedule(seed: 6770))
    #expect(run.violation == nil, "\(run.violation.map(String.init(describing:)) ?? "")")
  }

  /// A raft election the orchestrator called kept going after an operator's `promote`, and its
  /// winner became a second master (fencing off) after the repair had demoted the strays.
  @Test func aManualPromotionEndsTheElectionInProgress() {
    let run = FaultRun(FaultSchedule(seed: 1010))
    #expect(run.violation == nil, "\(run.violation.map(String.init(describing:)) ?? "")")
  }

  /// Three stray masters (fencing off) with retention on: demoting one whose log no longer held the
  /// entries after the fork left their values behind.
  @Test func demotingAStrayWithAPurgedForkConverges() {
    let run = FaultRun(FaultSchedule(seed: 17830))
    #expect(run.violation == nil, "\(run.violation.map(String.init(describing:)) ?? "")")
  }
}

/// The invariants that the consensus regime adds catch what they are about.
@Suite struct ConsensusInvariantTests {
  @Test func schedulesMixInTheConsensusRegimeUnderBothWriteConcerns() {
    let schedules = (1...200).map { FaultSchedule(seed: UInt64($0)) }
    #expect(schedules.contains { $0.consensus && $0.majorityCommit })
    #expect(schedules.contains { $0.consensus && !$0.majorityCommit })
    #expect(schedules.contains { !$0.consensus })
    for s in schedules where s.majorityCommit {
      #expect(!s.steps.contains { $0.hasPrefix("sync-") || $0.hasPrefix("write-concern") })
    }
  }

  /// A run that claims majority commit but acknowledges once one member of five has a write loses
  /// it when those two crash and the other three elect, and the checker says so.
  @Test func anAcknowledgedWriteMissingFromANewPrimaryBreaksMajorityCommit() {
    let schedule = FaultSchedule(
      seed: 5,
      setup: [
        "seed 5", "reset", "add replica db4", "add replica db5", "manager consensus", "write-concern majority",
        "settle",
      ],
      steps: [
        "sync-standbys any 1 db5", "delay db2 300ms", "delay db3 300ms", "delay db4 300ms", "set k v", "crash db1",
        "crash db5", "wait 30s",
      ],
      nodes: ["db1", "db2", "db3", "db4", "db5"], fencing: true, consensus: true, majorityCommit: true)
    let run = FaultRun(schedule)
    #expect(run.violation?.invariant == .durability, "\(run.violation.map(String.init(describing:)) ?? "none")")
  }

  @Test func theSameRunUnderTrueMajorityCommitKeepsEveryInvariant() {
    let schedule = FaultSchedule(
      seed: 5, setup: ["seed 5", "reset", "manager consensus", "write-concern majority", "settle"],
      steps: ["delay db3 300ms", "set k v", "crash db1", "wait 30s"],
      nodes: ["db1", "db2", "db3"], fencing: true, consensus: true, majorityCommit: true)
    let run = FaultRun(schedule)
    #expect(run.violation == nil, "\(run.violation.map(String.init(describing:)) ?? "")")
    #expect(run.checker.promotions > 0)
  }
}
