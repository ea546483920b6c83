/// `status`: the cluster at a glance.
public enum StatusView {
  public static func render(_ c: Cluster) -> String {
    var mode = c.syncMode.rawValue
    if c.syncMode == .semi { mode += c.semiSyncActive ? " (ON)" : " (OFF after a timeout)" }
    let master = c.masterName.map { m in c.nodes[m]?.isUp == true ? m : "\(m) (down)" } ?? "none"
    var lines = ["t=\(c.now.secondsText)  seed \(c.seed)  epoch \(c.epoch)  sync-mode \(mode)  master \(master)"]
    var table = TextTable(["node", "role", "state", "epoch", "received", "applied", "follows"])
    for n in c.orderedNodes {
      let role = n.name == c.masterName ? "master" : (n.role == .master ? "old master" : "replica")
      table.add([
        n.name, role, n.isUp ? "up" : "down", "\(n.epoch)", "seq \(n.received)", "seq \(n.applied)",
        n.role == .replica ? (n.masterName ?? "-") : "-",
      ])
    }
    lines.append(table.render())
    lines.append(controlLine(c))
    if let network = networkLine(c) { lines.append(network) }
    if !c.pendingWrites.isEmpty {
      lines.append("waiting for acknowledgement: \(c.pendingWrites.map { "seq \($0.seq)" }.joined(separator: ", "))")
    }
    return lines.joined(separator: "\n")
  }
}
