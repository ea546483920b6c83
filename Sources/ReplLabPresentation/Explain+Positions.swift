import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Sentences for replication positions (binlog files, GTIDs), re-pointing, writes made on a
/// replica, and how a node that diverged rejoins.
extension Explain {
  /// A GTID set as MySQL prints it: `UUID:1-5:7`, sources joined by commas.
  public static func gtidText(_ set: GTIDSet) -> String {
    guard !set.isEmpty else { return "(empty)" }
    return set.origins.map { origin in
      let ranges = set.ranges[origin]!.map { r in r.count == 1 ? "\(r.lowerBound)" : "\(r.lowerBound)-\(r.upperBound)" }
      return DataPlane.serverUUID(of: origin) + ":" + ranges.joined(separator: ":")
    }.joined(separator: ",")
  }

  /// A GTID set short enough for a sentence: each source as its node's name.
  public static func gtidShort(_ set: GTIDSet) -> String {
    guard !set.isEmpty else { return "nothing" }
    return set.origins.map { origin in
      let ranges = set.ranges[origin]!.map { r in r.count == 1 ? "\(r.lowerBound)" : "\(r.lowerBound)-\(r.upperBound)" }
      return "\(origin)'s uuid:" + ranges.joined(separator: ":")
    }.joined(separator: ", ")
  }

  /// A GTID for a table: the server_uuid's first group, then the number (`3E11FA47..:5`).
  public static func shortGTID(_ origin: String, _ number: Int) -> String {
    "\(DataPlane.serverUUID(of: origin).prefix(8))..:\(number)"
  }

  /// What `log` adds under its table about positions: the node's own writes in its binlog.
  public static func logPositionsNote(_ c: Cluster, node: String) -> String? {
    guard c.data.positions != .seq, let n = c.node(node) else { return nil }
    var lines: [String] = []
    if c.data.positions == .file {
      lines.append(
        "end_log_pos: where each entry ends in \(node)'s own binlog (mysql-bin files, a new one at every start).")
    } else {
      lines.append(
        "gtid: server_uuid:N, each uuid cut to its first group (\(node): \(DataPlane.serverUUID(of: node))).")
    }
    for t in n.localTransactions {
      let what = t.value.map { "set \(c.keyName(t.key)) \($0)" } ?? "del \(c.keyName(t.key))"
      lines.append(
        "Not from any master: \(what) at t=\(t.time.secondsText), GTID \(shortGTID(t.origin, t.number)), after seq \(t.afterSeq)."
      )
    }
    return lines.joined(separator: "\n")
  }

  /// What becomes of a forked branch when its node follows `master`, as `rejoin` says.
  package static func forkFate(_ c: Cluster, master: String) -> String {
    switch c.data.rejoinMode {
    case .rollback: "and will be rolled back when it follows \(master)"
    case .rewind: "and will be rewound away (pg_rewind) when it follows \(master)"
    case .manual: "and keeps it from following \(master) until `rewind` or `resync`"
    case .fullResync: "and will cost it a full resync from \(master)"
    case .keep: "and will stay when it follows \(master): errant transactions"
    }
  }

  /// What `lag` adds with `positions file` (each replica's place in its source's binlog) or
  /// `positions gtid` (the GTID sets), nil with the lab's seq.
  package static func lagPositions(_ c: Cluster, replicas: [String]) -> String? {
    switch c.data.positions {
    case .seq:
      return nil
    case .file:
      var rows = ["Relay_Source_Log_File:Exec_Source_Log_Pos, in each source's own binlog:"]
      for name in replicas {
        guard let r = c.node(name), r.role == .replica, let source = r.masterName else { continue }
        let p = c.data.binlogPosition(of: source, after: r.applied)?.text ?? "-"
        rows.append("  \(name)  \(p) (\(source)'s)")
      }
      return rows.joined(separator: "\n")
    case .gtid:
      return StatusView.positionLines(c)
    }
  }

  /// A node's position as the current view names it: after seq `seq` in its own log.
  public static func position(of node: String, after seq: Int, in cluster: Cluster) -> String {
    switch cluster.data.positions {
    case .seq: return "seq \(seq)"
    case .file: return cluster.data.binlogPosition(of: node, after: seq)?.text ?? "seq \(seq)"
    case .gtid: return gtidText(cluster.data.gtidSet(of: node, through: seq))
    }
  }

  package static func positionsSet(_ v: PositionView, in cluster: Cluster) -> String {
    switch v {
    case .seq:
      return "positions seq: every node names a place by the lab's sequence number, the same everywhere."
    case .file:
      let lines = cluster.orderedNodes.map { n in
        "  \(n.name)  \(cluster.data.binlogPosition(of: n.name, after: n.log.lastSeq)?.text ?? "-")"
      }
      return
        ([
          "positions file (gtid_mode=OFF): a place is a byte offset in one server's own binary log. Each server writes its own; where each one's log ends now:"
        ]
        + lines).joined(separator: "\n")
    case .gtid:
      let lines = cluster.orderedNodes.map { n in "  \(n.name)  \(gtidText(cluster.data.gtidSet(of: n.name)))" }
      return
        ([
          "positions gtid (gtid_mode=ON): every transaction has a GTID, source_uuid:N, the same on every server. gtid_executed now:"
        ]
        + lines).joined(separator: "\n")
    }
  }

  package static func repointed(_ r: RepointReport, in cluster: Cluster) -> String {
    let from = r.oldSource.map { $0 == r.master ? "" : " instead of \($0)" } ?? ""
    var text: String
    if let c = r.coordinates {
      text =
        "\(r.node) now follows \(r.master)\(from) from \(c.text) (SOURCE_LOG_FILE='\(c.fileName)', SOURCE_LOG_POS=\(c.position)): the place right after seq \(r.applied), the last transaction it applied."
    } else if cluster.data.positions == .gtid {
      text =
        "\(r.node) now follows \(r.master)\(from) with SOURCE_AUTO_POSITION=1: it sent its gtid_executed and \(r.master) sends every transaction it lacks."
    } else {
      text = "\(r.node) now follows \(r.master)\(from) and asks for everything after seq \(r.applied)."
    }
    if !r.errant.isEmpty {
      text +=
        " It has \(gtidShort(r.errant)) that \(r.master) never had: errant transactions. They stay on \(r.node) alone, and reach every replica if \(r.node) is ever promoted."
    }
    return text
  }

  package static func wroteOnReplica(_ t: LocalTransaction, on node: String, in cluster: Cluster) -> String {
    let what = t.value.map { "\(cluster.keyName(t.key)) = \"\($0)\"" } ?? "deleted \(cluster.keyName(t.key))"
    let head = "OK  \(what) on \(node) alone: a replica's write, in no master's log; the master never sees it."
    switch cluster.data.positions {
    case .gtid:
      return head
        + " GTID \(DataPlane.serverUUID(of: node)):\(t.number), of \(node)'s own server_uuid: an errant transaction."
    case .file:
      return head + " It went into \(node)'s own binlog, which now ends at "
        + "\(cluster.data.binlogPosition(of: node, after: cluster.node(node)!.log.lastSeq + 1)?.text ?? "-")."
    case .seq:
      return head + " `checksum` shows the difference."
    }
  }

  package static func rejoinSet(_ mode: RejoinMode) -> String {
    switch mode {
    case .rollback:
      return
        "rejoin rollback: a node holding writes its new master lacks undoes them and lists them (MongoDB's rollback)."
    case .rewind:
      return
        "rejoin rewind: such a node is rewound to the fork (pg_rewind, as Patroni's use_pg_rewind runs it) and follows; what it discards is not listed."
    case .manual:
      return
        "rejoin manual: such a node refuses to follow (PostgreSQL: the new timeline is not a child of its history) until `rewind NODE` or `resync NODE`."
    case .fullResync:
      return
        "rejoin full-resync: such a node loads a full copy of the master's data (Redis); its own writes vanish without a word."
    case .keep:
      return
        "rejoin keep: such a node follows and keeps them as errant transactions (MySQL with GTIDs) until it is rebuilt (`resync NODE`)."
    }
  }

  package static func rewound(_ node: String, master: String, forkSeq: Int, count: Int) -> String {
    "pg_rewind: \(node) is back at seq \(forkSeq), where its history parted from \(master)'s; "
      + "\(count == 0 ? "nothing" : plural(count, "write")) after it discarded, without a list. It now follows \(master)."
  }

  /// The lines `promote` adds about positions: replicas left behind without GTIDs, errant GTIDs.
  static func positionsAfterPromotion(_ p: PromotionReport, in cluster: Cluster) -> [String] {
    var lines: [String] = []
    if !p.stranded.isEmpty, let old = p.oldMaster {
      lines.append(
        "\(list(p.stranded)) still \(p.stranded.count == 1 ? "follows" : "follow") \(old): without GTIDs \(p.stranded.count == 1 ? "its" : "each one's") place is an offset in \(old)'s binlog, which means nothing in \(p.newMaster)'s. Find the same transaction in \(p.newMaster)'s binlog (`log \(p.newMaster)`), then `repoint NODE \(p.newMaster) at FILE:POS`."
      )
    }
    if !p.errant.isEmpty, let old = p.oldMaster {
      lines.append(
        "\(p.newMaster)'s gtid_executed has \(gtidShort(p.errant)) that \(old) never had: \(p.errant.count == 1 ? "an errant transaction" : "errant transactions"), written while \(p.newMaster) was a replica. Its replicas now receive \(p.errant.count == 1 ? "it" : "them") too."
      )
    }
    return lines
  }

  static func positionsHappening(_ h: ClusterEvent.Happening, in cluster: Cluster) -> String? {
    switch h {
    case .rewound(let node, let master, let forkSeq, let count):
      return
        "\(node) runs pg_rewind: back to seq \(forkSeq), where its timeline parted from \(master)'s; \(count == 0 ? "nothing" : plural(count, "write")) discarded, without a list"
    case .divergedStaysOut(let node, let master, let epoch, let forkSeq, let last):
      return
        "\(node) cannot follow \(master): FATAL requested timeline \(epoch) is not a child of this server's history (its own runs on to seq \(last), past the fork after seq \(forkSeq)). It stays out until `rewind \(node)` or `resync \(node)`"
    case .fullResync(let node, let master, let discarded):
      let gone =
        discarded.isEmpty
        ? "" : "; \(seqList(discarded)) \(discarded.count == 1 ? "vanishes" : "vanish") without a word"
      return "\(node) asks \(master) for a full resync (+FULLRESYNC): its data set is replaced by a copy\(gone)"
    case .keptErrant(let node, let master, let kept):
      let ops = kept.map { "\(cluster.keyName($0.key)) = \($0.value.map { "\"\($0)\"" } ?? "deleted")" }
      return
        "\(node) follows \(master) and keeps \(plural(kept.count, "write")) \(master) never had (\(ops.joined(separator: ", "))): nothing undoes \(kept.count == 1 ? "it" : "them"); \(kept.count == 1 ? "it is an errant transaction" : "they are errant transactions") until \(node) is rebuilt"
    case .errantSpread(let node, let master, let received):
      let ops = received.map { "\(cluster.keyName($0.key)) = \($0.value.map { "\"\($0)\"" } ?? "deleted")" }
      return
        "\(node) receives from \(master) \(plural(received.count, "transaction")) no master ever wrote (\(ops.joined(separator: ", "))): the errant transaction spreads"
    default:
      return nil
    }
  }

  static func seqList(_ entries: [LogEntry]) -> String {
    guard let f = entries.first, let l = entries.last else { return "" }
    return f.seq == l.seq ? "seq \(f.seq)" : "seq \(f.seq)-\(l.seq)"
  }
}
