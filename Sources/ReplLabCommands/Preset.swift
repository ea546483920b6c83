import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// A named bundle of lab settings that makes the cluster behave like one real system, so a learner can
/// run the same failure under MySQL's, PostgreSQL's, Redis's or MongoDB's rules and compare.
///
/// A preset is only a starting point: it runs ordinary lab commands (each one a learner could type),
/// and `status` then shows the system's own parameter names beside the lab's settings, live.
public enum Preset: String, Sendable, CaseIterable {
  /// MySQL 8.4 with lossless semi-synchronous replication; orchestrator fails over.
  case mysqlSemisync = "mysql-semisync"
  /// MariaDB 10.11 semi-sync: one acknowledgement, AFTER_COMMIT by default; orchestrator fails over.
  case mariadbSemisync = "mariadb-semisync"
  /// PostgreSQL synchronous replication (FIRST 1); Patroni fails over.
  case postgresSync = "postgres-sync"
  /// Redis asynchronous replication; Sentinel detects and fails over.
  case redisSentinel = "redis-sentinel"
  /// A MongoDB replica set: majority write concern, Raft-style elections.
  case mongodb
  /// PostgreSQL with Patroni on etcd: a leader key with a TTL (the lease regime).
  case patroni

  /// The system in a few words, for the `preset` list and the status header.
  public var system: String {
    switch self {
    case .mysqlSemisync: "MySQL 8.4, lossless semi-sync, orchestrator for failover"
    case .mariadbSemisync: "MariaDB 10.11, semi-sync committing before the wait, orchestrator for failover"
    case .postgresSync: "PostgreSQL synchronous replication, failover by the lab's orchestrator"
    case .redisSentinel: "Redis asynchronous replication, Sentinel for failover"
    case .mongodb: "MongoDB replica set, majority write concern, elections"
    case .patroni: "PostgreSQL with Patroni on etcd: a leader key with a TTL"
    }
  }

  /// Whose vocabulary the parameters use, for sentences ("in MySQL's words").
  public var owner: String {
    switch self {
    case .mysqlSemisync: "MySQL's"
    case .mariadbSemisync: "MariaDB's"
    case .postgresSync: "PostgreSQL's"
    case .redisSentinel: "Redis's"
    case .mongodb: "MongoDB's"
    case .patroni: "Patroni's"
    }
  }

  /// The lab commands that set the preset up. Node lists come from the cluster as it is, so a preset
  /// applied after `add replica db4` names db4 too.
  public func commands(for c: Cluster) -> [String] {
    let replicas = c.nodeNames.filter { $0 != c.masterName && c.nodes[$0]?.isStandby == false }
    switch self {
    case .mysqlSemisync:
      return [
        "sync-mode semi", "semi-sync acks 1", "semi-sync timeout 10s", "semi-sync wait-point after_sync",
        "log-format row", "resync manual", "heartbeat-interval 5s", "detector timeout 10s",
        "manager orchestrator", "election most-up-to-date", "failover auto", "recovery-block 1h", "step-down off",
        "rejoin keep",
      ]
    case .mariadbSemisync:
      // MariaDB waits for one acknowledgement (it has no wait_for_slave_count), commits in the
      // engine before waiting (AFTER_COMMIT), and logs in MIXED format by default.
      return [
        "sync-mode semi", "semi-sync acks 1", "semi-sync timeout 10s", "semi-sync wait-point after_commit",
        "log-format mixed", "resync manual", "heartbeat-interval 5s", "detector timeout 10s",
        "manager orchestrator", "election most-up-to-date", "failover auto", "recovery-block 1h", "step-down off",
        "rejoin keep",
      ]
    case .postgresSync:
      return [
        "sync-mode sync", "sync-commit on", "sync-standbys first 1 \(replicas.joined(separator: " "))",
        "sync-fallback wait", "log-format row", "resync manual", "heartbeat-interval 10s",
        "detector timeout 30s", "manager orchestrator", "election most-up-to-date", "failover auto",
        "recovery-block 0",
        "step-down on", "rejoin manual",
      ]
    case .redisSentinel:
      return [
        "sync-mode async", "log-format mixed", "resync auto", "heartbeat-interval 1s",
        "detector timeout 30s", "manager orchestrator", "election sentinel", "failover auto", "recovery-block 0",
        "step-down on", "rejoin full-resync",
      ]
    case .mongodb:
      // No orchestrator: the members elect (electionTimeoutMillis 10000, heartbeatIntervalMillis
      // 2000), and w:"majority" counts the primary itself.
      return ["manager consensus", "write-concern majority", "log-format row", "resync manual", "rejoin rollback"]
    case .patroni:
      // Patroni's timings, ordered so that each step keeps loop_wait + 2 x retry_timeout <= ttl.
      let timings = ["patroni loop_wait 10", "patroni retry_timeout 10"]
      let ttl = ["patroni ttl 30"]
      return [
        "manager lease", "sync-mode async", "log-format row", "resync manual", "rejoin rewind",
      ] + (c.control.lease.settings.ttl >= 30_000 ? timings + ttl : ttl + timings) + [
        "patroni maximum_lag_on_failover 1048576", "patroni synchronous_mode off",
        "patroni synchronous_mode_strict off",
      ]
    }
  }
}
