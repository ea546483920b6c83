import ReplLabKernel
import ReplLabModel

/// The data plane's own commands, passed through unchanged: the control plane has no say in them.
/// Only this module may change `data`, so every change from above goes through `Cluster`.
extension Cluster {
  public mutating func startAudit() { data.startAudit() }
  public mutating func drainAudit() -> [Audit.Event] { data.drainAudit() }
  public mutating func drainEvents() -> [ClusterEvent] { data.drainEvents() }
  public mutating func commandStarts() { data.commandStarts() }
  public mutating func startLoad(count: Int, over duration: SimTime, keys: Int) throws(ClusterError) -> Int {
    try data.startLoad(count: count, over: duration, keys: keys)
  }
  public mutating func resync(_ name: String) throws(ClusterError) { try data.resync(name) }
  public mutating func addReplica(_ name: String, standby: Bool = false) throws(ClusterError) -> AddReplicaOutcome {
    try data.addReplica(name, standby: standby)
  }
  public mutating func remove(_ name: String) throws(ClusterError) { try data.remove(name) }
  public mutating func setSyncMode(_ mode: SyncMode) { data.setSyncMode(mode) }
  public mutating func setLatency(_ ms: SimTime, for name: String) throws(ClusterError) {
    try data.setLatency(ms, for: name)
  }
  public mutating func reseed(_ seed: UInt64) { data.reseed(seed) }
  public mutating func setApplyRate(_ rate: Int?, for name: String) throws(ClusterError) {
    try data.setApplyRate(rate, for: name)
  }
  public mutating func setSemiSync(_ settings: SemiSyncSettings) { data.setSemiSync(settings) }
  public mutating func setCommitLevel(_ level: CommitLevel) { data.setCommitLevel(level) }
  public mutating func setSyncStandbys(_ names: StandbyNames) throws(ClusterError) { try data.setSyncStandbys(names) }
  public mutating func setSyncFallback(_ fallback: SyncFallback) { data.setSyncFallback(fallback) }
  public mutating func setLogFormat(_ format: LogFormat) { data.setLogFormat(format) }
  public mutating func setRetention(_ r: Retention?) { data.setRetention(r) }
  public mutating func setMinReplicas(_ settings: MinReplicas) { data.setMinReplicas(settings) }
  public mutating func setResyncMode(_ mode: ResyncMode) { data.setResyncMode(mode) }
  public mutating func cancelWaitingCommits() throws(ClusterError) -> DataPlane.CancelledWait {
    try data.cancelWaitingCommits()
  }
  public mutating func setPositions(_ view: PositionView) { data.setPositions(view) }
  public mutating func setRejoinMode(_ mode: RejoinMode) { data.setRejoinMode(mode) }
  public mutating func repoint(_ name: String, to master: String, at coordinates: BinlogCoordinates?)
    throws(ClusterError) -> RepointReport
  {
    try data.repoint(name, to: master, at: coordinates)
  }
  public mutating func rewind(_ name: String) throws(ClusterError) -> (forkSeq: Int, count: Int) {
    try data.rewind(name)
  }
  public mutating func writeOnReplica(_ name: String, key: String, value: String?) throws(ClusterError)
    -> LocalTransaction
  {
    try data.writeOnReplica(name, key: key, value: value)
  }
}
