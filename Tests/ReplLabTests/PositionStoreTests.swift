import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Where a replica records its applied position (`position-store`, relay_log_info_repository): a
/// file written after the commit can fall behind the data in a crash; a table cannot.
@Suite struct PositionStoreTests {
  /// `set visits 0`, `incr visits` replicated; then a crash of db2's process placed after the next
  /// three events (the two senders, then db2 committing the next increment), and that increment.
  static func crashInTheWindow(store: PositionStore, format: LogFormat) throws -> Cluster {
    var c = Cluster()
    c.setLogFormat(format)
    try c.setPositionStore(store, for: "db2")
    _ = try c.write("visits", "0")
    _ = try c.write("visits", .increment)
    c.advance(by: 20)
    c.place(.crash(.node("db2"), .process), afterEvents: 3)
    _ = try c.write("visits", .increment)
    c.advance(by: 20)
    return c
  }

  @Test func theCrashFallsBetweenTheCommitAndTheFileWrite() throws {
    let c = try Self.crashInTheWindow(store: .file, format: .statement)
    let db2 = try #require(c.node("db2"))
    #expect(!db2.isUp)
    #expect(db2.applied == 3)
    #expect(db2.storedPosition == 2)
  }

  @Test func aFileBehindTheDataMakesStatementIncrementsCountTwice() throws {
    var c = try Self.crashInTheWindow(store: .file, format: .statement)
    _ = c.testHappenings()
    _ = try c.restart("db2")
    let reapplied = c.testHappenings().contains {
      guard case .control(let n) = $0, let e = n as? ApplierEvent else { return false }
      return e == .reapplying(node: "db2", stored: 2, applied: 3)
    }
    #expect(reapplied)
    c.settle()
    #expect(c.testValue(of: "visits", on: "db1") == "2")
    #expect(c.testValue(of: "visits", on: "db2") == "3")
    #expect(c.testValue(of: "visits", on: "db3") == "2")
    #expect(c.node("db2")?.applied == 3)
    #expect(c.node("db2")?.storedPosition == 3)
  }

  @Test func rowImagesWrittenTwiceLeaveTheSameValue() throws {
    var c = try Self.crashInTheWindow(store: .file, format: .row)
    _ = try c.restart("db2")
    c.settle()
    #expect(c.testValue(of: "visits", on: "db2") == "2")
    #expect(c.node("db2")?.data == c.master?.data)
  }

  @Test(arguments: [LogFormat.statement, .row])
  func aTableRestartsExactly(_ format: LogFormat) throws {
    var c = try Self.crashInTheWindow(store: .table, format: format)
    #expect(c.node("db2")?.storedPosition == 3)
    _ = c.testHappenings()
    _ = try c.restart("db2")
    let events = c.testHappenings()
    #expect(!events.contains { if case .control(let n) = $0 { n is ApplierEvent } else { false } })
    c.settle()
    #expect(c.testValue(of: "visits", on: "db2") == "2")
  }

  /// Outside the window the file has caught up, and a crash costs nothing.
  @Test func aCrashAfterTheFileWriteReappliesNothing() throws {
    var c = Cluster()
    c.setLogFormat(.statement)
    try c.setPositionStore(.file, for: "db2")
    _ = try c.write("visits", "0")
    _ = try c.write("visits", .increment)
    c.settle()
    #expect(c.node("db2")?.storedPosition == 2)
    _ = try c.crash("db2")
    _ = try c.restart("db2")
    c.settle()
    #expect(c.testValue(of: "visits", on: "db2") == "1")
  }

  /// A slow replica writes the file after each batch it applies, not only on receipt.
  @Test func aSlowReplicaWritesTheFileAfterEachBatch() throws {
    var c = Cluster()
    try c.setApplyRate(100, for: "db3")
    try c.setPositionStore(.file, for: "db3")
    for i in 1...20 { _ = try c.write("k\(i)", "v\(i)") }
    c.advance(by: 100)
    let db3 = try #require(c.node("db3"))
    #expect(db3.applied > 0 && db3.applied < 20)
    #expect(db3.storedPosition == db3.applied)
  }

  @Test func theMasterIsRefusedAndBadWordsAreExplained() {
    var lab = Interpreter(seed: 1)
    #expect(lab.execute("position-store db1 file").error?.contains("db1 is the master") == true)
    let bad = lab.execute("position-store db2 disk").error
    #expect(bad?.contains("unknown position store 'disk'; use file or table") == true)
    #expect(lab.execute("position-store db2 file").error == nil)
    #expect(lab.cluster.node("db2")?.positionStore == .file)
  }
}
