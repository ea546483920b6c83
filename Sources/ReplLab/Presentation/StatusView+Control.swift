extension StatusView {
  /// The orchestrator's line: its settings, whom it suspects, and where the client's writes go.
  static func controlLine(_ c: Cluster) -> String {
    let k = c.control
    var parts = ["failover \(k.failover.rawValue)"]
    if k.failover == .auto || k.method != .mostUpToDate { parts.append("election \(k.method.rawValue)") }
    parts.append("detector \(k.detector.description)")
    parts.append("fencing \(k.fencing ? "on" : "off")")
    let suspected = k.orchestrator.suspected(in: c.nodeNames)
    var text = "orch (orchestrator): " + parts.joined(separator: ", ")
    text += suspected.isEmpty ? "; suspects nobody." : "; suspects \(Explain.list(suspected))."
    let target = k.router.master ?? "nobody"
    text += k.router.viaProxy ? " The proxy sends writes to \(target)." : " app sends writes to \(target)."
    return text
  }

  /// Partitions, loss and jitter, when there are any.
  static func networkLine(_ c: Cluster) -> String? {
    var parts: [String] = []
    var done: Set<String> = []
    for name in c.endpointNames where !done.contains(name) {
      let cut = c.cutOff(from: name)
      guard !cut.isEmpty else { continue }
      parts.append("\(name) cannot reach \(Explain.list(cut))")
      done.insert(name)
      // Report each pair once: the other end's view adds nothing new when it only mirrors this one.
      for other in cut where c.cutOff(from: other).allSatisfy({ $0 == name || done.contains($0) }) { done.insert(other) }
    }
    if c.network.lossRate > 0 { parts.append("loss \(Explain.fixed(c.network.lossRate * 100, 1))%") }
    if c.network.jitter > 0 { parts.append("jitter up to \(c.network.jitter.durationText)") }
    return parts.isEmpty ? nil : "network: " + parts.joined(separator: "; ") + "."
  }
}
