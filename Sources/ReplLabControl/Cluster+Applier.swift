import ReplLabKernel
import ReplLabModel

extension Cluster {
  /// `position-store NODE file|table`.
  public mutating func setPositionStore(_ store: PositionStore, for name: String) throws(ClusterError) {
    try data.setPositionStore(store, for: name)
  }

  /// `apply-workers NODE N`.
  public mutating func setApplyWorkers(_ count: Int, for name: String) throws(ClusterError) {
    try data.setApplyWorkers(count, for: name)
  }

  /// `preserve-commit-order NODE on|off`.
  public mutating func setPreserveCommitOrder(_ on: Bool, for name: String) throws(ClusterError) {
    try data.setPreserveCommitOrder(on, for: name)
  }
}
