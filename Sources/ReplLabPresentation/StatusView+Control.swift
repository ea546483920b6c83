import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension StatusView {
  /// The orchestrator's line: its settings, whom it suspects, and where the client's writes go.
  package static func controlLine(_ c: Cluster) -> String {
    if c.control.regime == .lease { return leaseLine(c) }
    let k = c.control
    if k.regime == .consensus { return consensusLine(c) }
    var parts = ["failover \(k.failover.rawValue)"]
    if k.failover == .auto || k.method != .mostUpToDate { parts.append("election \(k.method.rawValue)") }
    parts.append("detector \(k.detector.description)")
    parts.append("step-down \(k.stepsDown ? "on" : "off")")
    if k.stonith { parts.append("fencing stonith") }
    let suspected = k.orchestrator.suspected(in: c.nodeNames)
    var text = "orch (orchestrator): " + parts.joined(separator: ", ")
    text += suspected.isEmpty ? "; suspects nobody." : "; suspects \(Explain.list(suspected))."
    // Where writes go gets a line of its own, so each stays within a 100-column terminal.
    let target = k.router.master ?? "nobody"
    text +=
      k.router.viaProxy
      ? "\nclients: the proxy sends writes to \(target)." : "\nclients: app sends writes to \(target)."
    return text
  }

  /// The replica set's line under `manager consensus`: each member's term and whom it follows, the
  /// timings, and where the client's writes go.
  package static func consensusLine(_ c: Cluster) -> String {
    let g = c.control.consensus
    let leaders = g.leaders(in: c.data)
    let primary = leaders.isEmpty ? "no primary" : "primary \(Explain.list(leaders))"
    let terms = c.nodeNames.map { "\($0) \(g.members[$0]?.term ?? 0)" }.joined(separator: ", ")
    var text =
      "consensus (no orchestrator): \(primary); election timeout \(g.electionTimeout.durationText), heartbeats every \(g.heartbeatInterval.durationText).\nterms: \(terms)."
    let target = c.control.router.master ?? "nobody"
    text +=
      c.control.router.viaProxy
      ? "\nclients: the proxy sends writes to \(target)." : "\nclients: app sends writes to \(target)."
    return text
  }

  /// Partitions, loss and jitter, when there are any.
  package static func networkLine(_ c: Cluster) -> String? {
    var parts: [String] = []
    if let cut = partitionText(c) { parts.append(cut) }
    if c.network.lossRate > 0 { parts.append("loss \(Explain.fixed(c.network.lossRate * 100, 1))%") }
    if c.network.jitter > 0 { parts.append("jitter up to \(c.network.jitter.durationText)") }
    return parts.isEmpty ? nil : "network: " + parts.joined(separator: "; ") + "."
  }

  /// `partitioned: db1, app | db2, db3, orch` when the cuts split the endpoints into clean groups,
  /// else the cut links one by one (`db2-db3 cut`).
  package static func partitionText(_ c: Cluster) -> String? {
    guard !c.network.cutLinks.isEmpty else { return nil }
    let endpoints = c.nodeNames + [c.control.deciderEndpoint, c.control.router.endpoint]
    var group: [String: Int] = [:]
    var groups: [[String]] = []
    for e in endpoints where group[e] == nil {
      // Everything reachable from e without crossing a cut link.
      var members = [e]
      group[e] = groups.count
      var i = 0
      while i < members.count {
        for other in endpoints where group[other] == nil && !c.network.isCut(members[i], other) {
          group[other] = groups.count
          members.append(other)
        }
        i += 1
      }
      groups.append(members)
    }
    let clean = endpoints.allSatisfy { a in
      endpoints.allSatisfy { b in a == b || (group[a] == group[b]) != c.network.isCut(a, b) }
    }
    if clean && groups.count > 1 {
      return "partitioned: "
        + groups.map { g in endpoints.filter { g.contains($0) }.joined(separator: ", ") }.joined(separator: " | ")
    }
    var pairs: [String] = []
    for (i, a) in endpoints.enumerated() {
      for b in endpoints[(i + 1)...] where c.network.isCut(a, b) { pairs.append("\(a)-\(b)") }
    }
    return pairs.isEmpty ? nil : "cut " + pairs.joined(separator: ", ")
  }
}
