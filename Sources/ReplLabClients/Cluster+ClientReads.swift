import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Cluster {
  /// How a wait for a replica ended.
  package enum ApplyWait: Equatable {
    case reached
    case timedOut
    case nodeDown
  }

  /// Runs the simulation until `node` has applied `seq`, the node goes down, or `limit` ms pass, as
  /// a client blocked in WAIT_FOR_EXECUTED_GTID_SET or on a remote_apply token would.
  package mutating func waitUntilApplied(_ seq: Int, on node: String, limit: SimTime) -> ApplyWait {
    guard let incarnation = data.nodes[node]?.incarnation else { return .nodeDown }
    let reached = run(
      until: data.now + limit,
      stopWhen: { c in
        guard let n = c.nodes[node], n.isUp, n.incarnation == incarnation else { return true }
        return n.applied >= seq
      })
    guard let n = data.nodes[node], n.isUp, n.incarnation == incarnation else { return .nodeDown }
    return reached ? .reached : .timedOut
  }
}
