import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `status`: the cluster at a glance.
public enum StatusView {
  public static func render(_ c: Cluster, preset: Preset? = nil) -> String {
    var mode = c.syncMode.rawValue
    if c.syncMode == .semi { mode += c.semiSyncActive ? " (ON)" : " (OFF after a timeout)" }
    let master = c.masterName.map { m in c.nodes[m]?.isUp == true ? m : "\(m) (down)" } ?? "none"
    var lines = ["t=\(c.now.secondsText)  seed \(c.seed)  epoch \(c.epoch)  sync-mode \(mode)  master \(master)"]
    if let settings = settingsLine(c) { lines.append(settings) }
    // A clock column only once some clock is off: most lessons never skew one.
    let skewed = c.orderedNodes.contains { $0.clockOffset != 0 }
    var table = TextTable(
      ["node", "role", "state", "epoch", "received", "applied", "follows"] + (skewed ? ["clock"] : []))
    for n in c.orderedNodes {
      table.add(
        [
          n.name, Styled.mark(role(of: n, in: c), n.role == .master ? .master : .replica),
          n.isUp ? state(of: n) : Styled.mark(state(of: n), .down), "\(n.epoch)", "seq \(n.received)",
          "seq \(n.applied)", n.role == .replica ? (n.masterName ?? "-") : "-",
        ] + (skewed ? [Explain.offsetText(n.clockOffset)] : []))
    }
    lines.append(table.render())
    let cascading = c.orderedNodes.filter(\.cascades).map { ([$0.name] + c.data.upstreamChain(of: $0.name)) }
    if !cascading.isEmpty {
      lines.append("cascading: " + cascading.map { $0.joined(separator: " <- ") }.joined(separator: "; "))
    }
    if let positions = positionLines(c) { lines.append(positions) }
    lines.append(controlLine(c))
    if let network = networkLine(c) { lines.append(network) }
    if !c.pendingWrites.isEmpty {
      let shown = c.pendingWrites.prefix(10).map { "seq \($0.seq)" }.joined(separator: ", ")
      let more = c.pendingWrites.count > 10 ? " and \(c.pendingWrites.count - 10) more" : ""
      lines.append("waiting for acknowledgement: \(shown)\(more)")
    }
    if let preset { lines.append(PresetView.parameters(preset, in: c)) }
    if c.activeLoads > 0 {
      lines.append("traffic: \(c.activeLoads) load generator\(c.activeLoads == 1 ? "" : "s") running")
    }
    return lines.joined(separator: "\n")
  }

  /// The settings that matter right now, with the real systems' parameter names; nil when all are defaults.
  package static func settingsLine(_ c: Cluster) -> String? {
    var parts: [String] = []
    switch c.syncMode {
    case .async: break
    case .semi:
      parts.append(
        "semi-sync: wait_for_replica_count \(c.semiSync.acks), timeout \(c.semiSync.timeout) ms, wait_point \(c.semiSync.waitPoint.rawValue.uppercased())"
      )
    case .sync:
      parts.append(
        "sync: synchronous_commit \(c.commitLevel.rawValue), standbys \(c.syncStandbys.text), fallback \(c.syncFallback.rawValue)"
      )
    }
    if c.logFormat != .row { parts.append("binlog_format \(c.logFormat.rawValue.uppercased())") }
    if let r = c.retention { parts.append("retention: \(r.text)") }
    if c.resyncMode != .auto { parts.append("resync \(c.resyncMode.rawValue)") }
    if c.data.positions != .seq { parts.append("gtid_mode \(c.data.positions == .gtid ? "ON" : "OFF")") }
    if c.data.rejoinMode != .rollback { parts.append("rejoin \(c.data.rejoinMode.rawValue)") }
    if c.minReplicas.isOn {
      parts.append(
        "min-replicas-to-write \(c.minReplicas.toWrite), min-replicas-max-lag \(c.minReplicas.maxLag / 1000)")
    }
    return parts.isEmpty ? nil : parts.joined(separator: "; ")
  }

  /// Each node's own binlog end (`positions file`) or gtid_executed (`positions gtid`), with the
  /// transactions a replica has that the master lacks.
  package static func positionLines(_ c: Cluster) -> String? {
    switch c.data.positions {
    case .seq:
      return nil
    case .file:
      let rows = c.orderedNodes.map { n in
        "  \(n.name)  \(c.data.binlogPosition(of: n.name, after: n.log.lastSeq)?.text ?? "-")"
      }
      return (["binlog (SHOW BINARY LOG STATUS: each server's own file and offset):"] + rows).joined(separator: "\n")
    case .gtid:
      var rows = ["gtid_executed:"]
      for n in c.orderedNodes {
        let set = c.data.gtidSet(of: n.name)
        let parts =
          set.isEmpty
          ? ["(empty)"]
          : set.origins.map { o in
            var one = GTIDSet()
            for r in set.ranges[o]! { one.insert(o, r) }
            return Explain.gtidText(one)
          }
        let pad = String(repeating: " ", count: n.name.count)
        for (i, p) in parts.enumerated() { rows.append("  \(i == 0 ? n.name : pad)  \(p)") }
        let errant = c.data.errantGTIDs(of: n.name)
        if !errant.isEmpty, let m = c.masterName {
          rows.append("  \(pad)  errant: \(Explain.gtidShort(errant)), which \(m) lacks")
        }
      }
      return rows.joined(separator: "\n")
    }
  }

  package static func role(of n: Node, in c: Cluster) -> String {
    if n.name == c.masterName { return "master" }
    if n.role == .master { return "old master" }
    return n.isStandby ? "standby" : "replica"
  }

  package static func state(of n: Node) -> String {
    switch n.condition {
    case .down: "down"
    case .snapshot: "snapshot"
    case .stopped: "stopped"
    case .up:
      {
        var parts: [String] = []
        if let rate = n.applyRate { parts.append("\(rate)/s") }
        if n.applyWorkers > 1 { parts.append("\(n.applyWorkers) workers") }
        if n.applyWorkers > 1 && !n.preserveCommitOrder { parts.append("commit order off") }
        if let delay = n.applyDelay { parts.append("delay \(delay.durationText)") }
        if n.positionStore == .file { parts.append("position in a file") }
        return parts.isEmpty ? "up" : "up (\(parts.joined(separator: ", ")))"
      }()
    }
  }
}
