import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation
@testable import ReplLabStress

/// The invariant checker catches what it is for: each rule is shown a cluster that breaks it (made
/// by hand, since the simulation should never produce one) and a cluster that keeps it.
@Suite struct InvariantCheckerTests {
  /// A lab whose audit is on, as `FaultRun` starts one.
  static func auditedLab() -> Lab {
    var lab = Lab()
    lab.interpreter.startAudit()
    return lab
  }

  static func ack(seq: Int, by: [String]) -> Audit.Acknowledgement {
    Audit.Acknowledgement(
      seq: seq, epoch: 1, master: "db1", mode: .semi, semiSyncOn: true, waitPoint: .afterSync, by: by, degraded: false,
      at: 0)
  }

  static func promotion(_ node: String, lastSeq: Int) -> Audit.Promotion {
    Audit.Promotion(node: node, epoch: 2, lastSeq: lastSeq, history: [.init(epoch: 1, firstSeq: 1)], at: 0)
  }

  /// A quiet `settle` with a connected replica behind is replication stopped unseen: the class of
  /// bug a message dropped for good after a few retransmissions caused.
  @Test func aQuietSettleWithAReplicaBehindBreaksProgress() {
    var lab = Lab()
    var checker = InvariantChecker(fencing: true)
    lab.run("set x 1", "set y 2", "settle")
    #expect(checker.observe("settle", number: 3, in: &lab.interpreter) == nil)
    // As if the last message to db2 had vanished: its log ends one entry short, and nothing is due.
    _ = lab.interpreter.cluster.data.nodes["db2"]!.rollBack(to: 1)
    let v = checker.observe("settle", number: 4, in: &lab.interpreter)
    #expect(v?.invariant == .progress)
    #expect(v?.detail.contains("db2 has received up to seq 1 of db1's 2") == true)
    // A partitioned replica is not expected to keep up.
    lab.run("partition db2")
    #expect(checker.observe("settle", number: 5, in: &lab.interpreter) == nil)
  }

  @Test func anAcknowledgerPromotedWithoutTheWriteBreaksDurability() {
    var checker = InvariantChecker(fencing: true)
    checker.durable[.init(seq: 3, epoch: 1)] = Self.ack(seq: 3, by: ["db2"])
    let v = checker.promoted(Self.promotion("db2", lastSeq: 2), line: 9)
    #expect(v?.invariant == .durability)
    #expect(v?.line == 9)
  }

  @Test func aPromotedNodeThatNeverAcknowledgedMayLoseTheWrite() {
    var checker = InvariantChecker(fencing: true)
    checker.durable[.init(seq: 3, epoch: 1)] = Self.ack(seq: 3, by: ["db2"])
    #expect(checker.promoted(Self.promotion("db3", lastSeq: 2), line: 9) == nil)
    #expect(checker.lostLegitimately == 1)
    // Lost for good: a later promotion of the acknowledger is not held against it.
    #expect(checker.promoted(Self.promotion("db2", lastSeq: 2), line: 10) == nil)
  }

  @Test func anAcknowledgerHoldingTheWriteKeepsIt() {
    var checker = InvariantChecker(fencing: true)
    checker.durable[.init(seq: 3, epoch: 1)] = Self.ack(seq: 3, by: ["db2"])
    #expect(checker.promoted(Self.promotion("db2", lastSeq: 3), line: 9) == nil)
    #expect(checker.lostLegitimately == 0)
  }

  @Test func semiSyncAcknowledgementsReachTheChecker() {
    var lab = Self.auditedLab()
    lab.run("sync-mode semi", "set x 1")
    var checker = InvariantChecker(fencing: true)
    #expect(checker.observe("set x 1", number: 1, in: &lab.interpreter) == nil)
    #expect(checker.acknowledgements == 1)
    // db2's acknowledgement arrives first and releases the write.
    #expect(checker.durable.values.first?.by == ["db2"])
  }

  @Test func twoWritersInOneEpochBreakFencing() {
    var lab = Self.auditedLab()
    lab.run("set x 1")
    var checker = InvariantChecker(fencing: true)
    #expect(checker.observe("set x 1", number: 1, in: &lab.interpreter) == nil)
    lab.interpreter.cluster.data.audit.writers[1]!.append("db2")
    #expect(checker.observe("status", number: 2, in: &lab.interpreter)?.invariant == .fencing)
  }

  @Test func aNodeStoringASupersededEpochAfterLearningTheNewOneBreaksFencing() {
    var lab = Self.auditedLab()
    lab.run("set x 1", "settle", "crash db1", "promote db2", "settle")
    var checker = InvariantChecker(fencing: true)
    #expect(checker.observe("settle", number: 1, in: &lab.interpreter) == nil)
    #expect(lab.cluster.node("db3")?.epoch == 2)
    // db3 knows epoch 2 began at seq 2, yet stores an epoch-1 write there.
    lab.interpreter.cluster.data.nodes["db3"]!.log.append(LogEntry(seq: 2, epoch: 1, time: 0, op: .delete(key: 0)))
    let v = checker.observe("status", number: 2, in: &lab.interpreter)
    #expect(v?.invariant == .fencing)
    #expect(v?.detail.hasPrefix("db3 knew epoch 2") == true)
  }

  @Test func appliedBeyondReceivedBreaksPositions() {
    var lab = Self.auditedLab()
    var checker = InvariantChecker(fencing: true)
    #expect(checker.observe("status", number: 1, in: &lab.interpreter) == nil)
    lab.interpreter.cluster.data.nodes["db2"]!.applied = 5
    #expect(checker.observe("status", number: 2, in: &lab.interpreter)?.invariant == .positions)
  }

  @Test func aReplicaStillDownHasNotConverged() {
    var lab = Self.auditedLab()
    lab.run("set x 1", "crash db3", "settle")
    let checker = InvariantChecker(fencing: true)
    let v = checker.checkConverged(lab.cluster, diffOutput: lab.run("diff").output, line: 4)
    #expect(v?.invariant == .convergence)
    #expect(v?.detail == "db3 is still down after the repair")
  }

  @Test func unsafeStatementsMayDivergeOnlyWhereDiffSaysSo() {
    var lab = Self.auditedLab()
    var checker = InvariantChecker(fencing: true)
    for line in ["log-format statement", "set u1 uuid()", "settle"] {
      lab.run(line)
      #expect(checker.observe(line, number: 1, in: &lab.interpreter) == nil)
    }
    #expect(checker.unsafeKeys == ["u1"])
    let diff = lab.run("diff").output
    #expect(diff.contains("u1"))
    #expect(checker.checkConverged(lab.cluster, diffOutput: diff, line: 5) == nil)
    #expect(checker.checkConverged(lab.cluster, diffOutput: "", line: 5)?.invariant == .convergence)
    // A row-based write that differed would not be excused at all.
    lab.interpreter.cluster.data.nodes["db2"]!.data[lab.cluster.keys.id(of: "u1")!] = "x"
    lab.run("log-format row", "set k 1", "settle")
    lab.interpreter.cluster.data.nodes["db2"]!.data[lab.cluster.keys.id(of: "k")!] = "2"
    #expect(
      checker.checkConverged(lab.cluster, diffOutput: lab.run("diff").output, line: 9)?.detail.contains("k=2") == true)
  }
}
