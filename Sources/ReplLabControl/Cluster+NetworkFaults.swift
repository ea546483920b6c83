import ReplLabKernel
import ReplLabModel

/// What `heal` did.
public struct HealReport: Sendable {
  /// How many links were cut.
  public let links: Int
  /// Replicas that asked their master for what they missed.
  public let resynced: [String]
  /// Whether the orchestrator re-announced the master to a client that missed it.
  public let reannounced: Bool
}

extension Cluster {
  /// `partition A... [from B...]`: cuts every link between the two sides (without `from`, between
  /// `side` and everything else). Messages on those links are lost, including those already on the
  /// wire. Clients' requests do not cross the simulated network, so a client still reaches every node;
  /// a partition only keeps announcements from reaching it.
  public mutating func partition(_ side: [String], from other: [String]) {
    for a in side {
      for b in other where a != b { data.cut(a, b) }
    }
    data.mark(side[0], .partitioned(side: side, other: other))
  }

  /// `heal`: every link works again. Replicas reconnect and catch up, the orchestrator tells a client
  /// that missed an announcement where the master is, and a failover that could not finish is tried
  /// again.
  public mutating func heal() -> HealReport {
    let links = data.network.cutLinks.count
    // Only replicas that were cut off from their master missed anything.
    let missed = data.nodeNames.filter { name in
      data.nodes[name]?.masterName.map { data.network.isCut(name, $0) } ?? false
    }
    data.healNetwork()
    data.mark(ControlPlane.orchestratorName, .healed)
    var resynced: [String] = []
    for name in missed {
      guard let n = data.nodes[name], n.isUp, n.role == .replica, let m = n.masterName, data.nodes[m]?.isUp == true
      else { continue }
      data.reconnect(name, to: m)
      resynced.append(name)
    }
    let reannounced = control.networkHealed(in: &data)
    return HealReport(links: links, resynced: resynced, reannounced: reannounced)
  }

  /// Endpoints cut off from `name`, in display order.
  public func cutOff(from name: String) -> [String] {
    data.endpointNames.filter { $0 != name && data.network.isCut(name, $0) }
  }

  /// `loss P`: the probability that a message is lost.
  public mutating func setLoss(_ p: Double) { data.setLoss(p) }

  /// `jitter DURATION`: up to this much extra random delay per message.
  public mutating func setJitter(_ ms: SimTime) { data.setJitter(ms) }
}
