import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Replication slots (`slot NODE on|off`, `max-slot-wal-keep`): the master keeps what a slot's
/// replica has not confirmed, beyond retention, until the bound invalidates the slot.
@Suite struct ReplicationSlotTests {
  /// Retention 20, db3 down with a slot, 100 writes.
  static func cluster(slot: Bool) throws -> Cluster {
    var c = Cluster()
    c.setRetention(.entries(20))
    if slot { try c.setSlot(true, for: "db3") }
    _ = try c.crash("db3")
    for i in 1...100 { _ = try c.write("k\(i % 10)", "v\(i)") }
    c.settle()
    return c
  }

  @Test func withoutASlotTheMasterPurgesAndTheReplicaNeedsASnapshot() throws {
    var c = try Self.cluster(slot: false)
    #expect(c.master?.log.count == 20)
    _ = try c.restart("db3")
    c.settle()
    #expect(c.testHappenings().contains { if case .logPurged = $0 { true } else { false } })
    #expect(c.node("db3")?.applied == 100)
  }

  @Test func aSlotKeepsWhatItsReplicaLacksAndItCatchesUpFromTheLog() throws {
    var c = try Self.cluster(slot: true)
    #expect(c.master?.log.firstSeq == 1)
    #expect(c.master?.log.count == 100)
    #expect(c.data.walStatus(of: c.data.slots.byReplica["db3"]!) == .extended)
    _ = try c.restart("db3")
    c.settle()
    #expect(!c.testHappenings().contains { if case .logPurged = $0 { true } else { false } })
    #expect(c.node("db3")?.applied == 100)
    // Confirmed: the slot holds nothing back any more.
    #expect(c.master?.log.count == 20)
    #expect(c.data.slots.byReplica["db3"]?.confirmed == 100)
    #expect(c.data.walStatus(of: c.data.slots.byReplica["db3"]!) == .reserved)
  }

  @Test func theBoundInvalidatesTheSlotAndTheMasterPurges() throws {
    var c = try Self.cluster(slot: true)
    c.setMaxSlotKeep(50)
    #expect(c.data.slots.byReplica["db3"]?.lost == true)
    #expect(c.data.walStatus(of: c.data.slots.byReplica["db3"]!) == .lost)
    #expect(c.master?.log.count == 20)
    _ = try c.restart("db3")
    c.settle()
    #expect(c.node("db3")?.applied == 100)
  }

  @Test func aBoundAboveTheLagKeepsTheSlot() throws {
    var c = try Self.cluster(slot: true)
    c.setMaxSlotKeep(500)
    #expect(c.data.slots.byReplica["db3"]?.lost == false)
    #expect(c.master?.log.count == 100)
  }

  @Test func droppingTheSlotLetsTheMasterPurge() throws {
    var c = try Self.cluster(slot: true)
    try c.setSlot(false, for: "db3")
    #expect(c.master?.log.count == 20)
  }

  @Test func parsesAndRejectsBadValuesWithOneLine() throws {
    #expect(try Parser.parse("slot db3 on") == .slot("db3", true))
    #expect(try Parser.parse("SLOT db3 OFF") == .slot("db3", false))
    #expect(try Parser.parse("max-slot-wal-keep 500") == .maxSlotWalKeep(500))
    #expect(try Parser.parse("max-slot-wal-keep off") == .maxSlotWalKeep(nil))
    #expect(try Parser.parse("slots") == .slots)
    for line in ["slot db3", "slot db3 maybe", "max-slot-wal-keep -1", "max-slot-wal-keep lots", "slots db3"] {
      let text = try #require(MechanicsParserTests.error(line))
      #expect(!text.contains("\n"), "\(line): \(text)")
      #expect(text.contains("Usage:"), "\(line): \(text)")
    }
  }

  @Test func refusalsChangeNothing() {
    var lab = Lab()
    #expect(lab.transcript("slot db1 on").hasPrefix("error: db1 is the master"))
    #expect(lab.transcript("slot db9 on").hasPrefix("error: there is no node named 'db9'"))
    #expect(lab.cluster.data.slots.byReplica.isEmpty)
  }

  @Test func theViewShowsWhatASlotKeeps() {
    var lab = Lab()
    lab.run("retention 20", "slot db3 on", "crash db3 process", "load 100 writes over 1s", "wait 2s")
    let out = lab.transcript("slots")
    #expect(out.contains("db1 keeps seq 1-100 (100 entries); retention the newest 20 entries"))
    #expect(out.contains("db3        false   seq 1    extended    100 entries"), "\(out)")
    #expect(lab.transcript("max-slot-wal-keep 50").contains("Invalidated now: db3 (wal_status lost)."))
  }

  @Test func helpSaysWhereTheLabSimplifiesAndItCompletes() throws {
    for name in ["slot", "max-slot-wal-keep"] {
      let spec = try #require(CommandRegistry.spec(named: name))
      #expect(spec.detail.contains("Simplified:"))
    }
    let lab = Lab()
    #expect(lab.interpreter.completions(for: "slot") == ["slot", "slots"])
    #expect(lab.interpreter.completions(for: "max-sl") == ["max-slot-wal-keep"])
  }
}
