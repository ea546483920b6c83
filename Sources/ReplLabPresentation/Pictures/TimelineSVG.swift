import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `timeline --svg FILE`: the timeline as an SVG picture. Columns are lifelines; each message is a
/// slanted arrow from the moment it was sent to the moment it arrived, coloured by kind. Time runs
/// down at one scale, so equal latencies look equal; a stretch longer than `longestDrawn` is cut
/// out and the axis says how much. The client's writes are bars from invocation to acknowledgement,
/// lost and rolled-back writes are marked where they were written and where they were lost, and
/// every arrow and marker has a tooltip.
public enum TimelineSVG {
  package static let left = 110
  package static let columnWidth = 150
  package static let top = 96
  package static let right = 360
  /// Height of a cut in the time axis.
  package static let breakHeight = 34
  /// The longest stretch drawn to scale, in pixels; a longer gap between two moments is cut.
  package static let longestDrawn = 330

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

  package static let allKinds: [TimelineLayout.Kind] = [
    .replication, .replicationReply, .heartbeat, .election, .order, .announce, .write,
  ]

  /// The colour of a client's operation bar: how long the client waited depends on the mode.
  package static func modeColor(_ m: SyncMode) -> String {
    switch m {
    case .async: "#9467bd"
    case .semi: "#e6550d"
    case .sync: "#08519c"
    }
  }

  package static let lostColor = "#c00000"

  /// Pixels per millisecond: the shortest latency drawn gets about 48 px, within limits.
  package static func scale(_ layout: TimelineLayout) -> Double {
    var shortest: SimTime?
    for row in layout.rows {
      if case .arrow(_, let a) = row, let t = a.arrivedAt, t > a.sentAt {
        shortest = min(shortest ?? t - a.sentAt, t - a.sentAt)
      }
    }
    return min(8, max(0.05, 48 / Double(shortest ?? 10)))
  }

  /// A write as the picture draws it: where it was written and, if it was lost, where and why.
  package struct WriteMark {
    let row: Int
    let seq: Int
    let epoch: Int
    let master: String
    let note: PictureNotes.Write?
    /// When, where and in which words the write was lost or rolled back.
    var loss: (time: SimTime, node: String, words: String)?
    /// When and where an old master threw it away.
    var rollback: (time: SimTime, node: String, words: String)?
    var acknowledgedAndLost = false
    /// Where it went, first lost then rolled back.
    var fates: [(time: SimTime, node: String, words: String)] { [loss, rollback].compactMap { $0 } }
  }

  /// The writes among the rows, with their epochs, notes, and losses.
  package static func writes(_ c: Cluster, _ layout: TimelineLayout, notes: PictureNotes) -> [WriteMark] {
    // The epoch each node writes in: from the notes when the write was typed, else from the
    // promotions seen so far (the first master writes in epoch 1).
    var epochOf: [String: Int] = [:]
    var out: [WriteMark] = []
    for (i, row) in layout.rows.enumerated() {
      guard case .mark(let t, let who, let mark) = row else { continue }
      if case .promoted(let e) = mark { epochOf[who] = e }
      guard case .write(let seq, _) = mark else { continue }
      let note = notes.writes.last { $0.seq == seq && $0.master == who && $0.invoked == t }
      let epoch = note?.epoch ?? epochOf[who] ?? 1
      var w = WriteMark(row: i, seq: seq, epoch: epoch, master: who, note: note)
      func isThis(_ id: WriteID) -> Bool { id.epoch == epoch && id.seq == seq }
      w.acknowledgedAndLost = c.lostWrites.contains(where: isThis)
      if w.acknowledgedAndLost {
        // Lost when a node took over without it.
        for later in layout.rows[(i + 1)...] {
          guard case .mark(let pt, let node, .promoted(let e)) = later, e > epoch, node != who else { continue }
          w.loss = (pt, who, "seq \(seq) lost: \(node) took over (epoch \(e)) without it")
          break
        }
      }
      if let r = notes.rollbacks.first(where: { $0.time >= t && $0.node == who && $0.discarded.contains(where: isThis) }
      ) {
        w.rollback = (r.time, who, "seq \(seq) (epoch \(epoch)) rolled back on \(who), which now follows \(r.master)")
      }
      out.append(w)
    }
    return out
  }

  public static func render(
    _ c: Cluster, range: TimelineRange, notes: PictureNotes = PictureNotes(), idPrefix: String = "tl",
    firstRecord: Int = 0, highlightLast: Int = 0
  ) -> String {
    let layout = TimelineLayout(c, range: range, firstRecord: firstRecord)
    var cols = layout.columns
    let writeMarks = writes(c, layout, notes: notes)
    if !writeMarks.isEmpty && !cols.contains(Router.clientName) { cols.append(Router.clientName) }
    let x = Dictionary(uniqueKeysWithValues: cols.enumerated().map { ($1, left + $0 * columnWidth + columnWidth / 2) })
    let first = layout.rows.first?.time ?? c.now
    let lastRow = layout.rows.last?.time ?? c.now
    // Every instant the picture places: rows, sends, fold ends, acknowledgements, losses.
    var instants: Set<SimTime> = []
    for row in layout.rows {
      instants.insert(row.time)
      if case .arrow(_, let a) = row { instants.insert(a.sentAt) }
      if case .fold(_, let to, _, _, _, _) = row { instants.insert(to) }
    }
    var bars: [(mark: WriteMark, end: SimTime?)] = []
    for w in writeMarks {
      var end: SimTime?
      switch w.note?.end {
      case .acknowledged(let at), .fellBack(let at), .cutOff(let at): end = at
      case .waiting: end = nil
      case nil: end = layout.rows[w.row].time
      }
      if let e = end, e <= max(lastRow, c.now) { instants.insert(e) } else { end = nil }
      bars.append((w, end))
      for f in w.fates { instants.insert(f.time) }
    }
    let scale = scale(layout)
    var yOf: [SimTime: Int] = [:]
    var breaks: [(y: Int, cut: SimTime)] = []
    // Within a stretch between cuts, y is a function of time alone, so equal latencies come out
    // the same height wherever they are.
    var y = top
    var previous: SimTime?
    var stretchStart = (time: SimTime(0), y: top)
    for t in instants.sorted() {
      if let p = previous, Double(t - p) * scale > Double(longestDrawn) {
        y = yOf[p]! + 10
        breaks.append((y, t - p))
        y += breakHeight
        // A little room below the cut, so the next moment's time does not sit on its edge.
        stretchStart = (t, y + 10)
      } else if previous == nil {
        stretchStart = (t, top)
      }
      y = stretchStart.y + Int((Double(t - stretchStart.time) * scale).rounded())
      yOf[t] = y
      previous = t
    }
    let bottom = y + 40
    let width = left + cols.count * columnWidth + right
    let labelX = left + cols.count * columnWidth + 12
    let rowY = layout.rows.map { yOf[$0.time]! }

    var placer = LabelPlacer()
    var svgBody: [String] = []
    var labels: [String] = []
    var notesColumn: [(y: Int, text: String, fill: String, tip: String, fromX: Int)] = []

    // Lifelines: solid while up, dotted while down.
    for name in cols {
      let cx = x[name]!
      svgBody.append(SVG.text(cx, top - 22, name, anchor: "middle", size: 13, weight: "bold"))
      placer.reserve(.init(x: cx - 40, y: top - 36, width: 80, height: 18))
      var segStart = top - 12
      var wasDown = layout.down.first?.contains(name) ?? false
      for (r, downSet) in layout.down.enumerated() {
        let isDown = downSet.contains(name)
        if isDown != wasDown {
          svgBody.append(lifeline(cx, segStart, rowY[r], down: wasDown))
          segStart = rowY[r]
          wasDown = isDown
        }
      }
      svgBody.append(lifeline(cx, segStart, bottom, down: wasDown))
    }
    // Time axis: one tick per distinct instant that has a row, thinned so labels do not touch.
    var lastTickY = -100
    for t in Set(layout.rows.map(\.time)).sorted() where yOf[t]! - lastTickY >= 14 {
      svgBody.append(SVG.text(left - 14, yOf[t]! + 4, t.secondsText, anchor: "end", fill: "#444"))
      lastTickY = yOf[t]!
    }
    for b in breaks {
      svgBody.append(
        "<g class=\"cut\">"
          + SVG.title("\(b.cut.durationText) of quiet time cut out here: the axis is to scale above and below")
          + SVG.rect(4, b.y, left + cols.count * columnWidth - 4, breakHeight, fill: "#f4f4f4")
          + zigzag(from: 4, to: left + cols.count * columnWidth, y: b.y)
          + zigzag(from: 4, to: left + cols.count * columnWidth, y: b.y + breakHeight)
          + SVG.text(8, b.y + breakHeight / 2 + 4, "\u{22EF} \(b.cut.durationText) cut", fill: "#666", size: 10)
          + "</g>")
      placer.reserve(.init(x: 0, y: b.y + 8, width: left - 4, height: breakHeight - 16))
    }

    // The newest rows shaded: what the current step of a lesson page did.
    if highlightLast > 0, highlightLast <= layout.rows.count {
      let from = rowY[layout.rows.count - highlightLast] - 14
      svgBody.insert(
        "<g class=\"this-step\">" + SVG.title("what this step did")
          + SVG.rect(left - 4, from, cols.count * columnWidth + 8, bottom - 20 - from, fill: "#fff3cd")
          + SVG.text(left + 2, from + 11, "this step", fill: "#8a6d00", size: 10, weight: "bold") + "</g>", at: 0)
      placer.reserve(.init(x: left, y: from, width: 56, height: 14))
    }
    // Markers reserve their place first, so that labels go around them (several at one instant
    // stand side by side, leftwards).
    var reserved: [String: (SimTime, Int)] = [:]
    for (r, row) in layout.rows.enumerated() {
      if case .mark(let t, let who, let mark) = row, let cx = x[who] {
        switch mark {
        case .write, .partitioned, .healed: break
        default:
          let k = reserved[who].map { $0.0 == t ? $0.1 + 1 : 0 } ?? 0
          reserved[who] = (t, k)
          placer.reserve(.init(x: cx - 10 - 20 * k, y: rowY[r] - 10, width: 20, height: 20))
        }
      }
    }
    for b in bars {
      guard let cx = x[Router.clientName] else { continue }
      placer.reserve(.init(x: cx - 6, y: rowY[b.mark.row] - 2, width: 12, height: 4))
    }

    struct MarkKey: Hashable {
      let node: String
      let time: SimTime
      init(_ node: String, _ time: SimTime) {
        self.node = node
        self.time = time
      }
    }
    var markCount: [MarkKey: Int] = [:]
    for (r, row) in layout.rows.enumerated() {
      let ry = rowY[r]
      switch row {
      case .arrow(_, let a):
        guard let fx = x[a.from], let tx = x[a.to] else { continue }
        let col = color(a.kind)
        let sy = yOf[a.sentAt] ?? ry
        let wide = a.kind == .heartbeat ? "1" : "1.6"
        let took = a.arrivedAt.map { ", arrived t=\($0.secondsText) (\(($0 - a.sentAt).durationText))" } ?? ", lost"
        let tip =
          "\(a.from) \u{2192} \(a.to): \(a.label). Sent t=\(a.sentAt.secondsText)\(took)."
          + (a.detail.isEmpty ? "" : " \(a.detail.prefix(1).uppercased() + a.detail.dropFirst()).")
        if a.arrivedAt != nil {
          svgBody.append(
            SVG.withTitle(
              SVG.line(
                fx, sy, tx, ry, stroke: col, width: wide, extra: " marker-end=\"url(#\(idPrefix)-head-\(a.kind))\""),
              tip))
        } else {
          let ex = fx + (tx - fx) * 6 / 10
          let ey = sy + (ry - sy) * 6 / 10
          svgBody.append(
            "<g>" + SVG.title(tip) + SVG.line(fx, sy, ex, ey, stroke: col, width: wide, dash: "4,3")
              + SVG.text(ex, ey + 5, "\u{00D7}", anchor: "middle", fill: lostColor, size: 15, weight: "bold") + "</g>")
          placer.reserve(.init(x: ex - 6, y: ey - 7, width: 12, height: 14))
        }
        if a.kind != .heartbeat {
          // Two thirds of the way along, so the labels of a fan-out from one sender spread apart;
          // a quarter for a lost message, clear of its x.
          let (num, den) = a.arrivedAt == nil ? (1, 4) : (2, 3)
          let lx = fx + (tx - fx) * num / den
          let ly = sy + (ry - sy) * num / den
          let text = a.label + (a.arrivedAt == nil ? " (lost)" : "")
          let w = LabelPlacer.width(of: text, size: 10)
          let box = placer.place(.init(x: lx - w / 2, y: ly - 16, width: w, height: 14))
          labels.append(leader(from: (lx, ly), to: box, color: col) + SVG.label(box, text, fill: col, tip: tip))
        }
      case .mark(_, let who, let mark):
        let (symbol, words) = TimelineLayout.describe(mark, at: who, in: c)
        let when = "t=\(row.time.secondsText): "
        switch mark {
        case .write:
          guard let w = writeMarks.first(where: { $0.row == r }), let fx = x[Router.clientName], let tx = x[who]
          else { continue }
          let lost = !w.fates.isEmpty
          let col = lost ? lostColor : color(.write)
          let sentence = w.note?.sentence ?? words
          let fate = w.fates.map { " At t=\($0.time.secondsText): \($0.words)." }.joined()
          let tip = "\(when)\(words) (epoch \(w.epoch)). The REPL said: \(sentence)\(fate)"
          svgBody.append(
            SVG.withTitle(
              SVG.line(
                fx, ry, tx, ry, stroke: col, width: "1.6", extra: " marker-end=\"url(#\(idPrefix)-head-write)\""), tip))
          let text = (w.loss != nil ? "LOST: " : w.rollback != nil ? "ROLLED BACK: " : "") + words
          let wd = LabelPlacer.width(of: text, size: 10)
          let box = placer.place(.init(x: (fx + tx) / 2 - wd / 2, y: ry - 17, width: wd, height: 14))
          labels.append(
            leader(from: ((fx + tx) / 2, ry), to: box, color: col)
              + SVG.label(
                box, text, fill: col, weight: lost ? "bold" : "normal", tip: tip, border: lost ? lostColor : nil))
        case .partitioned, .healed:
          let fill = mark == .healed ? "#2ca02c" : "#d62728"
          svgBody.append(
            SVG.withTitle(
              SVG.line(left, ry, left + cols.count * columnWidth, ry, stroke: fill, width: "2", dash: "8,4"),
              when + words))
          notesColumn.append((ry, words, fill, when + words, left + cols.count * columnWidth))
        default:
          guard let col = x[who] else { continue }
          // Marks on one lifeline at one instant stand side by side, leftwards, in the order they happened.
          let sameInstant = markCount[MarkKey(who, row.time), default: 0]
          markCount[MarkKey(who, row.time)] = sameInstant + 1
          let cx = col - 20 * sameInstant
          svgBody.append("<g class=\"marker\">" + SVG.title(when + words) + symbolSVG(symbol, cx, ry) + "</g>")
          notesColumn.append((ry, words, symbolColor(symbol), when + words, cx + 10))
        }
      case .fold(_, let to, let arrived, let lost, let senders, let lostFrom):
        let endY = max(yOf[to] ?? ry, ry + 14)
        let words = Explain.heartbeatFold(arrived: arrived, lost: lost, senders: senders, lostFrom: lostFrom, until: to)
        svgBody.append(
          "<g class=\"fold\">" + SVG.title("t=\(row.time.secondsText) to t=\(to.secondsText): \(words)")
            + SVG.rect(left, ry - 6, cols.count * columnWidth, endY - ry + 12, fill: "#f2f2f2", stroke: "#ccc")
            + "</g>")
        let wd = LabelPlacer.width(of: words, size: 10)
        let box = placer.place(
          .init(x: left + cols.count * columnWidth / 2 - wd / 2, y: (ry + endY) / 2 - 7, width: wd, height: 14))
        labels.append(SVG.label(box, words, fill: "#666", tip: words))
      }
    }

    // The client's operations, from invocation to acknowledgement.
    if let cx = x[Router.clientName] {
      for b in bars {
        let w = b.mark
        let invokedY = rowY[w.row]
        let mode = w.note?.mode ?? c.syncMode
        let col = modeColor(mode)
        let endY = b.end.flatMap { yOf[$0] }
        let barEnd = endY ?? bottom - 8
        let words: String
        switch w.note?.end {
        case .acknowledged(let at):
          words =
            at == w.note!.invoked
            ? "seq \(w.seq): \(mode.rawValue), acknowledged at once"
            : "seq \(w.seq): \(mode.rawValue), waited \((at - w.note!.invoked).durationText)"
        case .fellBack(let at):
          words = "seq \(w.seq): semi-sync timed out after \((at - w.note!.invoked).durationText)"
        case .cutOff:
          words = "seq \(w.seq): the master crashed while the client waited"
        case .waiting:
          words = "seq \(w.seq): still waiting for its acknowledgement"
        case nil:
          words = "seq \(w.seq)"
        }
        let tip = words + (w.note.map { ". The REPL said: \($0.sentence)" } ?? "")
        var g = "<g class=\"op\">" + SVG.title(tip)
        g += SVG.rect(
          cx - 5, invokedY - 2, 10, max(4, barEnd - invokedY + 4), fill: col, rx: 2, extra: " fill-opacity=\"0.85\"")
        if endY == nil {
          g += SVG.line(cx, barEnd, cx, barEnd + 10, stroke: col, width: "3", dash: "2,2")
        }
        if case .cutOff = w.note?.end {
          g +=
            "<path d=\"M \(cx - 6) \(barEnd - 4) L \(cx + 6) \(barEnd + 8) M \(cx - 6) \(barEnd + 8) L \(cx + 6) \(barEnd - 4)\" stroke=\"\(lostColor)\" stroke-width=\"2.5\"/>"
        }
        if let endY, endY > invokedY, let mx = x[w.master] {
          // The answer travels back from the master.
          g += SVG.line(mx, endY, cx, endY, stroke: col, width: "1", dash: "3,2")
        }
        svgBody.append(g + "</g>")
        if barEnd - invokedY >= 6 || endY == nil {
          let wd = LabelPlacer.width(of: words, size: 10)
          let box = placer.place(.init(x: cx + 9, y: (invokedY + barEnd) / 2 - 7, width: wd, height: 14))
          labels.append(SVG.label(box, words, fill: col, tip: tip))
        }
      }
    }

    // Lost writes: where they were lost, tied back to where they were written.
    for w in writeMarks {
      let wy = rowY[w.row]
      var fromY = wy
      for fate in w.fates {
        // Beside the lifeline, clear of a crash or restart drawn on it at the same instant.
        guard let cx = x[fate.node], let ly = yOf[fate.time] else { continue }
        let lx = cx + 20
        let tip = "t=\(fate.time.secondsText): \(fate.words)" + (w.note.map { ". It was: \($0.sentence)" } ?? "")
        svgBody.append(
          "<g class=\"loss\">" + SVG.title(tip)
            + "<path d=\"M \(cx + 4) \(fromY) C \(lx + 30) \(fromY), \(lx + 30) \(ly), \(lx + 9) \(ly)\" fill=\"none\" stroke=\"\(lostColor)\" stroke-width=\"1.2\" stroke-dasharray=\"2,3\"/>"
            + "<circle cx=\"\(lx)\" cy=\"\(ly)\" r=\"8\" fill=\"white\" stroke=\"\(lostColor)\" stroke-width=\"2.5\"/>"
            + SVG.line(lx - 5, ly + 5, lx + 5, ly - 5, stroke: lostColor, width: "2.5") + "</g>")
        placer.reserve(.init(x: lx - 9, y: ly - 9, width: 18, height: 18))
        notesColumn.append((ly, fate.words, lostColor, tip, lx + 10))
        fromY = ly
      }
    }

    // Notes in the right margin, in time order, pushed down where they would touch.
    for n in notesColumn.sorted(by: { $0.y < $1.y }) {
      let wd = LabelPlacer.width(of: n.text, size: 11)
      let box = placer.place(.init(x: labelX, y: n.y - 8, width: wd, height: 15), steps: 200)
      svgBody.append(
        SVG.line(n.fromX, n.y, labelX - 2, box.y + 8, stroke: "#ddd", dash: "1,3"))
      labels.append(SVG.label(box, n.text, fill: n.fill, size: 11, tip: n.tip))
    }

    let height = max(bottom, placer.lowest + 10) + 86
    var svg: [String] = [
      SVG.open(
        width: width, height: height, label: "repl-lab timeline, t=\(first.secondsText) to t=\(lastRow.secondsText)"),
      "<defs>",
    ]
    for k in allKinds { svg.append(SVG.arrowhead(id: "\(idPrefix)-head-\(k)", color: color(k))) }
    svg.append("</defs>")
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
    svg.append(
      SVG.text(
        12, 20, "repl-lab timeline, t=\(first.secondsText) to t=\(lastRow.secondsText)", size: 14, weight: "bold"))
    let scaleWords = "Time runs down, \(Int((scale * 100).rounded())) px per 100 ms; \u{22EF} marks a cut."
    svg.append(
      SVG.text(
        12, 38, scaleWords + (layout.hidden > 0 ? " (\(layout.hidden) earlier rows not shown)" : ""), fill: "#666"))
    svg += svgBody
    svg += labels
    svg += legend(y: max(bottom, placer.lowest + 10) + 30, idPrefix: idPrefix)
    svg.append("</svg>")
    return svg.joined(separator: "\n") + "\n"
  }

  static func legend(y ly: Int, idPrefix: String) -> [String] {
    var out: [String] = []
    var lx = 12
    for (k, name) in [
      (TimelineLayout.Kind.write, "client write"), (.replication, "replication"), (.replicationReply, "ack / hello"),
      (.heartbeat, "heartbeat"), (.election, "election / vote"), (.order, "orchestrator order"),
      (.announce, "announcement"),
    ] {
      out.append(
        SVG.withTitle(
          SVG.line(
            lx, ly, lx + 26, ly, stroke: color(k), width: "2", extra: " marker-end=\"url(#\(idPrefix)-head-\(k))\""),
          "legend: \(name)"))
      out.append(SVG.text(lx + 32, ly + 4, name))
      lx += 40 + LabelPlacer.width(of: name, size: 11) + 8
    }
    lx = 12
    for mode in [SyncMode.async, .semi, .sync] {
      out.append(SVG.rect(lx, ly + 14, 10, 16, fill: modeColor(mode), rx: 2))
      let words = "\(mode.rawValue) write: invocation to acknowledgement"
      out.append(SVG.text(lx + 16, ly + 26, words))
      lx += 26 + LabelPlacer.width(of: words, size: 11) + 10
    }
    out.append(
      "<circle cx=\"\(lx + 8)\" cy=\"\(ly + 22)\" r=\"7\" fill=\"white\" stroke=\"\(lostColor)\" stroke-width=\"2.5\"/>"
    )
    out.append(SVG.text(lx + 22, ly + 26, "write lost or rolled back", fill: lostColor))
    out.append(
      SVG.text(
        12, ly + 48,
        "dashed arrow ending in \u{00D7}: lost message.  X crash, ^ restart, M new master, v steps down, ? suspected, ! heard again. Dotted lifeline: node down.",
        fill: "#555"))
    return out
  }

  /// A zigzag across the picture: the edge of a cut in the time axis.
  static func zigzag(from x1: Int, to x2: Int, y: Int) -> String {
    var d = "M \(x1) \(y)"
    var x = x1
    var up = true
    while x < x2 {
      x = min(x2, x + 8)
      d += " L \(x) \(up ? y - 3 : y + 3)"
      up.toggle()
    }
    return "<path d=\"\(d)\" fill=\"none\" stroke=\"#999\" stroke-width=\"1\"/>"
  }

  /// A thin line from where a label belongs to where it went, when it had to move.
  static func leader(from p: (Int, Int), to box: LabelPlacer.Box, color: String) -> String {
    let cy = box.y + box.height / 2
    guard abs(cy - p.1) > 16 else { return "" }
    let bx = min(max(p.0, box.x), box.x + box.width)
    return SVG.line(p.0, p.1, bx, cy < p.1 ? box.y + box.height : box.y, stroke: color, width: "0.7", dash: "1,2")
  }

  package static func lifeline(_ x: Int, _ y1: Int, _ y2: Int, down: Bool) -> String {
    guard y2 > y1 else { return "" }
    return down
      ? SVG.line(x, y1, x, y2, stroke: "#bbb", width: "1.5", dash: "2,4")
      : SVG.line(x, y1, x, y2, stroke: "#333", width: "1.5")
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
        + SVG.text(x, y + 4, String(s), anchor: "middle", fill: "white", size: 11, weight: "bold")
    }
  }

  package static func escape(_ s: String) -> String { SVG.escape(s) }
}
