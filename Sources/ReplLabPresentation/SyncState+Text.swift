import ReplLabModel

extension SyncState {
  /// As the lag table and `sync-standbys` show it: pg_stat_replication's words, `semi ON|OFF`.
  public var text: String {
    switch self {
    case .async: "async"
    case .semi(let on): on ? "semi ON" : "semi OFF"
    case .sync: "sync"
    case .potential: "potential"
    case .quorum: "quorum"
    case .standby: "sync (standby)"
    }
  }
}
