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
  /// `partition A... [from B...] [for DURATION]`: cuts every link between the two sides (without
  /// `from`, between `side` and everything else). Messages on those links are lost, including those
  /// already on the wire. With a window the links work again by themselves once it has passed.
  /// Clients' requests do not cross the simulated network, so a client still reaches every node; a
  /// partition only keeps announcements from reaching it.
  public mutating func partition(_ side: [String], from other: [String], for window: SimTime? = nil) {
    for a in side {
      for b in other where a != b { data.cut(a, b) }
    }
    data.mark(side[0], .partitioned(side: side, other: other))
    guard let window else { return }
    let w = PartitionWindow(ends: data.now + window, side: side, other: other, window: window)
    let i = partitionWindows.firstIndex { $0.ends > w.ends } ?? partitionWindows.count
    partitionWindows.insert(w, at: i)
  }

  /// `heal`: every link works again. Replicas reconnect and catch up, the orchestrator tells a client
  /// that missed an announcement where the master is, and a failover that could not finish is tried
  /// again.
  public mutating func heal() -> HealReport {
    partitionWindows = []
    return heal(data.network.cutLinks)
  }

  /// The soonest partition window is over: its links work again, as after `heal`.
  mutating func endPartitionWindow() {
    let w = partitionWindows.removeFirst()
    var links: Set<Network.Link> = []
    for a in w.side {
      for b in w.other where a != b { links.insert(Network.Link(a, b)) }
    }
    // A link another partition still holds stays cut.
    for other in partitionWindows {
      for a in other.side {
        for b in other.other { links.remove(Network.Link(a, b)) }
      }
    }
    let report = heal(links.intersection(data.network.cutLinks))
    data.note(.control(PartitionEnded(side: w.side, window: w.window, report: report)))
  }

  /// Makes `links` work again: replicas that were cut off from their master reconnect, and the
  /// control plane hears that the network healed.
  private mutating func heal(_ links: Set<Network.Link>) -> HealReport {
    // Only replicas that were cut off from their master missed anything.
    let missed = data.nodeNames.filter { name in
      data.nodes[name]?.masterName.map { links.contains(Network.Link(name, $0)) } ?? false
    }
    for link in links { data.healLink(link.a, link.b) }
    data.mark(ControlPlane.orchestratorName, .healed)
    var resynced: [String] = []
    for name in missed {
      guard let n = data.nodes[name], n.isUp, n.role == .replica, let m = n.masterName, data.nodes[m]?.isUp == true
      else { continue }
      data.reconnect(name, to: m)
      resynced.append(name)
    }
    let reannounced = control.networkHealed(in: &data)
    return HealReport(links: links.count, resynced: resynced, reannounced: reannounced)
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
