import ReplLabKernel
import ReplLabModel

extension Cluster {
  /// `apply-delay NODE DURATION|off`: a delayed replica.
  public mutating func setApplyDelay(_ delay: SimTime?, for name: String) throws(ClusterError) {
    try data.setApplyDelay(delay, for: name)
  }
}
