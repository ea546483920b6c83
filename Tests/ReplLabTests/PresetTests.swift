import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// `preset NAME` sets the lab the way a real system behaves, and `status` names that system's
/// parameters from the live settings.
@Suite struct PresetTests {
  @Test func mysqlSemisyncSetsLosslessSemiSyncAndOrchestrator() {
    var lab = Lab()
    let r = lab.run("preset mysql-semisync")
    #expect(r.error == nil)
    let c = lab.cluster
    #expect(c.syncMode == .semi)
    #expect(c.semiSync == SemiSyncSettings(acks: 1, timeout: 10_000, waitPoint: .afterSync))
    #expect(c.logFormat == .row)
    #expect(c.resyncMode == .manual)
    #expect(c.control.failover == .auto)
    #expect(c.control.method == .mostUpToDate)
    #expect(c.control.heartbeatInterval == 5000)
    #expect(c.control.detector == .timeout(TimeoutDetector(timeout: 10_000)))
    #expect(c.control.recoveryBlock == 3_600_000)
    #expect(c.control.stepsDown == false)
    #expect(lab.interpreter.preset == .mysqlSemisync)
  }

  @Test func postgresSyncNamesTheReplicasItFinds() {
    var lab = Lab()
    lab.run("add replica db4", "preset postgres-sync")
    let c = lab.cluster
    #expect(c.syncMode == .sync)
    #expect(c.commitLevel == .on)
    #expect(c.syncStandbys == .first(1, ["db2", "db3", "db4"]))
    #expect(c.syncFallback == .wait)
    #expect(c.control.detector == .timeout(TimeoutDetector(timeout: 30_000)))
    #expect(c.control.heartbeatInterval == 10_000)
    #expect(lab.run("status").output.contains("synchronous_standby_names        'FIRST 1 (db2, db3, db4)'"))
  }

  @Test func redisSentinelIsAsynchronousWithSentinelTimings() {
    var lab = Lab()
    lab.run("sync-mode semi", "preset redis-sentinel")
    let c = lab.cluster
    #expect(c.syncMode == .async)
    #expect(c.logFormat == .mixed)
    #expect(c.resyncMode == .auto)
    #expect(c.control.detector == .timeout(TimeoutDetector(timeout: 30_000)))
    #expect(c.control.heartbeatInterval == 1000)
    #expect(c.control.stepsDown)
  }

  @Test func mongodbWaitsForAMajorityAndVotes() {
    var lab = Lab()
    lab.run("preset mongodb")
    #expect(lab.cluster.syncStandbys == .any(1, ["db2", "db3"]))
    #expect(lab.cluster.control.regime == .consensus)
    #expect(lab.run("status").output.contains("writeConcern.w                    \"majority\""))
    // Five members: a majority is three, so the primary waits for two others.
    lab.run("reset", "add replica db4", "add replica db5", "preset mongodb")
    #expect(lab.cluster.syncStandbys == .any(2, ["db2", "db3", "db4", "db5"]))
    #expect(lab.run("status").output.contains("\"majority\""))
  }

  @Test func statusFollowsSettingsChangedAfterThePreset() {
    var lab = Lab()
    lab.run("preset mysql-semisync")
    #expect(
      lab.run("status").output.contains("rpl_semi_sync_source_enabled                 ON          sync-mode semi"))
    lab.run("sync-mode async", "semi-sync timeout 2s")
    let status = lab.run("status").output
    #expect(status.contains("rpl_semi_sync_source_enabled                 OFF         sync-mode async"))
    #expect(status.contains("rpl_semi_sync_source_timeout                 2000        semi-sync timeout 2s"))
  }

  @Test func semiSyncFallbackShowsInTheStatusVariable() {
    var lab = Lab()
    lab.run("preset mysql-semisync", "semi-sync timeout 1s", "crash db2", "crash db3", "set k v")
    #expect(
      lab.run("status").output.contains("Rpl_semi_sync_source_status (status)         OFF         fell back to async"))
  }

  @Test func resetAndPresetOffDropTheParameterTable() {
    var lab = Lab()
    lab.run("preset redis-sentinel")
    #expect(lab.run("status").output.contains("sentinel down-after-milliseconds"))
    #expect(lab.run("preset off").error == nil)
    #expect(!lab.run("status").output.contains("sentinel down-after-milliseconds"))
    #expect(lab.cluster.control.detector == .timeout(TimeoutDetector(timeout: 30_000)), "preset off keeps the settings")
    #expect(lab.run("preset off").error?.contains("no preset is active") == true)
    lab.run("preset redis-sentinel", "reset")
    #expect(lab.interpreter.preset == nil)
    #expect(!lab.run("status").output.contains("sentinel"))
  }

  @Test func aPresetThatCannotApplyChangesNothing() {
    var lab = Lab()
    lab.run("remove db2", "remove db3")
    let before = lab.run("status").output
    let r = lab.run("preset postgres-sync")
    #expect(r.error?.contains("cannot apply here") == true)
    #expect(!(r.error ?? "").contains("\n"))
    #expect(lab.run("status").output == before)
    #expect(lab.cluster.syncMode == .async)
  }

  @Test func unknownPresetSuggestsTheClosest() {
    var lab = Lab()
    let r = lab.run("preset redis-sentinal")
    #expect(r.error?.contains("did you mean redis-sentinel?") == true)
    #expect(lab.run("preset a b").error != nil)
    #expect(lab.interpreter.completions(for: "preset m") == ["mariadb-semisync", "mongodb", "mysql-semisync"])
  }

  /// MariaDB is not MySQL 8.4: the older names, one acknowledgement only, AFTER_COMMIT by default
  /// (checked against MariaDB 10.11 by Scripts/conformance).
  @Test func mariadbWaitsForOneReplicaAfterCommitting() {
    var lab = Lab()
    lab.run("preset mariadb-semisync")
    #expect(lab.cluster.semiSync.waitPoint == .afterCommit)
    #expect(lab.cluster.logFormat == .mixed)
    let status = lab.run("status").output
    #expect(status.contains("rpl_semi_sync_master_wait_point"))
    #expect(status.contains("AFTER_COMMIT"))
    #expect(!status.contains("rpl_semi_sync_source"))
    lab.run("semi-sync acks 2")
    #expect(lab.run("status").output.contains("1 only: no such setting"))
  }

  @Test func presetListMarksTheActiveOne() {
    var lab = Lab()
    lab.run("preset mongodb")
    let list = lab.run("preset").output
    #expect(list.contains("mongodb           MongoDB replica set, majority write concern, elections  (active)"))
    #expect(Preset.allCases.allSatisfy { list.contains($0.rawValue) })
  }

  @Test func everyPresetCommandIsOneALearnerCanType() {
    // The preset is made of ordinary commands; each one must parse on its own.
    let c = Cluster(seed: 1)
    for preset in Preset.allCases {
      for line in preset.commands(for: c) {
        #expect(throws: Never.self, "\(preset.rawValue): \(line)") { _ = try Parser.parse(line) }
      }
    }
  }
}
