import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `timeline --svg FILE`: the timeline as an SVG picture. Columns are lifelines; each message is a
/// slanted arrow from the moment it was sent to the moment it arrived, coloured by kind. Time runs
/// down, stretched where much happens and squeezed across quiet gaps (marked with the gap's length).
public enum TimelineSVG {
  package static let left = 96
  package static let columnWidth = 130
  package static let top = 64
  package static let right = 330

  package static func color(_ k: TimelineLayout.Kind) -> String {
    switch k {
    case .replication: "#1f77b4"
    case .replicationReply: "#6baed6"
    case .heartbeat: "#b0b0b0"
    case .election: "#ff7f0e"
    case .order: "#d62728"
    case .announce: "#2ca02c"
    case .write: "#9467bd"
    }
  }

  /// Vertical space for `dt` ms between two consecutive moments.
  package static func gap(_ dt: SimTime) -> Int {
    var x = Double(dt)
    var digits = 0.0
    while x >= 10 {
      x /= 10
      digits += 1
    }
    // About log10: 10 ms -> 26 px, 1 s -> 42 px, 30 s -> 52 px.
    let log = digits + (x - 1) / 9
    return min(56, 18 + Int(8 * log))
  }

  public static func render(_ c: Cluster, range: TimelineRange) -> String {
    let layout = TimelineLayout(c, range: range)
    let cols = layout.columns
    let x = Dictionary(uniqueKeysWithValues: cols.enumerated().map { ($1, left + $0 * columnWidth + columnWidth / 2) })
    // Moments to place: every row, and the send time of every arrow.
    struct Moment {
      let time: SimTime
      let isRow: Bool
      let row: Int
    }
    var moments: [Moment] = []
    for (i, row) in layout.rows.enumerated() {
      moments.append(Moment(time: row.time, isRow: true, row: i))
      if case .arrow(_, let a) = row { moments.append(Moment(time: a.sentAt, isRow: false, row: i)) }
      if case .fold(_, let to, _, _, _, _) = row { moments.append(Moment(time: to, isRow: false, row: i)) }
    }
    moments.sort { ($0.time, $0.isRow ? 0 : 1, $0.row) < ($1.time, $1.isRow ? 0 : 1, $1.row) }
    var rowY = [Int](repeating: 0, count: layout.rows.count)
    var sendY = [Int](repeating: 0, count: layout.rows.count)
    var breaks: [(y: Int, gap: SimTime)] = []
    var ticks: [(y: Int, time: SimTime)] = []
    var y = top
    var last: Moment?
    for m in moments {
      if let p = last {
        let dt = m.time - p.time
        if dt > 2000 {
          y += 12
          breaks.append((y, dt))
          y += 20
        } else if dt > 0 {
          y += gap(dt)
        } else if m.isRow && p.isRow {
          y += 18
        }
      }
      if m.isRow {
        rowY[m.row] = y
        if ticks.last?.time != m.time { ticks.append((y, m.time)) }
      } else {
        sendY[m.row] = y
      }
      last = m
    }
    let bottom = y + 30
    let width = left + cols.count * columnWidth + right
    let height = bottom + 70
    var svg: [String] = []
    svg.append(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">"
    )
    svg.append("<defs>")
    for k in [TimelineLayout.Kind.replication, .replicationReply, .heartbeat, .election, .order, .announce, .write] {
      svg.append(
        "<marker id=\"head-\(k)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"\(color(k))\"/></marker>"
      )
    }
    svg.append("</defs>")
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
    let first = layout.rows.first?.time ?? 0
    let lastTime = layout.rows.last?.time ?? 0
    svg.append(
      text(12, 20, "repl-lab timeline, t=\(first.secondsText) to t=\(lastTime.secondsText)", size: 14, weight: "bold"))
    if layout.hidden > 0 { svg.append(text(12, 38, "(\(layout.hidden) earlier rows not shown)", fill: "#666")) }

    // Lifelines: solid while up, dotted while down.
    for (i, name) in cols.enumerated() {
      let cx = x[name]!
      svg.append(text(cx, top - 18, name, anchor: "middle", size: 13, weight: "bold"))
      _ = i
      var segStart = top - 8
      var wasDown = layout.down.first?.contains(name) ?? false
      for (r, downSet) in layout.down.enumerated() {
        let isDown = downSet.contains(name)
        if isDown != wasDown {
          svg.append(lifeline(cx, segStart, rowY[r], down: wasDown))
          segStart = rowY[r]
          wasDown = isDown
        }
      }
      svg.append(lifeline(cx, segStart, bottom, down: wasDown))
    }
    // Time axis.
    for t in ticks { svg.append(text(left - 12, t.y + 4, t.time.secondsText, anchor: "end", fill: "#444")) }
    for b in breaks {
      svg.append(
        "<line x1=\"\(left - 80)\" y1=\"\(b.y)\" x2=\"\(left + cols.count * columnWidth)\" y2=\"\(b.y)\" stroke=\"#999\" stroke-dasharray=\"2,4\"/>"
      )
      svg.append(text(left - 12, b.y + 14, "+\(b.gap.durationText)", anchor: "end", fill: "#999", size: 10))
    }

    // Arrow labels go on top of every line, drawn after them.
    var labels: [String] = []
    for (r, row) in layout.rows.enumerated() {
      let ry = rowY[r]
      switch row {
      case .arrow(_, let a):
        guard let fx = x[a.from], let tx = x[a.to] else { continue }
        let col = color(a.kind)
        let sy = min(sendY[r], ry)
        let wide = a.kind == .heartbeat ? "1" : "1.6"
        if a.arrivedAt != nil {
          svg.append(
            "<line x1=\"\(fx)\" y1=\"\(sy)\" x2=\"\(tx)\" y2=\"\(ry)\" stroke=\"\(col)\" stroke-width=\"\(wide)\" marker-end=\"url(#head-\(a.kind))\"/>"
          )
        } else {
          let ex = fx + (tx - fx) * 6 / 10
          let ey = sy + (ry - sy) * 6 / 10
          svg.append(
            "<line x1=\"\(fx)\" y1=\"\(sy)\" x2=\"\(ex)\" y2=\"\(ey)\" stroke=\"\(col)\" stroke-width=\"\(wide)\" stroke-dasharray=\"4,3\"/>"
          )
          svg.append(text(ex, ey + 4, "\u{00D7}", anchor: "middle", fill: "#d62728", size: 14, weight: "bold"))
        }
        if a.kind != .heartbeat {
          // Two thirds of the way along, so the labels of a fan-out from one sender spread apart;
          // a third for a lost message, clear of its x.
          let (num, den) = a.arrivedAt == nil ? (1, 4) : (2, 3)
          let lx = fx + (tx - fx) * num / den
          let ly = sy + (ry - sy) * num / den - 5
          labels.append(
            text(
              lx, ly, a.label + (a.arrivedAt == nil ? " (lost)" : ""), anchor: "middle", fill: col, size: 10, halo: true
            ))
        }
      case .mark(_, let who, let mark):
        let (symbol, words) = TimelineLayout.describe(mark, at: who, in: c)
        let labelX = left + cols.count * columnWidth + 8
        switch mark {
        case .write:
          if let fx = x[Router.clientName], let tx = x[who] {
            svg.append(
              "<line x1=\"\(fx)\" y1=\"\(ry)\" x2=\"\(tx)\" y2=\"\(ry)\" stroke=\"\(color(.write))\" stroke-width=\"1.6\" marker-end=\"url(#head-write)\"/>"
            )
            labels.append(
              text((fx + tx) / 2, ry - 4, words, anchor: "middle", fill: color(.write), size: 10, halo: true))
          }
          continue
        case .partitioned, .healed:
          let fill = mark == .healed ? "#2ca02c" : "#d62728"
          svg.append(
            "<line x1=\"\(left)\" y1=\"\(ry)\" x2=\"\(left + cols.count * columnWidth)\" y2=\"\(ry)\" stroke=\"\(fill)\" stroke-width=\"2\" stroke-dasharray=\"8,4\"/>"
          )
          svg.append(text(labelX, ry + 4, words, fill: fill, weight: "bold"))
          continue
        default:
          break
        }
        guard let cx = x[who] else { continue }
        svg.append(symbolSVG(symbol, cx, ry))
        svg.append(
          "<line x1=\"\(cx + 10)\" y1=\"\(ry)\" x2=\"\(labelX - 4)\" y2=\"\(ry)\" stroke=\"#ddd\" stroke-dasharray=\"1,3\"/>"
        )
        svg.append(text(labelX, ry + 4, words, fill: symbolColor(symbol)))
      case .fold(_, let to, let arrived, let lost, let senders, let lostFrom):
        let endY = sendY[r] > ry ? sendY[r] : ry + 14
        svg.append(
          "<rect x=\"\(left)\" y=\"\(ry - 6)\" width=\"\(cols.count * columnWidth)\" height=\"\(endY - ry + 12)\" fill=\"#f2f2f2\" stroke=\"#ccc\"/>"
        )
        let words = Explain.heartbeatFold(arrived: arrived, lost: lost, senders: senders, lostFrom: lostFrom, until: to)
        svg.append(
          text(left + cols.count * columnWidth / 2, (ry + endY) / 2 + 4, words, anchor: "middle", fill: "#777"))
      }
    }

    svg.append(contentsOf: labels)

    // Legend.
    var lx = 12
    let ly = bottom + 40
    for (k, name) in [
      (TimelineLayout.Kind.write, "client write"), (.replication, "replication"), (.replicationReply, "ack / hello"),
      (.heartbeat, "heartbeat"), (.election, "election / vote"), (.order, "orchestrator order"),
      (.announce, "announcement"),
    ] {
      svg.append(
        "<line x1=\"\(lx)\" y1=\"\(ly)\" x2=\"\(lx + 26)\" y2=\"\(ly)\" stroke=\"\(color(k))\" stroke-width=\"2\" marker-end=\"url(#head-\(k))\"/>"
      )
      svg.append(text(lx + 32, ly + 4, name))
      lx += 40 + name.count * 6 + 14
    }
    svg.append(
      text(
        12, ly + 22,
        "dashed arrow ending in \u{00D7}: lost message.  X crash, ^ restart, M new master, v steps down, ? suspected, ! heard again. Dotted lifeline: node down.",
        fill: "#555"))
    svg.append("</svg>")
    return svg.joined(separator: "\n") + "\n"
  }

  package static func lifeline(_ x: Int, _ y1: Int, _ y2: Int, down: Bool) -> String {
    guard y2 > y1 else { return "" }
    return down
      ? "<line x1=\"\(x)\" y1=\"\(y1)\" x2=\"\(x)\" y2=\"\(y2)\" stroke=\"#bbb\" stroke-width=\"1.5\" stroke-dasharray=\"2,4\"/>"
      : "<line x1=\"\(x)\" y1=\"\(y1)\" x2=\"\(x)\" y2=\"\(y2)\" stroke=\"#333\" stroke-width=\"1.5\"/>"
  }

  package static func symbolColor(_ s: Character) -> String {
    switch s {
    case "X": "#d62728"
    case "^": "#2ca02c"
    case "M": "#b8860b"
    case "v": "#9467bd"
    case "?": "#ff7f0e"
    case "!": "#2ca02c"
    case "R": "#2ca02c"
    default: "#333"
    }
  }

  package static func symbolSVG(_ s: Character, _ x: Int, _ y: Int) -> String {
    let c = symbolColor(s)
    switch s {
    case "X":
      return
        "<path d=\"M \(x - 7) \(y - 7) L \(x + 7) \(y + 7) M \(x - 7) \(y + 7) L \(x + 7) \(y - 7)\" stroke=\"\(c)\" stroke-width=\"3\"/>"
    case "^":
      return "<path d=\"M \(x) \(y - 8) L \(x + 7) \(y + 5) L \(x - 7) \(y + 5) z\" fill=\"\(c)\"/>"
    case "v":
      return "<path d=\"M \(x) \(y + 8) L \(x + 7) \(y - 5) L \(x - 7) \(y - 5) z\" fill=\"\(c)\"/>"
    default:
      return "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"9\" fill=\"\(c)\"/>"
        + text(x, y + 4, String(s), anchor: "middle", fill: "white", size: 11, weight: "bold")
    }
  }

  package static func text(
    _ x: Int, _ y: Int, _ s: String, anchor: String = "start", fill: String = "#222", size: Int = 11,
    weight: String = "normal", halo: Bool = false
  ) -> String {
    let haloAttr = halo ? " stroke=\"white\" stroke-width=\"2\" stroke-opacity=\"0.85\" paint-order=\"stroke\"" : ""
    return
      "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\" fill=\"\(fill)\" font-size=\"\(size)\" font-weight=\"\(weight)\"\(haloAttr)>\(escape(s))</text>"
  }

  package static func escape(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(ch)
      }
    }
    return out
  }
}
