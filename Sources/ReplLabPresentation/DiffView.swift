import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `diff [NODE NODE]`: the keys on which nodes disagree, with each node's value.
public enum DiffView {
  /// How many differing keys the table shows before summing up the rest.
  public static let maxRows = 50

  /// Every node compared with the master (or with the first node when there is no master).
  public static func render(_ c: Cluster) -> String {
    let base = c.masterName ?? c.nodeNames[0]
    return render(c, base: base, others: c.nodeNames.filter { $0 != base })
  }

  /// Two named nodes.
  public static func render(_ c: Cluster, _ a: String, _ b: String) -> String {
    render(c, base: a, others: [b])
  }

  package static func render(_ c: Cluster, base: String, others: [String]) -> String {
    guard let b = c.node(base) else { return "" }
    if others.isEmpty { return "\(base) is the only node; there is nothing to compare." }
    let compared = [base] + others
    let stores = compared.map { c.node($0)!.data }
    var ids = Set<KeyTable.ID>()
    for s in stores { for (id, _) in s.pairs { ids.insert(id) } }
    let keys = ids.sorted { c.keyName($0) < c.keyName($1) }
    var differing: [KeyTable.ID] = []
    var counts = [Int](repeating: 0, count: others.count)
    for id in keys {
      let baseValue = stores[0][id]
      var any = false
      for i in others.indices where stores[i + 1][id] != baseValue {
        counts[i] += 1
        any = true
      }
      if any { differing.append(id) }
    }
    let label = { (name: String) -> String in
      let n = c.node(name)!
      return "\(name) (\(Explain.role(of: n, in: c))\(n.isUp ? "" : ", down"))"
    }
    if differing.isEmpty {
      return
        "\(Explain.list(c.nodeNames.filter(compared.contains))) hold the same data (\(Explain.plural(keys.count, "key")))."
    }
    var verdicts: [String] = []
    for (i, name) in others.enumerated() {
      let n = c.node(name)!
      var v = counts[i] == 0 ? "\(name) matches" : "\(name) differs on \(Explain.plural(counts[i], "key"))"
      // A replica that follows the base and is merely behind differs for no worse reason than lag.
      if counts[i] > 0, n.role == .replica, n.masterName == base, n.applied < b.applied,
        n.log.epoch(at: n.applied) == b.log.epoch(at: n.applied)
      {
        v += " (it is \(Explain.plural(b.applied - n.applied, "entry")) behind, so this may be lag)"
      }
      verdicts.append(v)
    }
    var lines = ["Compared with \(label(base)), applied seq \(b.applied): \(verdicts.joined(separator: "; "))."]
    var table = TextTable(["key"] + compared.map(label))
    for id in differing.prefix(maxRows) {
      table.add([c.keyName(id)] + stores.map { $0[id].map { Explain.quoted($0) } ?? "(nil)" })
    }
    lines.append(table.render())
    if differing.count > maxRows { lines.append("(\(differing.count - maxRows) more differing keys not shown)") }
    return lines.joined(separator: "\n")
  }
}
