import ReplLabKernel

/// When the master answers a client's write.
public enum SyncMode: String, Sendable, CaseIterable {
  /// As soon as the master has the write (MySQL's and PostgreSQL's default).
  case async
  /// After at least one replica has received (stored) it, falling back to async after a timeout
  /// (MySQL's semi-synchronous replication, rpl_semi_sync_source_timeout).
  case semi
  /// After the synchronous replicas have applied it (PostgreSQL's synchronous_commit = remote_apply);
  /// a synchronous replica that is down blocks writes.
  case sync

  /// The lab's sentence about what an acknowledgement means in this mode.
  public var promise: String {
    switch self {
    case .async: "acknowledged before any replica has it"
    case .semi: "acknowledged once a replica has received it"
    case .sync: "acknowledged once every replica has applied it (the lab's default for sync)"
    }
  }
}

/// How the master treats one replica's acknowledgements now: pg_stat_replication's sync_state, with
/// MySQL's semi-sync status for `sync-mode semi`.
public enum SyncState: Sendable, Equatable {
  /// The master does not wait for it.
  case async
  /// MySQL semi-sync: on (the master waits for acknowledgements) or off (fell back to async).
  case semi(on: Bool)
  /// A synchronous standby: commits wait for it.
  case sync
  /// Listed under FIRST n but not among the first n connected: it takes over if one goes.
  case potential
  /// Listed under ANY n: any n of the listed acknowledge.
  case quorum
  /// A passive standby master, always replicated synchronously.
  case standby
}
