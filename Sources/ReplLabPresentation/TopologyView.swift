import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `topology`: each master and, indented under it, the replicas that follow it.
public enum TopologyView {
  public static func render(_ c: Cluster) -> String {
    var lines: [String] = []
    func describe(_ n: Node) -> String {
      var parts = ["\(StatusView.role(of: n, in: c)), epoch \(n.epoch)", StatusView.state(of: n)]
      if n.role == .replica {
        parts.append(c.data.replicationState(of: n.name)?.text ?? "-")
        parts.append("sync_state \(c.syncState(of: n.name).text)")
      }
      parts.append("applied seq \(n.applied)")
      return "\(n.name)  " + parts.joined(separator: ", ")
    }
    func walk(_ name: String, depth: Int, seen: Set<String>) {
      guard let n = c.nodes[name] else { return }
      lines.append(String(repeating: "  ", count: depth) + (depth > 0 ? "<- " : "") + describe(n))
      for r in c.nodeNames where !seen.contains(r) && c.nodes[r]?.role == .replica && c.nodes[r]?.masterName == name {
        walk(r, depth: depth + 1, seen: seen.union([r]))
      }
    }
    for row in TopologySVG.levels(c).prefix(1) {
      for name in row { walk(name, depth: 0, seen: [name]) }
    }
    var cut: [String] = []
    for (i, a) in c.nodeNames.enumerated() {
      for b in c.nodeNames[(i + 1)...] where c.cutOff(from: a).contains(b) { cut.append("\(a)-\(b)") }
    }
    if !cut.isEmpty { lines.append("cut links: " + cut.joined(separator: ", ")) }
    return lines.joined(separator: "\n")
  }
}
