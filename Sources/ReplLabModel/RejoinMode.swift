/// What a node does when it comes back holding writes its new master never had: an old master
/// after a failover, or a replica that had received more than the one promoted (`rejoin MODE`).
public enum RejoinMode: String, Sendable, CaseIterable {
  /// Undo them and say which (MongoDB's rollback, which writes them to rollback/ files).
  case rollback
  /// pg_rewind: rewind to the fork and follow; what was discarded is not listed (Patroni with
  /// use_pg_rewind runs it by itself).
  case rewind
  /// PostgreSQL alone: the node refuses to follow ("requested timeline N is not a child of this
  /// server's history") and stays out until `rewind NODE` (pg_rewind) or `resync NODE`
  /// (a new base backup).
  case manual
  /// Redis: the old master becomes a replica and loads a full copy of the master's data set; its
  /// own writes vanish without a word.
  case fullResync = "full-resync"
  /// MySQL with GTIDs: nothing undoes them; the node follows and keeps them as errant
  /// transactions, to be found and removed (rebuilt with a clone: `resync NODE`).
  case keep
}
