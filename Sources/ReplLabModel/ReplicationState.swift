import ReplLabKernel

/// What a node is doing, worked out from its flags in this one place.
public enum NodeCondition: Sendable, Equatable {
  /// Its process is not running.
  case down
  /// It waits for, or is loading, a snapshot and serves nothing until then.
  case snapshot
  /// Its replication stopped with an error (SHOW REPLICA STATUS's Last_IO_Error), say the log it
  /// needs was purged.
  case stopped
  case up
}

/// A replica's replication as its master sees it: pg_stat_replication's state, with the cases a
/// down or cut-off replica adds.
public enum ReplicationState: Sendable, Equatable {
  case down
  /// A snapshot is being sent to it or loaded.
  case snapshot
  /// Replication stopped with an error.
  case stopped
  /// Its master is down, or its connection broke, so it is connecting again.
  case connecting
  /// It still acts as master in an older epoch (it has not learned it was replaced).
  case oldMaster
  /// Caught up since it connected: it receives new writes as they come.
  case streaming
  /// Connected but still fetching what it missed.
  case catchup
}

extension Node {
  /// What the node is doing: down, loading a snapshot, stopped by an error, or up.
  public var condition: NodeCondition {
    if !isUp { return .down }
    if awaitingSnapshot { return .snapshot }
    if replicationError != nil || divergedAfter != nil { return .stopped }
    return .up
  }
}

extension DataPlane {
  /// `replica`'s replication state as the current master sees it; nil when there is no master or
  /// no such node.
  public func replicationState(of replica: String) -> ReplicationState? {
    // A cascading replica's connection is to its upstream replica, which sees it as a master would.
    let upstream = nodes[replica]?.cascades == true ? nodes[replica]?.masterName.flatMap { nodes[$0] } : master
    guard let m = upstream, let r = nodes[replica] else { return nil }
    let progress = m.replicas[replica]
    if !r.isUp { return .down }
    if r.awaitingSnapshot || progress?.sendingSnapshot == true { return .snapshot }
    if r.replicationError != nil || r.divergedAfter != nil { return .stopped }
    // Still pointed at a master that is gone (binlog positions wait for `repoint`).
    if r.role == .replica, let source = r.masterName, source != m.name, nodes[source]?.isUp != true {
      return .connecting
    }
    if !m.isUp || progress?.connected == false { return .connecting }
    if r.role == .master { return .oldMaster }
    if m.log.lastSeq - r.applied <= 0 || progress?.streaming == true { return .streaming }
    return .catchup
  }
}
