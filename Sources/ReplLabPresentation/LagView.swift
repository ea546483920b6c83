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
    var unlisted: [String] = []
    for name in replicas {
      let r = c.nodes[name]!
      // A cascading replica reports to its upstream, not to the master.
      let progress = r.cascades ? r.masterName.flatMap { c.nodes[$0]?.replicas[name] } : m.replicas[name]
      let state = c.data.replicationState(of: name)?.text ?? "-"
      // pg_stat_replication has one row per walsender: a standby with no connection is not in it.
      if c.syncMode == .sync && !c.data.isConnected(name) && !r.isStandby {
        unlisted.append("\(name) (\(state))")
        continue
      }
      // A node whose log forked from the master's (an old master with writes nobody else has) is
      // not behind: it is ahead on a dead branch.
      let common = m.log.commonPrefix(withHistory: r.log.history, lastSeq: r.log.lastSeq)
      if common < r.log.lastSeq {
        let span =
          common + 1 == r.log.lastSeq
          ? "seq \(r.log.lastSeq) of its log is" : "seq \(common + 1)-\(r.log.lastSeq) of its log are"
        errors.append(
          "\(name): \(span) not the master's (epoch \(r.log.lastEpoch)) \(Explain.forkFate(c, master: m.name)).")
      }
      let behind = max(0, head - r.applied)
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
        name, state, "seq \(r.received)", "seq \(r.applied)", common < r.log.lastSeq ? "forked" : "\(behind)", lagTime,
        c.syncState(of: name).text, ack,
      ])
      if let e = r.replicationError { errors.append("\(name): \(e) (`resync \(name)` starts a full resync)") }
      if c.syncMode == .sync && !r.isUp && c.data.isConnected(name) {
        errors.append(
          "\(name) is down, but \(m.name) does not know yet: a dead host closes no connection, so \(m.name) counts it as connected until its sender times out (wal_sender_timeout, \(DataPlane.senderTimeout.durationText))."
        )
      }
    }
    if table.rows.isEmpty {
      lines.append("No standby is connected.")
    } else {
      lines.append(table.render())
    }
    if !unlisted.isEmpty {
      lines.append(
        "Not connected, so not in pg_stat_replication: \(Explain.list(unlisted)). A standby is a synchronous candidate only while it streams."
      )
    }
    lines += errors
    if let cascade = cascadeTable(c, master: m) { lines.append(cascade) }
    if let positions = Explain.lagPositions(c, replicas: replicas) { lines.append(positions) }
    return lines.joined(separator: "\n")
  }

  /// Replicas that cascade, as the upstream they report to sees them: a replica can be close behind
  /// its upstream while the upstream, and so the replica, is far behind the master.
  static func cascadeTable(_ c: Cluster, master m: Node) -> String? {
    let cascading = c.orderedNodes.filter(\.cascades)
    guard !cascading.isEmpty else { return nil }
    var table = TextTable(["cascading", "upstream", "upstream at", "behind upstream", "behind master"])
    for r in cascading {
      guard let upName = r.masterName, let up = c.nodes[upName] else { continue }
      let upAt = up.isUp ? "seq \(up.received)" : "seq \(up.received) (down)"
      table.add([
        r.name, upName, upAt, "\(max(0, up.received - r.applied))", "\(max(0, m.log.lastSeq - r.applied))",
      ])
    }
    return "Cascading replicas report to their upstream, which measures them against its own log:\n" + table.render()
  }
}
