import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `lag --svg FILE`: each replica's log position against simulated time, read back from the
/// timeline. The top panel shows the master's newest seq and, per replica, what it received
/// (dashed) and applied (solid); the bottom panel shows how many entries each replica is behind
/// (the master's newest seq minus what it applied). Crashes, promotions and sync-state changes
/// are marked across both.
public enum LagChartSVG {
  package static let left = 70
  package static let plotWidth = 760
  package static let top = 92
  package static let positionHeight = 240
  package static let lagHeight = 130
  package static let panelGap = 56
  package static let palette = ["#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]

  /// A step function of time: `(time, value)` in time order; the value holds until the next point.
  package typealias Series = [(time: SimTime, value: Int)]

  /// What the chart draws, read from the timeline.
  package struct Data {
    var head: Series = []
    var received: [String: Series] = [:]
    var applied: [String: Series] = [:]
    /// Crashes, restarts, promotions, step-downs: (time, node, words).
    var events: [(time: SimTime, node: String, words: String)] = []
    var start: SimTime = 0
    var end: SimTime = 0
  }

  package static func data(_ c: Cluster) -> Data {
    var d = Data()
    let records = c.timeline.records
    d.start = records.first?.time ?? 0
    d.end = max(c.now, records.last?.time ?? 0)
    var headNow = 0
    func bumpHead(_ seq: Int, _ t: SimTime) {
      if seq > headNow || d.head.isEmpty {
        headNow = max(headNow, seq)
        d.head.append((t, headNow))
      }
    }
    let nodes = Set(c.nodeNames)
    for r in records {
      switch r.entry {
      case .mark(let who, let mark):
        switch mark {
        case .write(let seq, _): bumpHead(seq, r.time)
        case .promoted(let e):
          // The new master's log is the head now, whatever the old one had.
          headNow = d.received[who]?.last?.value ?? headNow
          d.head.append((r.time, headNow))
          d.events.append((r.time, who, "\(who) becomes master (epoch \(e))"))
        case .crashed: d.events.append((r.time, who, "\(who) crashes"))
        case .restarted: d.events.append((r.time, who, "\(who) restarts"))
        case .steppedDown: d.events.append((r.time, who, "\(who) steps down"))
        case .demoted: d.events.append((r.time, who, "\(who) is demoted"))
        case .partitioned, .healed:
          d.events.append((r.time, who, TimelineLayout.describe(mark, at: who, in: c).1))
        default: break
        }
      case .message(let m, let arrivedAt):
        switch m.body {
        case .entries(_, _, let entries):
          guard let last = entries.last else { continue }
          bumpHead(last.seq, m.sentAt)
          if let t = arrivedAt, nodes.contains(m.to) { d.received[m.to, default: []].append((t, last.seq)) }
        case .ack(let received, let applied, _) where nodes.contains(m.from):
          d.received[m.from, default: []].append((m.sentAt, received))
          d.applied[m.from, default: []].append((m.sentAt, applied))
        case .hello(let lastSeq, let applied, _) where nodes.contains(m.from):
          d.received[m.from, default: []].append((m.sentAt, lastSeq))
          d.applied[m.from, default: []].append((m.sentAt, applied))
        default: break
        }
      }
    }
    // Positions now, so every line reaches the right edge.
    for n in c.nodeNames {
      guard let node = c.nodes[n] else { continue }
      if n == c.masterName {
        bumpHead(node.received, d.end)
        d.head.append((d.end, headNow))
      } else {
        d.received[n, default: []].append((d.end, node.received))
        d.applied[n, default: []].append((d.end, node.applied))
      }
    }
    d.head.sort { $0.time < $1.time }
    for k in d.received.keys { d.received[k]!.sort { $0.time < $1.time } }
    for k in d.applied.keys { d.applied[k]!.sort { $0.time < $1.time } }
    return d
  }

  /// The value of a step function at `t`.
  package static func value(_ s: Series, at t: SimTime) -> Int {
    var v = 0
    for p in s {
      if p.time > t { break }
      v = p.value
    }
    return v
  }

  public static func render(_ c: Cluster, notes: PictureNotes = PictureNotes(), idPrefix: String = "lag") -> String {
    let d = data(c)
    let replicas = c.nodeNames.filter { $0 != c.masterName && (d.received[$0] != nil || d.applied[$0] != nil) }
    let span = max(1, d.end - d.start)
    func x(_ t: SimTime) -> Int { left + Int(Double(t - d.start) / Double(span) * Double(plotWidth)) }
    let maxSeq = max(1, d.head.map(\.value).max() ?? 1, d.received.values.flatMap { $0.map(\.value) }.max() ?? 1)
    let posBottom = top + positionHeight
    func yPos(_ v: Int) -> Int { posBottom - Int(Double(v) / Double(maxSeq) * Double(positionHeight)) }
    // Lag in entries at every instant where something changed, per replica.
    var lag: [String: Series] = [:]
    for n in replicas {
      let app = d.applied[n] ?? []
      let times = Set((d.head + app).map(\.time)).sorted()
      var (i, j, h, a) = (0, 0, 0, 0)
      var series: Series = []
      for t in times {
        while i < d.head.count && d.head[i].time <= t {
          h = d.head[i].value
          i += 1
        }
        while j < app.count && app[j].time <= t {
          a = app[j].value
          j += 1
        }
        series.append((t, max(0, h - a)))
      }
      lag[n] = series
    }
    let maxLag = max(1, lag.values.flatMap { $0.map(\.value) }.max() ?? 1)
    let lagTop = posBottom + panelGap
    let lagBottom = lagTop + lagHeight
    func yLag(_ v: Int) -> Int { lagBottom - Int(Double(v) / Double(maxLag) * Double(lagHeight)) }
    let width = left + plotWidth + 190
    let height = lagBottom + 96
    let heading = "repl-lab replication lag, t=\(d.start.secondsText) to t=\(d.end.secondsText)"
    var svg: [String] = [
      SVG.open(width: width, height: height, label: heading),
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
      SVG.text(12, 22, heading, size: 14, weight: "bold"),
      SVG.text(
        12, 40,
        "Top: log positions (black: the master's newest seq; per replica, dashed received, solid applied). Bottom: entries behind.",
        fill: "#555"),
    ]
    // Axes and grid.
    for (y0, y1, maxV, yOf, name) in [
      (top, posBottom, maxSeq, yPos, "seq"), (lagTop, lagBottom, maxLag, yLag, "behind"),
    ] as [(Int, Int, Int, (Int) -> Int, String)] {
      svg.append(SVG.rect(left, y0, plotWidth, y1 - y0, fill: "#fbfbfb", stroke: "#ccc"))
      for v in ticks(maxV) {
        svg.append(SVG.line(left, yOf(v), left + plotWidth, yOf(v), stroke: "#eee"))
        svg.append(SVG.text(left - 6, yOf(v) + 4, "\(v)", anchor: "end", fill: "#444", size: 10))
      }
      svg.append(SVG.text(left, y0 - 6, name, fill: "#444", size: 11, weight: "bold"))
    }
    for t in timeTicks(d.start, d.end) {
      for (y0, y1) in [(top, posBottom), (lagTop, lagBottom)] {
        svg.append(SVG.line(x(t), y0, x(t), y1, stroke: "#eee"))
      }
      svg.append(SVG.text(x(t), lagBottom + 16, t.secondsText, anchor: "middle", fill: "#444", size: 10))
    }
    svg.append(SVG.text(left + plotWidth / 2, lagBottom + 32, "simulated time", anchor: "middle", fill: "#444"))

    // Events and sync-state changes: a vertical line across both panels, labelled above, labels
    // pushed aside where they would touch.
    var placer = LabelPlacer()
    // The legend's corner is taken.
    placer.reserve(.init(x: left + plotWidth + 8, y: top, width: 190, height: 24 + 22 * replicas.count))
    var marks: [(time: SimTime, words: String, color: String)] = d.events.map { ($0.time, $0.words, "#888") }
    marks += notes.syncChanges.filter { $0.time >= d.start && $0.time <= d.end }.map {
      ($0.time, $0.sentence, $0.waits ? "#2ca02c" : "#e6550d")
    }
    marks.sort { ($0.time, $0.words) < ($1.time, $1.words) }
    var labelRows: [String] = []
    for m in marks {
      let mx = x(m.time)
      svg.append(
        SVG.withTitle(
          SVG.line(mx, top, mx, lagBottom, stroke: m.color, width: "1.2", dash: "3,3"),
          "t=\(m.time.secondsText): \(m.words)"))
      let short = m.words.count > 48 ? String(m.words.prefix(46)) + "\u{2026}" : m.words
      let w = LabelPlacer.width(of: short, size: 10)
      let box = placer.place(.init(x: min(mx + 3, left + plotWidth - w), y: top + 4, width: w, height: 14), steps: 40)
      labelRows.append(
        SVG.label(box, short, fill: m.color == "#888" ? "#444" : m.color, tip: "t=\(m.time.secondsText): \(m.words)"))
    }
    // Lines.
    func path(_ s: Series, _ yOf: (Int) -> Int) -> String {
      guard let first = s.first else { return "" }
      var d = "M \(x(first.time)) \(yOf(first.value))"
      var lastX = x(first.time)
      var lastY = yOf(first.value)
      for p in s.dropFirst() {
        let px = x(p.time)
        let py = yOf(p.value)
        if px == lastX && py == lastY { continue }
        if px != lastX { d += " H \(px)" }
        if py != lastY { d += " V \(py)" }
        lastX = px
        lastY = py
      }
      return d
    }
    svg.append(
      SVG.withTitle(
        "<path d=\"\(path(d.head, yPos))\" fill=\"none\" stroke=\"#111\" stroke-width=\"2\"/>",
        "the master's newest seq: \(d.head.last?.value ?? 0) now"))
    for (i, n) in replicas.enumerated() {
      let col = palette[i % palette.count]
      let rec = d.received[n] ?? []
      let app = d.applied[n] ?? []
      svg.append(
        SVG.withTitle(
          "<path d=\"\(path(rec, yPos))\" fill=\"none\" stroke=\"\(col)\" stroke-width=\"1.2\" stroke-dasharray=\"5,3\"/>",
          "\(n) received: seq \(rec.last?.value ?? 0) now"))
      svg.append(
        SVG.withTitle(
          "<path d=\"\(path(app, yPos))\" fill=\"none\" stroke=\"\(col)\" stroke-width=\"2.2\"/>",
          "\(n) applied: seq \(app.last?.value ?? 0) now"))
      let behind = lag[n]?.last?.value ?? 0
      svg.append(
        SVG.withTitle(
          "<path d=\"\(path(lag[n] ?? [], yLag))\" fill=\"none\" stroke=\"\(col)\" stroke-width=\"2\"/>",
          "\(n) is \(Explain.plural(behind, "entry")) behind now (most: \(lag[n]?.map(\.value).max() ?? 0))"))
    }
    svg += labelRows
    // Legend on the right.
    var ly = top + 10
    svg.append(SVG.line(left + plotWidth + 14, ly, left + plotWidth + 40, ly, stroke: "#111", width: "2"))
    svg.append(SVG.text(left + plotWidth + 46, ly + 4, "master (head)"))
    for (i, n) in replicas.enumerated() {
      ly += 22
      let col = palette[i % palette.count]
      svg.append(SVG.line(left + plotWidth + 14, ly, left + plotWidth + 40, ly, stroke: col, width: "2.2"))
      svg.append(SVG.text(left + plotWidth + 46, ly + 4, "\(n) (\(c.syncState(of: n).text))", fill: col))
    }
    if replicas.isEmpty {
      svg.append(SVG.text(left + 20, top + positionHeight / 2, "No replica has replicated anything yet.", fill: "#777"))
    }
    svg.append(
      SVG.text(
        12, lagBottom + 56,
        "Grey dashes: crashes, restarts, promotions, partitions. Orange: writes stop waiting for replicas. Green: they wait again.",
        fill: "#555"))
    svg.append("</svg>")
    return svg.joined(separator: "\n") + "\n"
  }

  /// Round values for an axis from 0 to `max`.
  package static func ticks(_ max: Int) -> [Int] {
    var step = 1
    while max / step > 6 {
      if max / (step * 2) <= 6 { step *= 2 } else if max / (step * 5) <= 6 { step *= 5 } else { step *= 10 }
    }
    return Array(stride(from: 0, through: max, by: step))
  }

  /// Round instants between `start` and `end`, about eight of them.
  package static func timeTicks(_ start: SimTime, _ end: SimTime) -> [SimTime] {
    let span = Swift.max(1, end - start)
    var step: SimTime = 1
    for s: SimTime in [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 300_000, 600_000]
    where span / s >= 4 {
      step = s
    }
    var t = (start + step - 1) / step * step
    var out: [SimTime] = []
    while t <= end && out.count < 40 {
      out.append(t)
      t += step
    }
    return out
  }
}
