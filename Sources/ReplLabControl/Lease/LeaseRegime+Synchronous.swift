import ReplLabKernel
import ReplLabModel

extension LeaseRegime {
  /// synchronous_mode: the standby the leader keeps synchronous, if it still streams; else the
  /// first replica that does.
  package func currentSyncStandby(of leader: String, in data: DataPlane) -> String? {
    guard settings.synchronousMode, let m = data.nodes[leader] else { return nil }
    let streaming = data.nodeNames.filter { m.replicas[$0]?.connected == true && m.replicas[$0]?.streaming == true }
    if let s = store.syncStandby, streaming.contains(s) { return s }
    return streaming.first
  }

  /// The leader sets PostgreSQL's synchronous_standby_names as Patroni does: FIRST 1 (the standby)
  /// in synchronous_mode; with no standby, asynchronous, or under synchronous_mode_strict writes wait.
  package mutating func applySynchronousMode(leader: String, in data: inout DataPlane) {
    guard settings.synchronousMode else { return }
    let standby = currentSyncStandby(of: leader, in: data)
    let fallback: SyncFallback = settings.synchronousModeStrict ? .wait : .async
    if data.syncFallback != fallback { data.setSyncFallback(fallback) }
    if let standby {
      if data.syncStandbys != .first(1, [standby]) { try? data.setSyncStandbys(.first(1, [standby])) }
      if data.syncMode != .sync { data.setSyncMode(.sync) }
    } else if settings.synchronousModeStrict {
      if data.syncMode != .sync { data.setSyncMode(.sync) }
    } else if data.syncMode != .async {
      data.setSyncMode(.async)
    }
  }
}
