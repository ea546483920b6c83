import Testing

@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// The checker judged on small hand-made histories, one anomaly (or its absence) at a time.
@Suite struct HistoryCheckerTests {
  /// Builds a history with the lab's own numbering.
  struct Builder {
    var history = ClientHistory()
    var time: SimTime = 0

    mutating func write(_ client: String, _ key: String, _ value: String?, seq: Int, acknowledged: Bool = true) {
      history.record(
        client: client, time: time, key: key, node: "db1",
        kind: .write(value: value, seq: seq, epoch: 1, acknowledged: acknowledged))
      time += 1
    }

    mutating func read(
      _ client: String, _ key: String, _ value: String?, version: Int, from node: String = "db2", applied: Int? = nil
    ) {
      history.record(
        client: client, time: time, key: key, node: node,
        kind: .read(value: value, applied: applied ?? version, version: version, waited: 0))
      time += 1
    }

    var violations: [Violation] { HistoryChecker.check(history.operations) }
    var verdicts: [String] { violations.map { "#\($0.read.number) \($0.guarantee.rawValue)" } }
  }

  @Test func aReadMissingTheClientsOwnWriteBreaksReadYourWrites() {
    var b = Builder()
    b.write("alice", "bio", "cats", seq: 1)
    b.read("alice", "bio", nil, version: 0)
    #expect(b.verdicts == ["#2 read-your-writes"])
    let v = b.violations[0]
    #expect(v.earlier.number == 1)
    #expect(Explain.violationSentence(v).contains("alice wrote bio = \"cats\" as seq 1 (#1)"))
  }

  @Test func readYourWritesIsAboutTheClientsOwnAcknowledgedWritesToThatKey() {
    var b = Builder()
    b.write("alice", "bio", "cats", seq: 1)
    b.read("bob", "bio", nil, version: 0)  // someone else's write: stale, but not bob's
    b.read("alice", "news", nil, version: 0)  // a key alice never wrote
    b.write("alice", "motd", "hi", seq: 2, acknowledged: false)  // still waiting: not hers to expect yet
    b.read("alice", "motd", nil, version: 0)
    b.write("carol", "bio", "dogs", seq: 3)
    b.read("alice", "bio", "dogs", version: 3)  // newer than her write: fine
    #expect(b.verdicts.isEmpty)
  }

  @Test func anOlderVersionAfterANewerOneBreaksMonotonicReads() {
    var b = Builder()
    b.write("app", "photo", "old", seq: 1)
    b.write("app", "photo", "new", seq: 2)
    b.read("bob", "photo", "new", version: 2, from: "db2")
    b.read("bob", "photo", "old", version: 1, from: "db3")
    b.read("bob", "photo", "new", version: 2, from: "db2")
    #expect(b.verdicts == ["#4 monotonic-reads"])
    #expect(b.violations[0].earlier.number == 3)
  }

  @Test func staleButNeverOlderIsMonotonic() {
    var b = Builder()
    b.write("app", "photo", "old", seq: 1)
    b.write("app", "photo", "new", seq: 2)
    b.read("bob", "photo", "old", version: 1)
    b.read("bob", "photo", "old", version: 1)
    b.read("bob", "photo", "new", version: 2)
    b.read("carol", "photo", "old", version: 1)  // another client's first read
    #expect(b.verdicts.isEmpty)
  }

  @Test func anAnswerSeenBeforeItsQuestionBreaksConsistentPrefix() {
    var b = Builder()
    b.write("alice", "question", "?", seq: 1)
    b.write("alice", "answer", "!", seq: 2)
    b.read("bob", "answer", "!", version: 2, from: "db2")
    b.read("bob", "question", nil, version: 0, from: "db3")
    #expect(b.verdicts == ["#4 consistent-prefix"])
    let v = b.violations[0]
    #expect(v.earlier.number == 3)
    #expect(v.missed?.number == 1)
  }

  @Test func aQuestionWithoutItsAnswerYetIsAPrefix() {
    var b = Builder()
    b.write("alice", "question", "?", seq: 1)
    b.write("alice", "answer", "!", seq: 2)
    b.read("bob", "question", "?", version: 1)
    b.read("bob", "answer", nil, version: 0)
    b.read("bob", "question", nil, version: 0, from: "db9")  // this one is monotonic, not prefix
    #expect(b.verdicts == ["#5 monotonic-reads"])
  }

  @Test func consistentPrefixJudgesAgainstTheNewestWriteSeenOnAnotherKey() {
    var b = Builder()
    b.write("w", "a", "1", seq: 1)
    b.write("w", "b", "1", seq: 2)
    b.write("w", "c", "1", seq: 3)
    b.read("r", "c", "1", version: 3)
    b.read("r", "c", "1", version: 3)
    // b's write (seq 2) came before c's (seq 3), which r has seen.
    b.read("r", "b", nil, version: 0)
    #expect(b.verdicts == ["#6 consistent-prefix"])
    #expect(b.violations[0].missed?.key == "b")
  }

  @Test func writesOutsideTheWindowAreForgotten() {
    func op(_ n: Int, _ client: String, _ key: String, _ kind: ClientOperation.Kind) -> ClientOperation {
      ClientOperation(number: n, client: client, time: SimTime(n), key: key, node: "db1", kind: kind)
    }
    func write(_ n: Int, _ key: String) -> ClientOperation {
      op(n, "w", key, .write(value: "1", seq: n, epoch: 1, acknowledged: true))
    }
    // r sees a (seq 2), then reads b without b's earlier write (seq 1): consistent prefix broken,
    // as long as seq 1 is among the newest `window` operations.
    for (fillers, broken) in [(1, true), (2, false)] {
      var checker = HistoryChecker(window: 4)
      _ = checker.observe(write(1, "b"))
      _ = checker.observe(write(2, "a"))
      _ = checker.observe(op(3, "r", "a", .read(value: "1", applied: 2, version: 2, waited: 0)))
      for i in 0..<fillers { _ = checker.observe(write(4 + i, "z\(i)")) }
      let found = checker.observe(op(4 + fillers, "r", "b", .read(value: nil, applied: 0, version: 0, waited: 0)))
      #expect(found.map(\.guarantee) == (broken ? [.consistentPrefix] : []), "\(fillers) later writes")
    }
  }

  @Test func incrementalVerdictsEqualTheBatchCheck() {
    var b = Builder()
    b.write("alice", "x", "1", seq: 1)
    b.read("alice", "x", nil, version: 0)
    b.write("alice", "y", "1", seq: 2)
    b.read("bob", "y", "1", version: 2)
    b.read("bob", "x", nil, version: 0)
    b.read("bob", "y", nil, version: 0)
    var checker = HistoryChecker()
    let incremental = b.history.operations.flatMap { checker.observe($0) }
    #expect(incremental == b.violations)
    #expect(b.verdicts == ["#2 read-your-writes", "#5 consistent-prefix", "#6 monotonic-reads"])
  }

  @Test func afterAFailoverReusesSeqsTheNewerWritesCount() {
    var b = Builder()
    b.write("w", "k", "lost", seq: 5)
    b.write("w", "k", "kept", seq: 3)  // a new master's line replaced seq 3 and later
    b.read("r", "other", "x", version: 4)
    b.read("r", "k", nil, version: 0)
    let missed = b.violations.first { $0.guarantee == .consistentPrefix }?.missed
    #expect(missed?.value == "kept")
  }

  @Test func unansweredReadsShowNothingAndBreakNothing() {
    var b = Builder()
    b.write("alice", "x", "1", seq: 1)
    b.history.record(client: "alice", time: 5, key: "x", node: "db3", kind: .noAnswer(waited: 5000))
    #expect(b.violations.isEmpty)
  }
}
