import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Parsing of the replication-mechanics commands: what they accept, and the one-line error for each
/// way of getting them wrong.
@Suite struct MechanicsParserTests {
  static let semiSyncUsage = "semi-sync [acks N | timeout DURATION | wait-point after_sync|after_commit]"
  static let standbysUsage = "sync-standbys all | first N NODE... | any N NODE..."
  static let loadUsage = "load N writes [over DURATION] [keys K]"
  static let slowUsage = "slow NODE RATE/s | slow NODE off"

  static func error(_ line: String) -> String? { ParserTests.error(line) }

  @Test(arguments: [
    ("incr visits", Command.incr(key: "visits")),
    ("semi-sync", .semiSync(nil)),
    ("semi-sync acks 2", .semiSync(.acks(2))),
    ("semi-sync timeout 2s", .semiSync(.timeout(2000))),
    ("semi-sync wait-point AFTER_COMMIT", .semiSync(.waitPoint(.afterCommit))),
    ("semi-sync wait-point after_sync", .semiSync(.waitPoint(.afterSync))),
    ("sync-commit remote_write", .syncCommit(.remoteWrite)),
    ("sync-commit ON", .syncCommit(.on)),
    ("sync-standbys all", .syncStandbys(.all)),
    ("sync-standbys FIRST 1 DB2 db3", .syncStandbys(.first(1, ["db2", "db3"]))),
    ("sync-standbys any 2 db2 db3", .syncStandbys(.any(2, ["db2", "db3"]))),
    ("sync-fallback async", .syncFallback(.async)),
    ("sync-fallback wait", .syncFallback(.wait)),
    ("add standby db4", .addStandby("db4")),
    ("log-format Mixed", .logFormat(.mixed)),
    ("checksum", .checksum),
    ("retention 400", .retention(.entries(400))),
    ("retention 30s", .retention(.age(30_000))),
    ("retention OFF", .retention(nil)),
    ("resync auto", .resyncMode(.auto)),
    ("resync manual", .resyncMode(.manual)),
    ("resync db3", .resync("db3")),
    ("resync master", .resync("master")),
    ("load 1000 writes over 10s keys 50", .load(count: 1000, over: 10_000, keys: 50)),
    ("load 5 writes", .load(count: 5, over: 0, keys: 100)),
    ("load 5 WRITES keys 3 over 1s", .load(count: 5, over: 1000, keys: 3)),
    ("slow db3 50/s", .slow("db3", 50)),
    ("slow db3 50", .slow("db3", 50)),
    ("slow db3 off", .slow("db3", nil)),
  ])
  func parses(_ line: String, _ expected: Command) throws {
    #expect(try Parser.parse(line) == expected)
  }

  // MARK: The errors

  @Test func semiSyncErrors() {
    let usage = ". Usage: " + Self.semiSyncUsage
    #expect(Self.error("semi-sync acks 0") == "acks must be between 1 and 16" + usage)
    #expect(Self.error("semi-sync acks 17") == "acks must be between 1 and 16" + usage)
    #expect(Self.error("semi-sync acks") == "`acks` needs a value" + usage)
    #expect(Self.error("semi-sync acks two") == "'two' is not a whole number for acks" + usage)
    #expect(Self.error("semi-sync timeout 5")?.hasPrefix("'5' is not a duration") == true)
    #expect(
      Self.error("semi-sync wait-point later") == "unknown wait point 'later'; use after_sync or after_commit" + usage)
    #expect(
      Self.error("semi-sync speed 1") == "unknown semi-sync setting 'speed'; use acks, timeout or wait-point" + usage)
    #expect(Self.error("semi-sync acks 1 2") == "semi-sync takes at most 2 arguments, but got '2' too" + usage)
  }

  @Test func syncCommitErrors() {
    let usage = ". Usage: sync-commit off|local|remote_write|on|remote_apply"
    #expect(Self.error("sync-commit maybe") == "unknown level 'maybe'" + usage)
    #expect(Self.error("sync-commit") == "sync-commit needs one more argument" + usage)
  }

  @Test func syncStandbysErrors() {
    let usage = ". Usage: " + Self.standbysUsage
    #expect(
      Self.error("sync-standbys first 3 db2 db3") == "3 synchronous standbys asked for, but only 2 listed" + usage)
    #expect(Self.error("sync-standbys any 1 db2 db2") == "a node is listed twice" + usage)
    #expect(Self.error("sync-standbys any 1 db2 DB2") == "a node is listed twice" + usage)
    #expect(Self.error("sync-standbys") == "sync-standbys needs all, first or any" + usage)
    #expect(Self.error("sync-standbys some 1 db2") == "unknown choice 'some'; use all, first or any" + usage)
    #expect(Self.error("sync-standbys first 1") == "`first` needs a number and at least one node" + usage)
    #expect(
      Self.error("sync-standbys any 0 db2") == "the number of synchronous standbys must be between 1 and 16" + usage)
    #expect(Self.error("sync-standbys all db2") == "sync-standbys takes at most 1 argument, but got 'db2' too" + usage)
    #expect(Self.error("sync-standbys first 1 db/2")?.hasPrefix("'db/2' is not a node name") == true)
  }

  @Test func syncFallbackErrors() {
    #expect(Self.error("sync-fallback never") == "unknown choice 'never'. Usage: sync-fallback wait|async")
  }

  @Test func logFormatErrors() {
    #expect(Self.error("log-format json") == "unknown format 'json'. Usage: log-format statement|row|mixed")
    #expect(Self.error("log-format") == "log-format needs one more argument. Usage: log-format statement|row|mixed")
  }

  @Test func retentionErrors() {
    let usage = ". Usage: retention N | DURATION | off"
    #expect(Self.error("retention 0") == "retention must be between 1 and 100000000" + usage)
    #expect(
      Self.error("retention 5x") == "'5x' is not a duration: write a positive number with a unit, like 250ms, 2s or 1m"
        + usage)
    #expect(Self.error("retention 10 20") == "retention takes at most 1 argument, but got '20' too" + usage)
  }

  @Test func resyncErrors() {
    #expect(Self.error("resync") == "resync needs one more argument. Usage: resync auto|manual | resync NODE")
    #expect(Self.error("resync db/3")?.hasPrefix("'db/3' is not a node name") == true)
  }

  @Test func loadErrors() {
    let usage = ". Usage: " + Self.loadUsage
    #expect(Self.error("load 0 writes") == "the number of writes must be between 1 and 1000000" + usage)
    #expect(Self.error("load 10") == "load needs one more argument" + usage)
    #expect(Self.error("load 10 items") == "expected `writes` after the number" + usage)
    #expect(Self.error("load 10 writes over") == "`over` needs a value" + usage)
    #expect(Self.error("load 10 writes fast 1") == "unknown option 'fast'; use over or keys" + usage)
    #expect(Self.error("load 10 writes keys 0") == "keys must be between 1 and 1000000" + usage)
    #expect(Self.error("load 10 writes over 0ms")?.contains("shorter than a millisecond") == true)
    #expect(Self.error("load many writes") == "'many' is not a whole number for the number of writes" + usage)
  }

  @Test func slowErrors() {
    let usage = ". Usage: " + Self.slowUsage
    #expect(Self.error("slow db3 0/s") == "the apply rate (entries per second) must be between 1 and 1000000" + usage)
    #expect(
      Self.error("slow db3 fast") == "'fast' is not a whole number for the apply rate (entries per second)" + usage)
    #expect(Self.error("slow db3") == "slow needs one more argument" + usage)
    #expect(Self.error("slow db/3 10/s")?.hasPrefix("'db/3' is not a node name") == true)
  }

  @Test func otherMechanicsErrors() {
    #expect(Self.error("incr") == "incr needs one more argument. Usage: incr KEY")
    #expect(Self.error("incr a/b")?.hasPrefix("'a/b' is not a key") == true)
    #expect(Self.error("checksum now") == "checksum takes no arguments, but got 'now' too. Usage: checksum")
    #expect(
      Self.error("add standby master") == "'master' is a reserved word; pick a name like db4. Usage: add standby NAME")
    #expect(Self.error("add standby") == "add standby needs one more argument. Usage: add standby NAME")
  }

  @Test func aRefusedLineChangesNothing() {
    var i = Interpreter()
    for line in [
      "semi-sync acks 0", "sync-standbys first 3 db2 db3", "sync-standbys any 1 db2 db2", "retention 0",
      "load 0 writes", "slow db3 0/s", "log-format json", "sync-commit maybe",
    ] {
      #expect(i.execute(line).error != nil, "\(line)")
    }
    #expect(i.cluster.semiSync == SemiSyncSettings())
    #expect(i.cluster.syncStandbys == .all)
    #expect(i.cluster.retention == nil)
    #expect(i.cluster.activeLoads == 0)
    #expect(i.cluster.node("db3")?.applyRate == nil)
    #expect(i.cluster.logFormat == .row)
    #expect(i.cluster.commitLevel == .remoteApply)
  }
}
