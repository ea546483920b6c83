import Testing

@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct ExplainTests {
  /// db1 wrote k=a (everywhere) then k=b (only on db1 so far).
  static func staleCluster() throws -> Cluster {
    var c = Cluster()
    _ = try c.write("k", "a")
    c.settle()
    _ = try c.write("k", "b")
    return c
  }

  // MARK: Reads

  @Test func staleRead() throws {
    var c = try Self.staleCluster()
    let text = Explain.read(try c.read("k", from: "db2"))
    #expect(text.contains("stale"))
    #expect(
      text
        == #""a" from db2 (replica, applied seq 1): stale, the master has "b"; db2 is 1 entry behind the master (seq 2)."#
    )
  }

  @Test func staleReadOfAKeyTheMasterDeleted() throws {
    var c = try Self.staleCluster()
    _ = try c.write("k", nil as String?)
    let text = Explain.read(try c.read("k", from: "db3"))
    #expect(
      text
        == #""a" from db3 (replica, applied seq 1): stale, the master has no value; db3 is 2 entries behind the master (seq 3)."#
    )
  }

  @Test func upToDateRead() throws {
    var c = try Self.staleCluster()
    c.settle()
    let text = Explain.read(try c.read("k", from: "db2"))
    #expect(!text.contains("stale"))
    #expect(text == #""b" from db2 (replica, applied seq 2), up to date with the master."#)
  }

  @Test func behindButCurrentForThisKey() throws {
    var c = Cluster()
    _ = try c.write("k", "a")
    c.settle()
    _ = try c.write("other", "x")
    let text = Explain.read(try c.read("k", from: "db2"))
    #expect(!text.contains("stale"))
    #expect(
      text
        == #""a" from db2 (replica, applied seq 1): current for this key, though db2 is 1 entry behind the master (seq 2)."#
    )
  }

  @Test func readFromTheMaster() throws {
    var c = try Self.staleCluster()
    #expect(Explain.read(try c.read("k")) == #""b" from db1 (master, applied seq 2)"#)
    #expect(Explain.read(try c.read("missing")) == "(nil) from db1 (master, applied seq 2)")
  }

  @Test func readWithTheMasterDown() throws {
    var c = try Self.staleCluster()
    _ = try c.crash("db1")
    let text = Explain.read(try c.read("k", from: "db2"))
    #expect(text == #""a" from db2 (replica, applied seq 1); the master is down, so nothing newer can be checked."#)
  }

  // MARK: Writes

  @Test func writeSentences() throws {
    var c = Cluster()
    #expect(
      Styled.plain(Explain.write(try c.write("k", "v")))
        == "OK  seq 1 on db1 (master, epoch 1). async: acknowledged before any replica has it.")
    c.setSyncMode(.semi)
    #expect(
      Styled.plain(Explain.write(try c.write("k", "v")))
        == "OK  seq 2 on db1 (master, epoch 1). semi-sync: acknowledged after 20 ms, once db2 had received it.")
    c.setSyncMode(.sync)
    #expect(
      Styled.plain(Explain.write(try c.write("k", "v")))
        == "OK  seq 3 on db1 (master, epoch 1). sync (remote_apply): acknowledged after 20 ms, once db2 and db3 had applied it."
    )
    _ = try c.crash("db3")
    let blocked = Styled.plain(Explain.write(try c.write("k", "v")))
    #expect(
      blocked
        == "WAITING  seq 4 on db1 (master, epoch 1). sync: after 10 s the client is still blocked: db3 (down) has not applied it. The lab will say when it is acknowledged."
    )
  }

  @Test func semiSyncFallbackSentences() throws {
    var c = Cluster()
    _ = try c.crash("db2")
    _ = try c.crash("db3")
    c.setSyncMode(.semi)
    let text = Styled.plain(Explain.write(try c.write("k", "v")))
    #expect(
      text
        == "OK  seq 1 on db1 (master, epoch 1), after 10 s: no replica received it in time, so the master fell back to async; for now the write exists only on db1."
    )
    let events = c.drainEvents().map { Styled.plain(Explain.event($0, in: c)) }
    #expect(
      events == [
        "  t=10.000s  semi-sync timed out after 10 s waiting for a replica to receive seq 1; db1 switched semi-sync OFF and acknowledges writes asynchronously"
      ])
    #expect(Styled.plain(Explain.write(try c.write("k", "w"))).contains("semi-sync is OFF after a timeout"))
  }

  // MARK: Failover

  @Test func promotionWithALostWrite() throws {
    var c = try Self.staleCluster()
    _ = try c.crash("db1")
    let report = try c.promote(nil)
    let text = Styled.plain(Explain.promotion(report, in: c))
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(
      lines[0]
        == "db2 is now master (epoch 2): it had received up to seq 1, the most of any live replica (db3 also seq 1; tie broken by name). db3 now follows db2."
    )
    #expect(lines[1].hasPrefix("Lost: seq 2"))
    #expect(lines[1].contains("was acknowledged"))
    #expect(lines[1] == "Lost: seq 2 (set k b) was acknowledged to its client by db1 but never reached any replica.")
  }

  @Test func promotionWithNothingLost() throws {
    var c = try Self.staleCluster()
    c.settle()
    _ = try c.crash("db1")
    let text = Styled.plain(Explain.promotion(try c.promote(nil), in: c))
    #expect(text.hasSuffix("\nNothing lost: db2 has every write db1 had."))
  }

  @Test func promotionByNameOfALaggingReplica() throws {
    var c = Cluster()
    try c.setLatency(1000, for: "db3")
    _ = try c.write("k", "a")
    c.advance(by: 20)
    _ = try c.crash("db1")
    let text = Styled.plain(Explain.promotion(try c.promote("db3"), in: c))
    #expect(
      text == """
        db3 is now master (epoch 2): as asked, although db2 had more of the log (seq 1 against seq 0). db2 now follows db3.
        Lost: seq 1 (set k a) was acknowledged to its client by db1 but never reached db3; db2 has it and will discard it.
        """)
  }

  @Test func promotionWithAnUnacknowledgedLostWrite() throws {
    var c = Cluster()
    try c.setLatency(60_000, for: "db2")
    try c.setLatency(60_000, for: "db3")
    c.setSyncMode(.sync)
    _ = try c.write("k", "a")
    _ = try c.crash("db1")
    let lines = Styled.plain(Explain.promotion(try c.promote(nil), in: c)).split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.last?.hasPrefix("Lost: seq 1 (set k a) was never acknowledged to its client") == true)
    #expect(lines.last?.hasSuffix("never reached any replica.") == true)
  }

  @Test func restartOfAnOldMaster() throws {
    var c = try Self.staleCluster()
    _ = try c.crash("db1")
    _ = try c.promote(nil)
    _ = c.drainEvents()
    let text = Explain.restart(try c.restart("db1"))
    #expect(
      text
        == "db1 restarted and learns that db2 is master in epoch 2 (it was master in epoch 1), so it rejoins as db2's replica and will discard any write db2 never had."
    )
    c.settle()
    let events = c.drainEvents().map { Styled.plain(Explain.event($0, in: c)) }
    #expect(events == ["  t=0.040s  db1 rolled back 1 write that db2 never had, now discarded: seq 2 (set k b)"])
  }

  @Test func otherRestartSentences() throws {
    var c = Cluster()
    _ = try c.write("k", "a")
    _ = try c.crash("db2")
    #expect(Explain.restart(try c.restart("db2")) == "db2 restarted and asks db1 for everything from seq 1.")
    _ = try c.crash("db1")
    #expect(Explain.restart(try c.restart("db1")) == "db1 restarted as master (epoch 1); its replicas reconnect.")
  }

  @Test func crashSentences() {
    let c = Cluster()
    #expect(
      Explain.crash("db2", kind: .host, wasMaster: false, cutOff: [], in: c)
        == "db2's host crashed (power loss): nothing more leaves it; what it had sent that had not arrived is lost. Its log and data survive on disk; until it restarts it misses the master's writes."
    )
    let master = Explain.crash("db1", kind: .process, wasMaster: true, cutOff: [4, 5], in: c)
    #expect(
      master.hasPrefix(
        "db1's server process was killed (kill -9): its kernel still delivers what db1 had sent and closes its connections. Writes fail until a replica is promoted (`promote`) or db1 restarts (`restart db1`)."
      ))
    var auto = Cluster()
    auto.control.failover = .auto
    // Under failover auto nobody needs to type `promote`.
    #expect(
      Explain.crash("db1", kind: .host, wasMaster: true, cutOff: [], in: auto).hasSuffix(
        "Writes fail until the failover (failover auto) promotes a replica, or db1 restarts."))
    #expect(
      master.hasSuffix(
        "\nThe client waiting for seq 4, seq 5 lost its connection: it cannot tell whether the write survives."))
  }

  // MARK: Helpers

  @Test func listsAndPlurals() {
    #expect(Explain.list([]) == "nobody")
    #expect(Explain.list(["db2"]) == "db2")
    #expect(Explain.list(["db2", "db3"]) == "db2 and db3")
    #expect(Explain.list(["db2", "db3", "db4"]) == "db2, db3 and db4")
    #expect(Explain.plural(1, "entry") == "1 entry")
    #expect(Explain.plural(2, "entry") == "2 entries")
    #expect(Explain.plural(0, "write") == "0 writes")
    #expect(Explain.quoted("a b") == "\"a b\"")
    #expect(Explain.quoted("ab") == "ab")
  }

  @Test func timesInSentences() {
    #expect(SimTime(0).secondsText == "0.000s")
    #expect(SimTime(1520).secondsText == "1.520s")
    #expect(SimTime(7).secondsText == "0.007s")
    #expect(SimTime(121_540).secondsText == "121.540s")
    #expect(SimTime(999).durationText == "999 ms")
    #expect(SimTime(1000).durationText == "1 s")
    #expect(SimTime(1500).durationText == "1.5 s")
    #expect(SimTime(1520).durationText == "1.52 s")
    #expect(SimTime(60_000).durationText == "1 min")
    #expect(SimTime(125_000).durationText == "2 min 5 s")
  }
}
