import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

/// `election sentinel` (the redis-sentinel preset) against what three real Sentinels do: when they
/// detect, how long the failover takes, whom they pick, and what happens to a returning old master.
@Suite struct SentinelTests {
  static let setup = ["preset redis-sentinel", "detector timeout 3000ms"]

  /// The number after `label` in `text` ("detection took 3.01 s").
  static func seconds(after label: String, in text: String) -> Double? {
    guard let r = text.range(of: label) else { return nil }
    let digits = text[r.upperBound...].prefix { $0.isNumber || $0 == "." }
    return Double(digits)
  }

  @Test func detectionIsNeverSoonerThanDownAfterMilliseconds() {
    for kind in ["process", "host"] {
      var lab = Lab()
      for line in Self.setup { lab.run(line) }
      // 1.5 s in, the last PING reply was 0.5 s before the crash: counting from it would detect at 2.5 s.
      lab.run("wait 1500ms", "crash master \(kind)")
      let out = lab.transcript("wait 10s")
      let took = Self.seconds(after: "detection took ", in: out)
      #expect(took != nil, "\(kind): \(out)")
      #expect((took ?? 0) >= 3.0, "\(kind) crash detected after \(took ?? 0) s, sooner than down-after-milliseconds")
      #expect((took ?? 99) <= 4.0, "\(kind) crash detected after \(took ?? 0) s")
    }
  }

  @Test func theFailoverTakesSentinelsStepsAndTime() {
    var lab = Lab()
    for line in Self.setup { lab.run(line) }
    lab.run("set k v1", "wait 100ms", "crash master process")
    let out = lab.transcript("wait 15s")
    let steps = [
      "+sdown", "+odown", "+elected-leader", "+selected-slave", "SLAVEOF NO ONE from", "+promoted-slave",
      "+switch-master",
    ]
    var last = out.startIndex
    for step in steps {
      guard let r = out.range(of: step, range: last..<out.endIndex) else {
        Issue.record("\(step) missing or out of order in:\n\(out)")
        return
      }
      last = r.upperBound
    }
    let detect = Self.seconds(after: "detection took ", in: out) ?? 0
    let total = Self.seconds(after: "writes had nowhere to go for ", in: out) ?? 0
    // Real Sentinels: +switch-master 1.1-2.2 s after +sdown (ODOWN, vote, SLAVEOF NO ONE, INFO).
    #expect(total - detect >= 1.1 && total - detect <= 2.2, "\(detect) s to detect, \(total) s in all")
  }

  @Test func sentinelRanksByPriorityThenOffsetThenRunID() {
    let a = SentinelCandidate(name: "db2", priority: 100, seq: 5, runID: "f0")
    let b = SentinelCandidate(name: "db3", priority: 100, seq: 5, runID: "0f")
    #expect(ControlPlane.sentinelRanks(b, before: a))
    let ahead = SentinelCandidate(name: "db2", priority: 100, seq: 6, runID: "ff")
    #expect(ControlPlane.sentinelRanks(ahead, before: b))
    let preferred = SentinelCandidate(name: "db2", priority: 50, seq: 1, runID: "ff")
    #expect(ControlPlane.sentinelRanks(preferred, before: ahead))
  }

  @Test func equalReplicasAreSplitByRunIDNotByName() throws {
    // A seed under which db3's run ID sorts before db2's, so a tie broken by name would pick db2.
    let seed = try #require(
      (1...50).first { s in
        SentinelState.runID(seed: UInt64(s), node: "db3", incarnation: 0)
          < SentinelState.runID(seed: UInt64(s), node: "db2", incarnation: 0)
      })
    var lab = Lab()
    lab.run("seed \(seed)")
    for line in Self.setup { lab.run(line) }
    lab.run("set k v1", "wait 100ms", "crash master process", "wait 15s")
    #expect(lab.cluster.masterName == "db3")
  }

  @Test func runIDsChangeAtEachStart() {
    let first = SentinelState.runID(seed: 1, node: "db2", incarnation: 0)
    #expect(first.count == 40)
    #expect(first != SentinelState.runID(seed: 1, node: "db2", incarnation: 1))
    #expect(first != SentinelState.runID(seed: 2, node: "db2", incarnation: 0))
  }

  @Test func aReturningOldMasterTakesWritesUntilASentinelConvertsIt() {
    var lab = Lab()
    for line in Self.setup { lab.run(line) }
    lab.run("replica-priority db3 0", "set k v1", "wait 100ms")
    // db1 takes a write its replicas never get, then its process is killed.
    lab.run("partition db1 from db2 db3", "set old x", "crash master process", "heal", "wait 15s")
    #expect(lab.cluster.masterName == "db2")
    let restart = lab.run("restart db1").output
    #expect(restart.contains("resumes as master in epoch 1, from its own configuration"))
    #expect(lab.cluster.node("db1")?.role == .master)
    let restartedAt = lab.cluster.now
    let out = lab.transcript("wait 15s")
    #expect(lab.cluster.node("db1")?.role == .replica)
    let converted = out.split(separator: "\n").first { $0.contains("+convert-to-slave") }
    let at = converted.flatMap { Self.seconds(after: "t=", in: String($0)) } ?? 0
    // Real Sentinels: +convert-to-slave 10.06-11.09 s after the restart (they reconnect with their
    // next PING, up to 1 s later, and act at the INFO poll 10 s after that).
    let after = at - Double(restartedAt) / 1000
    #expect(after >= 10.0 && after <= 11.0, "\(out)")
    // The preset's `rejoin full-resync`: Redis replaces the data set without naming what went.
    #expect(out.contains("db1 asks db2 for a full resync (+FULLRESYNC): its data set is replaced by a copy; seq 2"))
    #expect(lab.cluster.testValue(of: "old", on: "db1") == nil)
  }
}
