import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// One of a real system's parameters as the lab's current settings make it, beside the lab setting
/// that stands for it: `rpl_semi_sync_source_timeout = 10000` beside `semi-sync timeout 10 s`.
public struct PresetParameter: Sendable, Equatable {
  /// The system's own name for it.
  public let name: String
  /// Its value in the system's own units and spelling.
  public let value: String
  /// The lab setting it comes from, written as the command that sets it.
  public let lab: String
}

extension Preset {
  /// The system's parameters, computed from the cluster as it is now: change a setting after the
  /// preset and the parameter changes with it.
  public func parameters(_ c: Cluster) -> [PresetParameter] {
    switch self {
    case .mysqlSemisync: Self.mysql(c)
    case .mariadbSemisync: Self.mariadb(c)
    case .postgresSync: Self.postgres(c)
    case .redisSentinel: Self.redis(c)
    case .mongodb: Self.mongo(c)
    case .patroni: Self.patroni(c)
    }
  }

  package static func mysql(_ c: Cluster) -> [PresetParameter] {
    semiSync(
      c, word: "source",
      acks: PresetParameter(
        name: "rpl_semi_sync_source_wait_for_replica_count", value: "\(c.semiSync.acks)",
        lab: "semi-sync acks \(c.semiSync.acks)"))
  }

  /// MariaDB keeps the older names (`master`, not `source`) and waits for one acknowledgement only.
  package static func mariadb(_ c: Cluster) -> [PresetParameter] {
    semiSync(
      c, word: "master",
      acks: PresetParameter(
        name: "acknowledgements waited for", value: c.semiSync.acks == 1 ? "1 (fixed)" : "1 only: no such setting",
        lab: "semi-sync acks \(c.semiSync.acks)"))
  }

  /// MySQL's and MariaDB's semi-sync under `word` (`source` or `master`), then orchestrator's.
  private static func semiSync(_ c: Cluster, word: String, acks: PresetParameter) -> [PresetParameter] {
    let semi = c.syncMode == .semi
    return [
      PresetParameter(
        name: "rpl_semi_sync_\(word)_enabled", value: semi ? "ON" : "OFF", lab: "sync-mode \(c.syncMode.rawValue)"),
      PresetParameter(
        name: "Rpl_semi_sync_\(word)_status (status)", value: semi && c.semiSyncActive ? "ON" : "OFF",
        lab: semi ? (c.semiSyncActive ? "semi-sync in force" : "fell back to async") : "-"),
      acks,
      PresetParameter(
        name: "rpl_semi_sync_\(word)_timeout", value: "\(c.semiSync.timeout)",
        lab: "semi-sync timeout \(typed(c.semiSync.timeout))"),
      PresetParameter(
        name: "rpl_semi_sync_\(word)_wait_point", value: c.semiSync.waitPoint.rawValue.uppercased(),
        lab: "semi-sync wait-point \(c.semiSync.waitPoint.rawValue)"),
      PresetParameter(
        name: "binlog_format", value: c.logFormat.rawValue.uppercased(), lab: "log-format \(c.logFormat.rawValue)"),
      PresetParameter(
        name: "orchestrator InstancePollSeconds", value: seconds(c.control.heartbeatInterval),
        lab: "heartbeat-interval \(typed(c.control.heartbeatInterval))"),
      PresetParameter(
        name: "orchestrator RecoverMasterClusterFilters", value: c.control.failover == .auto ? "[\"*\"]" : "[]",
        lab: "failover \(c.control.failover.rawValue)"),
      PresetParameter(
        name: "orchestrator RecoveryPeriodBlockSeconds", value: seconds(c.control.recoveryBlock),
        lab: "recovery-block \(typed(c.control.recoveryBlock))"),
      PresetParameter(
        name: "super_read_only on a restarted old master", value: c.control.stepsDown ? "ON" : "OFF",
        lab: "step-down \(c.control.stepsDown ? "on" : "off")"),
      rejoin(c, "old master's lost writes"),
    ]
  }

  package static func postgres(_ c: Cluster) -> [PresetParameter] {
    let sync = c.syncMode == .sync
    let names: String
    switch c.syncStandbys {
    case .all:
      // synchronous_standby_names has no word for "all": name them, and wait for as many.
      let replicas = c.nodeNames.filter { $0 != c.masterName && c.nodes[$0]?.isStandby == false }
      names = "'FIRST \(max(1, replicas.count)) (\(replicas.joined(separator: ", ")))'"
    case .first, .any: names = "'\(c.syncStandbys.text)'"
    }
    return [
      PresetParameter(
        name: "synchronous_standby_names", value: sync ? names : "''",
        lab: sync ? standbysCommand(c.syncStandbys) : "sync-mode \(c.syncMode.rawValue)"),
      PresetParameter(
        name: "synchronous_commit", value: sync ? c.commitLevel.rawValue : "local",
        lab: "sync-commit \(c.commitLevel.rawValue)"),
      PresetParameter(
        name: "Patroni synchronous_mode_strict", value: c.syncFallback == .wait ? "on" : "off",
        lab: "sync-fallback \(c.syncFallback.rawValue)"),
      PresetParameter(
        name: "wal_keep_size", value: retention(c.retention, unbounded: "slots keep all WAL"),
        lab: retentionCommand(c.retention)),
      PresetParameter(
        name: "Patroni loop_wait", value: seconds(c.control.heartbeatInterval),
        lab: "heartbeat-interval \(typed(c.control.heartbeatInterval))"),
      PresetParameter(name: "Patroni ttl", value: timeout(c, unit: 1000), lab: detectorCommand(c.control.detector)),
      PresetParameter(
        name: "Patroni pause", value: c.control.failover == .auto ? "false" : "true",
        lab: "failover \(c.control.failover.rawValue)"),
      rejoin(c, "old primary's lost writes"),
    ]
  }

  package static func redis(_ c: Cluster) -> [PresetParameter] {
    let priorities = c.nodeNames.filter { $0 != c.masterName }.map { "\($0) \(c.control.priority(of: $0))" }
    return [
      PresetParameter(
        name: "min-replicas-to-write", value: "\(c.minReplicas.toWrite)",
        lab: "min-replicas-to-write \(c.minReplicas.toWrite)"),
      PresetParameter(
        name: "min-replicas-max-lag", value: "\(c.minReplicas.maxLag / 1000)",
        lab: "min-replicas-max-lag \(c.minReplicas.maxLag / 1000)"),
      PresetParameter(
        name: "repl-backlog-size", value: retention(c.retention, unbounded: "1mb in Redis; unbounded here"),
        lab: retentionCommand(c.retention)),
      PresetParameter(
        name: "PSYNC outside the backlog", value: c.resyncMode == .auto ? "+FULLRESYNC" : "- (Redis always resyncs)",
        lab: "resync \(c.resyncMode.rawValue)"),
      PresetParameter(
        name: "sentinel down-after-milliseconds", value: timeout(c, unit: 1), lab: detectorCommand(c.control.detector)),
      PresetParameter(
        name: "sentinel PING period (fixed)",
        value: c.control.heartbeatInterval == 1000 ? "1 s" : "1 s (lab: \(c.control.heartbeatInterval.durationText))",
        lab: "heartbeat-interval \(typed(c.control.heartbeatInterval))"),
      PresetParameter(
        name: "replica-priority", value: priorities.joined(separator: ", "), lab: "replica-priority NODE N"),
      PresetParameter(
        name: "sentinel replica selection",
        value: c.control.method == .sentinel
          ? "priority, then offset, then run ID" : "- (lab uses \(c.control.method.rawValue))",
        lab: "election \(c.control.method.rawValue)"),
      rejoin(c, "old master's lost writes"),
    ]
  }

  package static func patroni(_ c: Cluster) -> [PresetParameter] {
    let s = c.control.lease.settings
    return [
      PresetParameter(
        name: "leader key (DCS)",
        value: c.control.regime == .lease ? "/service/lab/leader in etcd" : "- (not in force)",
        lab: "manager \(c.control.regime.rawValue)"),
      PresetParameter(name: "ttl", value: "\(s.ttl / 1000)", lab: "patroni ttl \(s.ttl / 1000)"),
      PresetParameter(name: "loop_wait", value: "\(s.loopWait / 1000)", lab: "patroni loop_wait \(s.loopWait / 1000)"),
      PresetParameter(
        name: "retry_timeout", value: "\(s.retryTimeout / 1000)", lab: "patroni retry_timeout \(s.retryTimeout / 1000)"),
      PresetParameter(
        name: "maximum_lag_on_failover", value: "\(s.maximumLagOnFailover) (WAL bytes; lab: entries)",
        lab: "patroni maximum_lag_on_failover \(s.maximumLagOnFailover)"),
      PresetParameter(
        name: "synchronous_mode", value: s.synchronousMode ? "true" : "false",
        lab: "patroni synchronous_mode \(s.synchronousMode ? "on" : "off")"),
      PresetParameter(
        name: "synchronous_mode_strict", value: s.synchronousModeStrict ? "true" : "false",
        lab: "patroni synchronous_mode_strict \(s.synchronousModeStrict ? "on" : "off")"),
      PresetParameter(
        name: "use_pg_rewind", value: c.data.rejoinMode == .rewind ? "true (rewinds a demoted leader)" : "false",
        lab: "rejoin \(c.data.rejoinMode.rawValue)"),
    ]
  }

  package static func mongo(_ c: Cluster) -> [PresetParameter] {
    let members = c.nodeNames.count
    var w = "1"
    if c.syncMode == .sync {
      switch c.syncStandbys {
      case .all: w = "\(members)"
      case .first(let n, _), .any(let n, _): w = n + 1 == members / 2 + 1 ? "\"majority\"" : "\(n + 1)"
      }
    }
    return [
      PresetParameter(
        name: "writeConcern.w", value: w,
        lab: c.syncMode == .sync ? standbysCommand(c.syncStandbys) : "sync-mode \(c.syncMode.rawValue)"),
      PresetParameter(
        name: "writeConcern.j", value: c.commitLevel == .on || c.commitLevel == .remoteApply ? "true" : "false",
        lab: "sync-commit \(c.commitLevel.rawValue)"),
      PresetParameter(
        name: "settings.heartbeatIntervalMillis", value: "\(c.control.consensus.heartbeatInterval)",
        lab: "manager \(c.control.regime.rawValue) (fixed)"),
      PresetParameter(
        name: "settings.electionTimeoutMillis", value: "\(c.control.consensus.electionTimeout)",
        lab: "manager \(c.control.regime.rawValue) (fixed)"),
      PresetParameter(
        name: "protocolVersion",
        value: c.control.regime == .consensus
          ? "1 (Raft-style terms and votes)" : "- (lab uses an orchestrator)",
        lab: "manager \(c.control.regime.rawValue)"),
      rejoin(c, "old primary's lost writes"),
    ]
  }

  /// What an old master does with the writes its successor lacks, as `rejoin` set it.
  package static func rejoin(_ c: Cluster, _ name: String) -> PresetParameter {
    let value =
      switch c.data.rejoinMode {
      case .rollback: "to rollback files"
      case .rewind: "pg_rewind"
      case .manual: "stays out"
      case .fullResync: "full resync"
      case .keep: "kept"
      }
    return PresetParameter(name: name, value: value, lab: "rejoin \(c.data.rejoinMode.rawValue)")
  }

  /// A duration as a learner would type it: `1h`, `30s`, `250ms`.
  package static func typed(_ t: SimTime) -> String {
    if t == 0 { return "0" }
    if t % 3_600_000 == 0 { return "\(t / 3_600_000)h" }
    if t % 60_000 == 0 { return "\(t / 60_000)m" }
    if t % 1000 == 0 { return "\(t / 1000)s" }
    return "\(t)ms"
  }

  package static func standbysCommand(_ names: StandbyNames) -> String {
    switch names {
    case .all: "sync-standbys all"
    case .first(let n, let list): "sync-standbys first \(n) \(list.joined(separator: " "))"
    case .any(let n, let list): "sync-standbys any \(n) \(list.joined(separator: " "))"
    }
  }

  package static func detectorCommand(_ d: FailureDetector) -> String {
    switch d {
    case .timeout(let t): "detector timeout \(typed(t.timeout))"
    case .phiAccrual(let p): "detector phi \(PhiAccrualDetector.text(p.threshold))"
    }
  }

  /// Whole seconds when the value is whole (`5`), else with decimals (`0.5`).
  package static func seconds(_ t: SimTime) -> String {
    var frac = String(t % 1000)
    frac = String(repeating: "0", count: 3 - frac.count) + frac
    while frac.hasSuffix("0") { frac.removeLast() }
    return frac.isEmpty ? "\(t / 1000)" : "\(t / 1000).\(frac)"
  }

  /// The detector's timeout in the system's unit (1 for milliseconds, 1000 for seconds).
  package static func timeout(_ c: Cluster, unit: SimTime) -> String {
    guard case .timeout(let d) = c.control.detector else { return "- (lab uses phi accrual)" }
    return unit == 1000 ? seconds(d.timeout) : "\(d.timeout / unit)"
  }

  package static func retention(_ r: Retention?, unbounded: String) -> String {
    switch r {
    case nil: unbounded
    case .entries(let n): "\(n) entries (the lab counts entries, not bytes)"
    case .age(let t): "- (lab keeps \(t.durationText) of log)"
    }
  }

  package static func retentionCommand(_ r: Retention?) -> String {
    switch r {
    case nil: "retention off"
    case .entries(let n): "retention \(n)"
    case .age(let t): "retention \(typed(t))"
    }
  }
}
