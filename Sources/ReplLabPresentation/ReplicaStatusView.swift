import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `replica-status NODE`: one replica's lag as SHOW REPLICA STATUS (on the replica) and
/// pg_stat_replication (on the master) would report it, and the lab's own measure beside them.
public enum ReplicaStatusView {
  public static func render(_ c: Cluster, _ name: String) -> String {
    guard let r = c.node(name) else { return "" }
    guard let master = c.master else { return "There is no master, so \(name) replicates from nobody." }
    // A cascading replica's source is its upstream replica: SHOW REPLICA STATUS and that
    // upstream's pg_stat_replication measure it against the upstream's log, not the master's.
    let m = r.cascades ? r.masterName.flatMap { c.node($0) } ?? master : master
    if name == m.name { return "\(name) is the master: SHOW REPLICA STATUS is empty and it has no row of its own." }
    guard r.isUp else { return "\(name) is down: nothing answers for it." }
    let state = c.data.replicationState(of: name)
    let connected = state == .streaming || state == .catchup
    let io = connected ? "Yes" : state == .stopped ? "No" : "Connecting"
    // The source it follows: its upstream, the master, or an old master it was left pointing at.
    let source = r.masterName.flatMap { c.node($0) } ?? m
    let position = source.isUp ? "at seq \(source.log.lastSeq)" : "down, at seq \(source.log.lastSeq)"
    let cascade =
      r.cascades && source.name != master.name
      ? ", a replica; the master \(master.name) is at seq \(master.log.lastSeq)" : ""
    var lines = ["\(name) replicates from \(source.name) (\(position)\(cascade)):"]
    var mysql = TextTable(["SHOW REPLICA STATUS on \(name)", "value"])
    mysql.add(["Replica_IO_Running", io])
    mysql.add(["Replica_SQL_Running", "Yes"])
    switch c.data.positions {
    case .seq:
      mysql.add(["Read_Source_Log_Pos", "seq \(r.received)"])
      mysql.add(["Exec_Source_Log_Pos", "seq \(r.applied)"])
      if r.applyWorkers > 1 || !r.appliedAhead.isEmpty {
        // With parallel workers the position is a low-water mark; the executed set shows the gaps.
        mysql.add(["Executed_Gtid_Set", Explain.executedSet(applied: r.applied, ahead: r.appliedAhead)])
      }
    case .file:
      let read = c.data.binlogPosition(of: source.name, after: r.received)
      let exec = c.data.binlogPosition(of: source.name, after: r.applied)
      mysql.add(["Source_Log_File", read?.fileName ?? "-"])
      mysql.add(["Read_Source_Log_Pos", read.map { "\($0.position)" } ?? "-"])
      mysql.add(["Relay_Source_Log_File", exec?.fileName ?? "-"])
      mysql.add(["Exec_Source_Log_Pos", exec.map { "\($0.position)" } ?? "-"])
    case .gtid:
      mysql.add(["Retrieved_Gtid_Set", Explain.gtidText(c.data.gtidSet(of: name, through: r.received, local: false))])
      mysql.add(["Executed_Gtid_Set", Explain.gtidText(c.data.gtidSet(of: name))])
      mysql.add(["Auto_Position", "1"])
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
    if r.applied >= master.log.lastSeq {
      truth = "\(name) has applied everything the master has."
    } else if let e = master.log.entry(r.applied + 1) {
      truth =
        "the oldest write \(name) has not applied (seq \(e.seq)) was committed \((c.now - e.time).durationText) ago; "
        + "\(name) is \(Explain.plural(master.log.lastSeq - r.applied, "entry")) behind."
    } else {
      truth = "\(name) is \(Explain.plural(master.log.lastSeq - r.applied, "entry")) behind."
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
