import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `checksum`: pt-table-checksum for the lab. A checksum per node, and the keys that differ from the
/// master's data.
public enum ChecksumView {
  public static func render(_ c: Cluster) -> String {
    guard let m = c.master else { return "There is no master to compare with." }
    var table = TextTable(["node", "role", "keys", "checksum", "differs from \(m.name)"])
    var diverged: [String] = []
    for n in c.orderedNodes {
      let differing = n.name == m.name ? [] : differences(n, m, in: c)
      let role = StatusView.role(of: n, in: c)
      let state = n.isUp ? "" : " (down)"
      let note =
        n.name == m.name ? "-" : differing.isEmpty ? "no" : "\(differing.count) key\(differing.count == 1 ? "" : "s")"
      table.add([n.name + state, role, "\(n.data.count)", hex(checksum(n.data, in: c)), note])
      if !differing.isEmpty {
        let shown = differing.prefix(8).map { key -> String in
          let id = c.keys.id(of: key)!
          let mine = n.data[id].map { "\"\($0)\"" } ?? "(nil)"
          let theirs = m.data[id].map { "\"\($0)\"" } ?? "(nil)"
          return "\(key): \(mine) vs \(theirs)"
        }
        let more = differing.count > 8 ? ", and \(differing.count - 8) more" : ""
        diverged.append("\(n.name) differs on \(shown.joined(separator: "; "))\(more) (\(n.name) vs \(m.name)).")
      }
    }
    var lines = [table.render()]
    lines += diverged
    if diverged.isEmpty {
      lines.append("Every node holds the same data as \(m.name).")
    } else if c.messagesInFlight > 0 {
      lines.append("Some entries are still in flight; `settle` first to tell lag from divergence.")
    }
    return lines.joined(separator: "\n")
  }

  /// Keys whose values differ between two nodes, sorted by name.
  public static func differences(_ a: Node, _ b: Node, in c: Cluster) -> [String] {
    var out: [String] = []
    for i in 0..<c.keys.count {
      let id = KeyTable.ID(i)
      if a.data[id] != b.data[id] { out.append(c.keyName(id)) }
    }
    return out.sorted()
  }

  /// FNV-1a over the sorted key=value pairs: the same data gives the same checksum on every node.
  package static func checksum(_ data: KeyValueStore, in c: Cluster) -> UInt32 {
    var h: UInt32 = 2_166_136_261
    for (id, value) in data.pairs.sorted(by: { c.keyName($0.0) < c.keyName($1.0) }) {
      for b in c.keyName(id).utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
      h = (h ^ 61) &* 16_777_619
      for b in value.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
      h = (h ^ 10) &* 16_777_619
    }
    return h
  }

  package static func hex(_ x: UInt32) -> String {
    let s = String(x, radix: 16)
    return String(repeating: "0", count: 8 - s.count) + s
  }
}
