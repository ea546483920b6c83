import ReplLabModel

extension ReplicationState {
  /// The lag table's `state` column: pg_stat_replication's words where it has them.
  public var text: String {
    switch self {
    case .down: "down"
    case .snapshot: "snapshot"
    case .stopped: "stopped"
    case .connecting: "connecting"
    case .oldMaster: "old master"
    case .streaming: "streaming"
    case .catchup: "catchup"
    }
  }
}
