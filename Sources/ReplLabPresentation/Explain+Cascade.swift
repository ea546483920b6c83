import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// `replicate NODE from UPSTREAM`.
  public static func replicate(_ name: String, from upstream: String, wasListedSync: Bool, in c: Cluster) -> String {
    guard c.nodes[name]?.cascades == true else {
      return "\(name) now replicates from the master, \(upstream), and asks it for what it lacks."
    }
    let chain = [name] + c.data.upstreamChain(of: name)
    var lines = [
      "\(name) now cascades from \(upstream) (\(chain.joined(separator: " <- "))): \(upstream) relays to it what it has received from its own upstream; \(c.masterName ?? "the master") does not know \(name)."
    ]
    if wasListedSync || c.syncMode == .sync {
      lines.append(
        "\(name) can no longer be a synchronous standby: PostgreSQL ignores a cascaded standby named in synchronous_standby_names, and commits never wait for it."
      )
    }
    return lines.joined(separator: "\n")
  }
}

extension Refusal {
  public static func replicateNotReplica(_ name: String) -> String {
    "\(name) is not a replica; `replicate` re-points a replica (promote or demote changes a master)"
  }

  public static func replicateFromItself(_ name: String) -> String {
    "\(name) cannot replicate from itself; name the master or another replica"
  }

  public static func replicateLoop(_ name: String, upstream: String) -> String {
    "\(upstream) replicates (through others or directly) from \(name): the two would wait for each other for ever"
  }

  public static func replicateFromStray(_ name: String) -> String {
    "\(name) acts as a master beside the cluster's; name the master or one of its replicas"
  }

  public static func cascadedStandby(_ name: String, upstream: String) -> String {
    "\(name) cascades from \(upstream); PostgreSQL ignores a cascaded standby in synchronous_standby_names (only standbys connected to the primary count)"
  }

  public static func removeRelay(_ name: String, feeds: [String]) -> String {
    "\(name) feeds \(Explain.list(feeds)) (cascading); re-point \(feeds.count == 1 ? "it" : "them") first (`replicate \(feeds[0]) from master`)"
  }

  public static let cascadeUnderRegime =
    "under `manager raft|replica-set|lease` the members choose whom they follow; the lab cascades only under an operator or the orchestrator"
}
