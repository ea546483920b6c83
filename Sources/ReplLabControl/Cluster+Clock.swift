import ReplLabKernel
import ReplLabModel

extension Cluster {
  /// `clock NODE OFFSET`.
  public mutating func setClock(_ offset: SimTime, for name: String) throws(ClusterError) {
    try data.setClock(offset, for: name)
  }
}
