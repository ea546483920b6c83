import ReplLabKernel
import ReplLabModel

extension Cluster {
  /// `replicate NODE from UPSTREAM`.
  public mutating func repoint(_ name: String, to upstream: String) throws(ClusterError) {
    try data.repoint(name, to: upstream)
  }
}
