import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// A replica applying with several workers (`apply-workers`, replica_parallel_workers): entries on
/// different keys apply side by side, entries on one key in order, and commits in log order unless
/// `preserve-commit-order` is off.
@Suite struct ParallelApplyTests {
  /// 1000 writes at t=0 over `keys` keys; db3 applies 100 a second per worker. They reach db3 by
  /// t=110 (10 ms of latency, 100 ms on the wire).
  static func backlog(workers: Int, keys: Int, preserve: Bool = true) throws -> Cluster {
    var c = Cluster()
    try c.setApplyRate(100, for: "db3")
    try c.setApplyWorkers(workers, for: "db3")
    try c.setPreserveCommitOrder(preserve, for: "db3")
    for i in 1...1000 { _ = try c.write("k\(i % keys)", "v\(i)") }
    return c
  }

  @Test func workersApplyIndependentEntriesSideBySide() throws {
    var one = try Self.backlog(workers: 1, keys: 500)
    var four = try Self.backlog(workers: 4, keys: 500)
    one.advance(by: 1110)
    four.advance(by: 1110)
    let single = one.node("db3")!.applied
    let parallel = four.node("db3")!.applied
    #expect(abs(single - 100) <= 2, "one applier: \(single)")
    // Up to 4 x 100; waiting for commit order costs some of it.
    #expect(parallel >= 250 && parallel <= 400, "four workers: \(parallel)")
  }

  @Test func aHotKeyGainsNothing() throws {
    var c = try Self.backlog(workers: 4, keys: 1)
    c.advance(by: 1110)
    let applied = c.node("db3")!.applied
    #expect(applied >= 70 && applied <= 130, "one key, four workers: \(applied)")
  }

  /// Writes to one key keep their order: at every moment the value db3 shows is the one its
  /// applied position says, never a later or an earlier one.
  @Test func writesToOneKeyApplyInLogOrder() throws {
    var c = try Self.backlog(workers: 4, keys: 1, preserve: false)
    for _ in 0..<300 {
      c.advance(by: 7)
      let db3 = c.node("db3")!
      #expect(db3.appliedAhead.isEmpty)
      let expected = db3.applied == 0 ? nil : "v\(db3.applied)"
      #expect(c.testValue(of: "k0", on: "db3") == expected)
    }
  }

  /// With commit order preserved no reader ever sees a gap; without it one does, and the gaps
  /// close once everything is applied.
  @Test(arguments: [true, false])
  func gapsAppearOnlyWithoutCommitOrder(_ preserve: Bool) throws {
    var c = try Self.backlog(workers: 4, keys: 1000, preserve: preserve)
    var sawGap = false
    for _ in 0..<400 {
      c.advance(by: 3)
      let db3 = c.node("db3")!
      if !db3.appliedAhead.isEmpty { sawGap = true }
      // Everything at or below the low-water mark is visible.
      if db3.applied > 0 { #expect(c.testValue(of: "k\(db3.applied % 1000)", on: "db3") == "v\(db3.applied)") }
    }
    #expect(sawGap == !preserve)
    c.settle()
    #expect(c.node("db3")?.applied == 1000)
    #expect(c.node("db3")?.appliedAhead.isEmpty == true)
    #expect(c.node("db3")?.data == c.master?.data)
  }

  /// A crash with gaps: entries committed past a gap are skipped after the restart, not run again.
  @Test func aRestartSkipsWhatWorkersCommittedPastAGap() throws {
    var c = try Self.backlog(workers: 4, keys: 1000, preserve: false)
    var ahead: Set<Int> = []
    for _ in 0..<400 where ahead.isEmpty {
      c.advance(by: 1)
      ahead = c.node("db3")!.appliedAhead
    }
    try #require(!ahead.isEmpty)
    _ = try c.crash("db3", kind: .process)
    _ = c.testHappenings()
    _ = try c.restart("db3")
    let skipped = c.testHappenings().contains {
      guard case .control(let n) = $0, let e = n as? ApplierEvent, case .skippingCommitted(_, _, let list) = e else {
        return false
      }
      return Set(list) == ahead
    }
    #expect(skipped)
    c.settle()
    #expect(c.node("db3")?.data == c.master?.data)
  }

  /// Promoting a replica with gaps applies everything it received first.
  @Test func promotionFillsTheGaps() throws {
    var c = try Self.backlog(workers: 4, keys: 1000, preserve: false)
    while c.node("db3")!.appliedAhead.isEmpty { c.advance(by: 1) }
    _ = try c.crash("db1")
    _ = try c.crash("db2")
    _ = try c.promote("db3")
    let db3 = try #require(c.node("db3"))
    #expect(db3.applied == 1000)
    #expect(db3.appliedAhead.isEmpty)
    #expect(db3.data == c.node("db1")?.data)
  }

  @Test func theExecutedSetNamesTheGaps() {
    #expect(Explain.executedSet(applied: 3, ahead: [5, 7, 8]) == "seq 1-3, 5, 7-8")
    #expect(Explain.executedSet(applied: 0, ahead: [2]) == "seq 2")
    #expect(Explain.executedSet(applied: 0, ahead: []) == "none")
  }

  @Test func settingsAreParsedAndTheMasterIsRefused() {
    var lab = Interpreter(seed: 1)
    #expect(lab.execute("apply-workers db1 4").error?.contains("db1 is the master") == true)
    #expect(lab.execute("apply-workers db3 0").error != nil)
    #expect(lab.execute("preserve-commit-order db3 maybe").error?.contains("expected on or off") == true)
    #expect(lab.execute("apply-workers db3 4").error == nil)
    #expect(lab.execute("preserve-commit-order db3 off").error == nil)
    #expect(lab.cluster.node("db3")?.applyWorkers == 4)
    #expect(lab.cluster.node("db3")?.preserveCommitOrder == false)
  }
}
