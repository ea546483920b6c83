import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `timeline`: a space-time diagram in the terminal. One column per endpoint, time running down;
/// each message is an arrow from its sender (o) to its receiver (> or <), drawn at the moment it
/// arrives, with how long it took; a lost message ends in x.
public enum TimelineView {
  public static func render(_ c: Cluster, range: TimelineRange) -> String {
    let layout = TimelineLayout(c, range: range)
    guard !layout.rows.isEmpty else {
      if case .since(let t) = range { return "Nothing happened since t=\(t.secondsText)." }
      return "Nothing has happened yet."
    }
    let width = max(6, (layout.columns.map(\.count).max() ?? 0) + 2)
    let timeWidth = max(9, layout.rows.map { $0.time.secondsText.count + 1 }.max() ?? 9)
    let center = { (i: Int) -> Int in timeWidth + i * width + width / 2 }
    let gridWidth = timeWidth + layout.columns.count * width
    let index = Dictionary(uniqueKeysWithValues: layout.columns.enumerated().map { ($1, $0) })

    var lines: [String] = []
    let first = layout.rows.first!.time
    let last = layout.rows.last!.time
    var head = "timeline from t=\(first.secondsText) to t=\(last.secondsText)"
    if layout.hidden > 0 {
      head += " (\(layout.hidden) earlier rows not shown; `timeline last N` or `since TIME` shows more)"
    }
    if layout.truncated { head += " (only the newest \(Timeline.capacity) records are kept)" }
    lines.append(head)
    var header = Array(repeating: Character(" "), count: gridWidth)
    for (i, name) in layout.columns.enumerated() {
      let start = center(i) - name.count / 2
      for (k, ch) in name.enumerated() where start + k >= timeWidth && start + k < gridWidth { header[start + k] = ch }
    }
    for (k, ch) in "time".enumerated() { header[k] = ch }
    lines.append(trimmed(String(header)))

    for (r, row) in layout.rows.enumerated() {
      var grid = Array(repeating: Character(" "), count: gridWidth)
      for (k, ch) in row.time.secondsText.enumerated() { grid[k] = ch }
      for (i, name) in layout.columns.enumerated() where !layout.down[r].contains(name) { grid[center(i)] = "|" }
      var label = ""
      switch row {
      case .arrow(_, let a):
        guard let f = index[a.from], let t = index[a.to] else { continue }
        draw(&grid, from: center(f), to: center(t), head: a.arrivedAt == nil ? "x" : (t > f ? ">" : "<"))
        let took = a.arrivedAt.map { "\(($0 - a.sentAt).durationText)" } ?? "lost"
        label = "\(a.from) -> \(a.to): \(a.label) (\(took))"
      case .mark(_, let who, let mark):
        let (symbol, words) = TimelineLayout.describe(mark, at: who, in: c)
        switch mark {
        case .write:
          if let f = index[Router.clientName], let t = index[who] {
            draw(&grid, from: center(f), to: center(t), head: "w")
          }
        case .partitioned(let side, _):
          for s in side { if let i = index[s] { grid[center(i)] = symbol } }
        case .healed:
          break
        default:
          if let i = index[who] { grid[center(i)] = symbol }
        }
        label = words
      case .fold(_, let to, let arrived, let lost, let senders, let lostFrom):
        for i in layout.columns.indices where grid[center(i)] == "|" { grid[center(i)] = ":" }
        label =
          "... " + Explain.heartbeatFold(arrived: arrived, lost: lost, senders: senders, lostFrom: lostFrom, until: to)
      }
      lines.append(
        trimmed(String(grid)) + (label.isEmpty ? "" : "  " + label).padded(after: trimmed(String(grid)), to: gridWidth))
    }
    lines.append("o sends, > < arrives, x lost, w client write, : heartbeats folded, # partition")
    lines.append("X crash, ^ restart, M new master, v steps down, ? suspected, ! heard again, R client re-pointed")
    return lines.joined(separator: "\n")
  }

  /// Draws an arrow between two columns: `o` at the sender, `-` between, `head` at the receiver.
  package static func draw(_ grid: inout [Character], from f: Int, to t: Int, head: Character) {
    let lo = min(f, t)
    let hi = max(f, t)
    if lo + 1 < hi { for k in (lo + 1)..<hi { grid[k] = "-" } }
    grid[f] = "o"
    grid[t] = head
  }

  package static func trimmed(_ s: String) -> String {
    var t = Substring(s)
    while t.last == " " { t.removeLast() }
    return String(t)
  }
}

extension String {
  /// `self`, preceded by enough spaces that it starts in column `width` of a line whose text so far
  /// is `before`.
  fileprivate func padded(after before: String, to width: Int) -> String {
    guard !isEmpty else { return self }
    let pad = max(0, width - before.count)
    return String(repeating: " ", count: pad) + self
  }
}

extension Explain {
  /// A run of heartbeats folded into one timeline row, for the text and the SVG timeline alike:
  /// "4 heartbeats from db2 and db3 to orch, 2 lost from db1, until t=3.010s", or, when none
  /// arrived, "87 heartbeats to orch lost, from db1, db2 and db3, until t=29.000s".
  package static func heartbeatFold(
    arrived: Int, lost: Int, senders: [String], lostFrom: [String], until end: SimTime
  ) -> String {
    let orch = ControlPlane.orchestratorName
    guard arrived > 0 else {
      return "\(plural(lost, "heartbeat")) to \(orch) lost, from \(list(lostFrom)), until t=\(end.secondsText)"
    }
    var words = "\(plural(arrived, "heartbeat")) from \(list(senders)) to \(orch)"
    if lost > 0 { words += ", \(lost) lost from \(list(lostFrom))" }
    return words + ", until t=\(end.secondsText)"
  }
}
