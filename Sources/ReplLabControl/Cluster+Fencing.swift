import ReplLabKernel
import ReplLabModel

extension Cluster {
  /// `demote NODE`: the operator resolves a split brain by hand. The stray master rolls back every
  /// write the cluster's master does not have (as pg_rewind would) and follows it.
  public mutating func demote(_ name: String) throws(ClusterError) -> DemoteReport {
    let report = try data.demote(name)
    control.orchestrator.splitBrainReported.remove(name)
    return report
  }
}
