import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `slots`: the master's replication slots, as pg_replication_slots shows them.
public enum SlotsView {
  public static func render(_ c: Cluster) -> String {
    guard let m = c.master else { return "There is no master, so there are no slots to show." }
    let keep = c.data.slots.maxKeep.map { "\($0) entries" } ?? "-1 (no bound)"
    var lines = [
      "\(m.name) keeps seq \(m.log.firstSeq)-\(m.log.lastSeq) (\(Explain.plural(m.log.count, "entry"))); "
        + "retention \(c.data.retention?.text ?? "off (everything)"); max_slot_wal_keep_size \(keep)."
    ]
    guard !c.data.slots.byReplica.isEmpty else {
      lines.append("No replication slots (`slot NODE on` creates one).")
      return lines.joined(separator: "\n")
    }
    var table = TextTable(["slot_name", "active", "restart", "wal_status", "kept for it"])
    for name in c.data.slots.names {
      let s = c.data.slots.byReplica[name]!
      let status = c.data.walStatus(of: s)
      let kept = status == .extended ? Explain.plural(m.log.lastSeq - s.confirmed, "entry") : "-"
      table.add([
        name, c.data.isConnected(name) ? "true" : "false", "seq \(s.confirmed + 1)", status.rawValue, kept,
      ])
    }
    lines.append(table.render())
    return lines.joined(separator: "\n")
  }
}
