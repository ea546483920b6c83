import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `replica-status NODE`: one replica's lag as SHOW REPLICA STATUS (on the replica) and
/// pg_stat_replication (on the master) would report it, and the lab's own measure beside them.
public enum ReplicaStatusView {
  public static func render(_ c: Cluster, _ name: String) -> String {
    guard let r = c.node(name) else { return "" }
    guard let m = c.master else { return "There is no master, so \(name) replicates from nobody." }
    if name == m.name { return "\(name) is the master: SHOW REPLICA STATUS is empty and it has no row of its own." }
    guard r.isUp else { return "\(name) is down: nothing answers for it." }
    let state = c.data.replicationState(of: name)
    let connected = state == .streaming || state == .catchup
    let io = connected ? "Yes" : state == .stopped ? "No" : "Connecting"
    let position = m.isUp ? "at seq \(m.log.lastSeq)" : "down, at seq \(m.log.lastSeq)"
    var lines = ["\(name) replicates from \(m.name) (\(position)):"]
    var mysql = TextTable(["SHOW REPLICA STATUS on \(name)", "value"])
    mysql.add(["Replica_IO_Running", io])
    mysql.add(["Replica_SQL_Running", "Yes"])
    mysql.add(["Read_Source_Log_Pos", "seq \(r.received)"])
    mysql.add(["Exec_Source_Log_Pos", "seq \(r.applied)"])
    if r.applyWorkers > 1 || !r.appliedAhead.isEmpty {
      // With parallel workers the position is a low-water mark; the executed set shows the gaps.
      mysql.add(["Executed_Gtid_Set", Explain.executedSet(applied: r.applied, ahead: r.appliedAhead)])
    }
    mysql.add(["Seconds_Behind_Source", secondsBehind(c, r, connected: connected)])
    if let delay = r.applyDelay {
      mysql.add(["SQL_Delay", "\(delay / 1000)"])
      mysql.add(["SQL_Remaining_Delay", remainingDelay(c, r, delay)])
    }
    lines.append(mysql.render())
    if connected, let p = m.replicas[name] {
      var pg = TextTable(["pg_stat_replication on \(m.name)", "value"])
      pg.add(["state", state == .streaming ? "streaming" : "catchup"])
      pg.add(["sent_lsn", "seq \(p.sent)"])
      pg.add(["write_lsn, flush_lsn", "seq \(p.received)"])
      pg.add(["replay_lsn", "seq \(p.applied)"])
      let caughtUp = p.received >= m.log.lastSeq && p.applied >= m.log.lastSeq
      pg.add(["write_lag, flush_lag", caughtUp ? "NULL" : lagAtReport(c, m, p, p.received)])
      pg.add(["replay_lag", caughtUp ? "NULL" : lagAtReport(c, m, p, p.applied)])
      lines.append(pg.render())
    } else {
      lines.append("pg_stat_replication: no row for \(name); only connected standbys are listed.")
    }
    let truth: String
    if r.applied >= m.log.lastSeq {
      truth = "\(name) has applied everything the master has."
    } else if let e = m.log.entry(r.applied + 1) {
      truth =
        "the oldest write \(name) has not applied (seq \(e.seq)) was committed \((c.now - e.time).durationText) ago; "
        + "\(name) is \(Explain.plural(m.log.lastSeq - r.applied, "entry")) behind."
    } else {
      truth = "\(name) is \(Explain.plural(m.log.lastSeq - r.applied, "entry")) behind."
    }
    lines.append("The lab: " + truth)
    return lines.joined(separator: "\n")
  }

  /// MySQL: NULL when the receiver is not connected; 0 when the applier has applied everything it
  /// received; else the age, in whole seconds, of the entry it is applying.
  static func secondsBehind(_ c: Cluster, _ r: Node, connected: Bool) -> String {
    guard connected else { return "NULL" }
    guard r.applied < r.received, let e = r.log.entry(r.applied + 1) else { return "0" }
    return "\((c.now - e.time) / 1000)"
  }

  /// Seconds until the next entry a delayed replica waits for is due, or NULL when it waits for none.
  static func remainingDelay(_ c: Cluster, _ r: Node, _ delay: SimTime) -> String {
    guard r.applied < r.received, let e = r.log.entry(r.applied + 1) else { return "NULL" }
    return "\(max(0, e.time + delay - c.now) / 1000)"
  }

  /// PostgreSQL's lag for a reported position: from the master's write of that entry to the
  /// arrival of the report that named it.
  static func lagAtReport(_ c: Cluster, _ m: Node, _ p: ReplicaProgress, _ seq: Int) -> String {
    guard let at = p.lastAck, seq > 0, let e = m.log.entry(seq) else { return "NULL" }
    return max(0, at - e.time).durationText
  }
}
