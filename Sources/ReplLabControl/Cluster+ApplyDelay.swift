import ReplLabKernel
import ReplLabModel

extension Cluster {
  /// `apply-delay NODE DURATION|off`: a delayed replica.
  public mutating func setApplyDelay(_ delay: SimTime?, for name: String) throws(ClusterError) {
    try data.setApplyDelay(delay, for: name)
  }
}

extension Cluster {
  /// `slot NODE on|off`.
  public mutating func setSlot(_ on: Bool, for name: String) throws(ClusterError) {
    try data.setSlot(on, for: name)
  }

  /// `max-slot-wal-keep N|off`.
  public mutating func setMaxSlotKeep(_ n: Int?) { data.setMaxSlotKeep(n) }
}
