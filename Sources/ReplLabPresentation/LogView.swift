import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `log [NODE] [last N]`: a node's replication log, and which other nodes have each entry.
public enum LogView {
  /// Entries `log` shows without `last N`: a log grows with history, a screen does not.
  public static let defaultLast = 20

  public static func render(_ c: Cluster, node name: String, last: Int?) -> String {
    guard let n = c.nodes[name] else { return "" }
    let role = StatusView.role(of: n, in: c)
    let log = n.log
    if log.isEmpty {
      return log.lastSeq == 0
        ? "\(name) (\(role)) has an empty log: no writes yet."
        : "\(name) (\(role)) keeps no log entries; its log ends at seq \(log.lastSeq) (older entries were purged or came as a snapshot)."
    }
    let from = max(log.firstSeq, log.lastSeq - (last ?? defaultLast) + 1)
    let others = c.nodeNames.filter { $0 != name }
    var lines = ["\(name) (\(role)) log, seq \(from)-\(log.lastSeq) of \(log.lastSeq):"]
    let positions = c.data.positions
    let extra: [String] =
      switch positions {
      case .seq: []
      case .file: ["end_log_pos"]
      case .gtid: ["gtid"]
      }
    var table = TextTable(
      ["seq", "epoch", "time"] + extra + ["operation"] + others.map { c.nodes[$0]!.isUp ? $0 : "\($0) (down)" })
    let ends = positions == .file ? c.data.binlogEnds(of: name, seqs: from...log.lastSeq) : []
    for (i, e) in log.entries(from: from).enumerated() {
      var row = ["\(e.seq)", "\(e.epoch)", e.time.secondsText]
      switch positions {
      case .seq: break
      case .file: row.append(i < ends.count ? ends[i]?.text ?? "-" : "-")
      case .gtid: row.append(c.data.gtid(of: e.seq, on: name).map { Explain.shortGTID($0.origin, $0.number) } ?? "-")
      }
      row.append(Explain.entry(e, in: c))
      for o in others { row.append(state(of: e, on: c.nodes[o]!)) }
      table.add(row)
    }
    lines.append(table.render())
    if from > log.firstSeq {
      lines.append(
        "(\(Explain.plural(from - log.firstSeq, "older entry")) not shown; `log \(name) last N` shows more)")
    }
    if log.firstSeq > 1 { lines.append("(seq 1-\(log.firstSeq - 1) purged by retention)") }
    if let note = Explain.logPositionsNote(c, node: name) { lines.append(note) }
    if n.applied < log.lastSeq {
      lines.append(
        "\(name) has applied up to seq \(n.applied); later entries are logged but not yet visible on \(name).")
    }
    return lines.joined(separator: "\n")
  }

  /// `applied`, `received`, `-` (missing) or `differs` (the node has another write at that seq).
  package static func state(of e: LogEntry, on n: Node) -> String {
    guard let mine = n.log.entry(e.seq) else {
      return n.log.lastSeq >= e.seq && n.log.epoch(at: e.seq) == e.epoch ? "applied" : "-"
    }
    if mine != e { return "differs" }
    return n.applied >= e.seq ? "applied" : "received"
  }
}
