import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// `replica-status NODE`: Seconds_Behind_Source and pg_stat_replication's lags, as the real servers
/// measure them, beside the lab's own measure.
@Suite struct ReplicaStatusTests {
  static func field(_ text: String, _ name: String) -> String? {
    text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map {
      $0.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    }
  }

  @Test func aSlowApplierIsBehindByTheAgeOfWhatItApplies() {
    var lab = Lab()
    lab.run("load 1000 writes over 10s keys 50", "slow db3 50/s", "wait 3s")
    let out = lab.transcript("replica-status db3")
    let db3 = lab.cluster.node("db3")!
    let applying = db3.log.entry(db3.applied + 1)!
    #expect(Self.field(out, "Seconds_Behind_Source") == "\((lab.cluster.now - applying.time) / 1000)")
    #expect(Self.field(out, "Seconds_Behind_Source") == "1")
    #expect(Self.field(out, "Exec_Source_Log_Pos") == "seq \(db3.applied)")
    #expect(Self.field(out, "Read_Source_Log_Pos") == "seq \(db3.received)")
    #expect(Self.field(out, "replay_lag") == "1.519 s")
  }

  @Test func anIdleApplierSaysZeroHoweverLateItReceives() {
    var lab = Lab()
    lab.run("load 1000 writes over 10s keys 50", "delay db3 2s", "wait 4s")
    let out = lab.transcript("replica-status db3")
    #expect(Self.field(out, "Seconds_Behind_Source") == "0")
    #expect(out.contains("was committed 1.998 s ago"))
    // The master measures the round trip: two seconds there and two back.
    #expect(Self.field(out, "replay_lag") == "4 s")
  }

  @Test func aReceiverThatIsNotConnectedGivesNull() {
    var lab = Lab()
    lab.run("set a 1", "wait 1s", "crash master process")
    let out = lab.transcript("replica-status db2")
    #expect(Self.field(out, "Replica_IO_Running") == "Connecting")
    #expect(Self.field(out, "Seconds_Behind_Source") == "NULL")
    #expect(out.contains("pg_stat_replication: no row for db2"))
  }

  @Test func aCaughtUpReplicaHasNoLag() {
    var lab = Lab()
    lab.run("set a 1", "wait 1s")
    let out = lab.transcript("replica-status db2")
    #expect(Self.field(out, "Seconds_Behind_Source") == "0")
    #expect(Self.field(out, "replay_lag") == "NULL")
    #expect(out.contains("The lab: db2 has applied everything the master has."))
  }

  @Test func aDelayedReplicaShowsItsDelay() {
    var lab = Lab()
    lab.run("apply-delay db3 1h", "set a 1", "wait 10m")
    let out = lab.transcript("replica-status db3")
    #expect(Self.field(out, "SQL_Delay") == "3600")
    #expect(Self.field(out, "SQL_Remaining_Delay") == "3000")
    #expect(Self.field(out, "Seconds_Behind_Source") == "600")
  }

  @Test func theMasterAndADownReplicaAreSaidPlainly() {
    var lab = Lab()
    #expect(lab.transcript("replica-status db1").hasPrefix("db1 is the master"))
    #expect(lab.transcript("replica-status master").hasPrefix("db1 is the master"))
    lab.run("crash db2")
    #expect(lab.transcript("replica-status db2") == "db2 is down: nothing answers for it.")
  }

  @Test func badInputIsOneLineAndChangesNothing() throws {
    let none = try #require(MechanicsParserTests.error("replica-status"))
    #expect(none.contains("Usage: replica-status NODE"))
    #expect(!none.contains("\n"))
    var lab = Lab()
    let unknown = lab.transcript("replica-status db9")
    #expect(unknown.hasPrefix("error: there is no node named 'db9'"))
    #expect(lab.cluster.now == 0)
  }

  @Test func helpSaysWhereTheLabSimplifiesAndItCompletes() throws {
    let spec = try #require(CommandRegistry.spec(named: "replica-status"))
    #expect(spec.detail.contains("Simplified:"))
    #expect(spec.detail.contains("Seconds_Behind_Source"))
    let lab = Lab()
    #expect(lab.interpreter.completions(for: "replica-s") == ["replica-status"])
  }
}
