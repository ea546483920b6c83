import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `lag`: one row per replica, in the vocabulary of pg_stat_replication and SHOW REPLICA STATUS.
public enum LagView {
  public static func render(_ c: Cluster) -> String {
    guard let m = c.master else { return "There is no master, so there is no lag to measure." }
    let head = m.log.lastSeq
    var semi = c.syncMode.rawValue
    if c.syncMode == .semi { semi = c.semiSyncActive ? "semi (ON)" : "semi (OFF)" }
    var lines = ["\(m.name) (master\(m.isUp ? "" : ", down")) is at seq \(head), epoch \(m.epoch); sync-mode \(semi)"]
    let replicas = c.nodeNames.filter { $0 != m.name }
    if replicas.isEmpty { return lines[0] + "\nNo replicas." }
    var table = TextTable(["replica", "state", "received", "applied", "behind", "lag", "sync_state", "last_ack"])
    var errors: [String] = []
    for name in replicas {
      let r = c.nodes[name]!
      let progress = m.replicas[name]
      let behind = max(0, head - r.applied)
      let state = c.data.replicationState(of: name)?.text ?? "-"
      let lagTime: String
      if behind == 0 {
        lagTime = "0 ms"
      } else if let e = m.log.entry(r.applied + 1) {
        lagTime = (c.now - e.time).durationText
      } else {
        lagTime = "-"
      }
      let ack = progress?.lastAck.map { "\((c.now - $0).durationText) ago" } ?? "never"
      table.add([
        name, state, "seq \(r.received)", "seq \(r.applied)", "\(behind)", lagTime, c.syncState(of: name).text, ack,
      ])
      if let e = r.replicationError { errors.append("\(name): \(e) (`resync \(name)` starts a full resync)") }
    }
    lines.append(table.render())
    lines += errors
    return lines.joined(separator: "\n")
  }
}
