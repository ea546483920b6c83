import ReplLabKernel

/// MySQL's semi-synchronous replication settings.
public struct SemiSyncSettings: Sendable, Equatable {
  /// rpl_semi_sync_source_wait_for_replica_count: replicas that must have received a write.
  public var acks = 1
  /// rpl_semi_sync_source_timeout: how long to wait before falling back to async.
  public var timeout: SimTime = 10_000
  /// rpl_semi_sync_source_wait_point.
  public var waitPoint: WaitPoint = .afterSync

  public enum WaitPoint: String, Sendable, CaseIterable {
    /// Wait for a replica before the engine commit: nobody sees the write until a replica has it.
    case afterSync = "after_sync"
    /// Commit first, then wait: other clients can read a write that a failover may then lose.
    case afterCommit = "after_commit"
  }
}

/// PostgreSQL's synchronous_commit: what a synchronous commit waits for.
public enum CommitLevel: String, Sendable, CaseIterable {
  /// Not even the master's own WAL flush: a master crash can lose its newest writes.
  case off
  /// The master's own flush only: replication is asynchronous.
  case local
  /// Synchronous standbys have written the WAL (the lab writes and flushes in one step).
  case remoteWrite = "remote_write"
  /// Synchronous standbys have flushed the WAL to disk (PostgreSQL's default).
  case on
  /// Synchronous standbys have replayed it: a read there sees the write.
  case remoteApply = "remote_apply"

  /// Whether commits wait for standbys at all.
  public var waitsForStandbys: Bool { self == .remoteWrite || self == .on || self == .remoteApply }
}

/// PostgreSQL's synchronous_standby_names: which standbys a synchronous commit waits for.
public enum StandbyNames: Sendable, Equatable {
  /// Every replica (the lab's default for `sync-mode sync`).
  case all
  /// FIRST n (a, b, ...): the first n connected in this priority order; the rest are potential.
  case first(Int, [String])
  /// ANY n (a, b, ...): a quorum of any n of them.
  case any(Int, [String])

  public var text: String {
    switch self {
    case .all: "all replicas"
    case .first(let n, let names): "FIRST \(n) (\(names.joined(separator: ", ")))"
    case .any(let n, let names): "ANY \(n) (\(names.joined(separator: ", ")))"
    }
  }

  /// Names the setting lists, if it lists any.
  public var listed: [String] {
    switch self {
    case .all: []
    case .first(_, let names), .any(_, let names): names
    }
  }
}

/// What a synchronous commit does when too few synchronous standbys are connected.
public enum SyncFallback: String, Sendable, CaseIterable {
  /// Keep waiting (PostgreSQL's behaviour; Patroni's synchronous_mode_strict).
  case wait
  /// Acknowledge without them and say so (degrading to asynchronous).
  case async
}

/// How much log the master keeps.
public enum Retention: Sendable, Equatable {
  /// Keep the newest N entries (like wal_keep_size or repl-backlog-size, counted in entries).
  case entries(Int)
  /// Keep entries younger than this (like binlog_expire_logs_seconds).
  case age(SimTime)

  public var text: String {
    switch self {
    case .entries(let n): "the newest \(n) entries"
    case .age(let t): "entries younger than \(t.durationText)"
    }
  }
}

/// What a replica does when the master no longer has the log it needs.
public enum ResyncMode: String, Sendable, CaseIterable {
  /// Ask for a full snapshot at once (Redis's +FULLRESYNC).
  case auto
  /// Stop with an error until `resync NODE` (MySQL error 1236, PostgreSQL "WAL segment already removed").
  case manual
}
