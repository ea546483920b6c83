import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct LogFormatTests {
  /// The writes of lesson 14: safe and unsafe expressions, all at t=0, then settled.
  static func cluster(_ format: LogFormat) throws -> Cluster {
    var c = Cluster()
    c.setLogFormat(format)
    _ = try c.write("visits", .literal("0"))
    _ = try c.write("visits", .increment)
    _ = try c.write("visits", .increment)
    _ = try c.write("created", .now)
    _ = try c.write("lucky", .rand)
    _ = try c.write("token", .uuid)
    _ = try c.write("seen", .sysdate)
    c.settle()
    return c
  }

  /// The master's log entry that wrote `key` last.
  static func entry(_ key: String, in c: Cluster) -> LogEntry? {
    guard let id = c.keys.id(of: key) else { return nil }
    return c.master?.log.entries(from: 0).last { $0.op.key == id }
  }

  /// Found by a random fault schedule: with writes waiting for a synchronous replica, the master
  /// computed the second `incr` from its committed value, ignoring the first, while replicas running
  /// the statements counted both.
  @Test(arguments: [LogFormat.statement, .row])
  func anIncrementBuildsOnTheMastersWaitingWrites(_ format: LogFormat) throws {
    var c = Cluster()
    c.setLogFormat(format)
    c.setSyncMode(.sync)
    _ = try c.crash("db3")
    _ = try c.write("visits", .increment)
    _ = try c.write("visits", .increment)
    #expect(c.master?.applied == 0, "both wait for db3")
    _ = try c.restart("db3")
    c.settle()
    for node in ["db1", "db2", "db3"] { #expect(c.testValue(of: "visits", on: node) == "2", "on \(node)") }
  }

  @Test func anIncrementOfAWaitingNonNumberIsRefused() throws {
    var c = Cluster()
    c.setSyncMode(.sync)
    _ = try c.crash("db3")
    _ = try c.write("visits", "many")
    #expect(throws: ClusterError.self) { _ = try c.write("visits", .increment) }
  }

  @Test func expressionWordsParseCaseInsensitively() {
    #expect(Expression(value: "RAND()") == .rand)
    #expect(Expression(value: "uuid()") == .uuid)
    #expect(Expression(value: "Now()") == .now)
    #expect(Expression(value: "sysdate()") == .sysdate)
    #expect(Expression(value: "rand") == .literal("rand"))
  }

  @Test func statementFormatMakesUnsafeExpressionsDiverge() throws {
    let c = try Self.cluster(.statement)
    for replica in ["db2", "db3"] {
      for key in ["token", "seen"] {
        #expect(c.testValue(of: key, on: replica) != nil)
        #expect(c.testValue(of: key, on: replica) != c.testValue(of: key, on: "db1"), "\(key) on \(replica)")
      }
      // MySQL logs RAND()'s seed: the replicas draw the master's number.
      #expect(c.testValue(of: "lucky", on: replica) == c.testValue(of: "lucky", on: "db1"))
    }
    // Each replica draws its own UUID.
    #expect(c.testValue(of: "token", on: "db2") != c.testValue(of: "token", on: "db3"))
    // sysdate() reads the clock where the statement runs: the master at 0 ms, the replicas at 10 ms.
    #expect(c.testValue(of: "seen", on: "db1") == "09:00:00.000")
    #expect(c.testValue(of: "seen", on: "db2") == "09:00:00.010")
  }

  @Test func statementFormatKeepsNowAndIncrementInAgreement() throws {
    let c = try Self.cluster(.statement)
    for node in ["db1", "db2", "db3"] {
      #expect(c.testValue(of: "visits", on: node) == "2")
      #expect(c.testValue(of: "created", on: node) == "09:00:00.000")
    }
    #expect(Self.entry("created", in: c)?.statement == .now)
    #expect(Self.entry("visits", in: c)?.statement == .increment)
  }

  @Test func rowFormatNeverDiverges() throws {
    let c = try Self.cluster(.row)
    for replica in ["db2", "db3"] {
      #expect(c.node(replica)?.data == c.node("db1")?.data)
      #expect(ChecksumView.differences(c.node(replica)!, c.node("db1")!, in: c).isEmpty)
    }
    #expect(c.master?.log.entries(from: 0).allSatisfy { $0.statement == nil } == true)
  }

  @Test func mixedShipsUnsafeExpressionsAsRows() throws {
    let c = try Self.cluster(.mixed)
    #expect(Self.entry("lucky", in: c)?.statement == nil)
    #expect(Self.entry("token", in: c)?.statement == nil)
    #expect(Self.entry("seen", in: c)?.statement == nil)
    #expect(Self.entry("created", in: c)?.statement == .now)
    #expect(Self.entry("visits", in: c)?.statement == .increment)
    #expect(c.master?.log.entry(1)?.statement == .literal("0"))
    for replica in ["db2", "db3"] {
      #expect(c.node(replica)?.data == c.node("db1")?.data)
    }
  }

  @Test func theRowImageIsTheMastersValueInEveryFormat() throws {
    for format in LogFormat.allCases {
      let c = try Self.cluster(format)
      let lucky = try #require(Self.entry("lucky", in: c))
      guard case .set(_, let value) = lucky.op else {
        Issue.record("expected a set, got \(lucky.op)")
        continue
      }
      #expect(value == c.testValue(of: "lucky", on: "db1"))
    }
  }

  // MARK: incr

  @Test func incrementOfAMissingKeyStartsAtOne() throws {
    var c = Cluster()
    let w = try c.write("visits", .increment)
    #expect(w.seq == 1)
    #expect(c.testValue(of: "visits", on: "db1") == "1")
  }

  @Test func incrementOfANonNumberIsRefusedAndUsesNoSeq() throws {
    var c = Cluster()
    _ = try c.write("name", "ada")
    #expect(throws: ClusterError.notANumber(key: "name", value: "ada")) {
      try c.write("name", .increment)
    }
    #expect(c.master?.log.lastSeq == 1)
    #expect(c.testValue(of: "name", on: "db1") == "ada")
    #expect(c.pendingWrites.isEmpty)
    #expect(try c.write("other", "x").seq == 2)
  }

  @Test func theInterpreterReportsANonNumber() {
    var i = Interpreter()
    _ = i.execute("set name ada")
    let r = i.execute("incr name")
    #expect(r.error == #"name holds "ada", which is not a whole number, so it cannot be incremented"#)
    #expect(i.cluster.master?.log.lastSeq == 1)
  }

  // MARK: checksum

  @Test func checksumNamesTheKeysThatDiffer() throws {
    let c = try Self.cluster(.statement)
    #expect(ChecksumView.differences(c.node("db2")!, c.node("db1")!, in: c) == ["seen", "token"])
    let text = ChecksumView.render(c)
    #expect(text.contains(#"db2 differs on seen: "09:00:00.010" vs "09:00:00.000"; token: "#))
    #expect(text.contains("db3 differs on seen"))
    #expect(!text.contains("lucky:"))
    #expect(!text.contains("visits:"))
    #expect(!text.contains("created:"))
    #expect(!text.contains("Every node holds the same data"))
  }

  @Test func checksumOfAgreeingNodes() throws {
    let c = try Self.cluster(.row)
    let text = ChecksumView.render(c)
    #expect(text.hasSuffix("Every node holds the same data as db1."))
    #expect(!text.contains("differs on"))
    let sums = c.orderedNodes.map { ChecksumView.checksum($0.data, in: c) }
    #expect(Set(sums).count == 1)
  }

  @Test func checksumBeforeSettleWarnsAboutEntriesInFlight() throws {
    var c = Cluster()
    _ = try c.write("k", "v")
    let text = ChecksumView.render(c)
    #expect(text.contains("db2 differs on k: (nil) vs \"v\""))
    #expect(text.hasSuffix("Some entries are still in flight; `settle` first to tell lag from divergence."))
  }
}
