import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `topology --svg FILE`: who follows whom right now. Masters stand on the top row, each replica
/// below the node it follows with an arrow to it; a box says the node's role, epoch, whether it is
/// up, its log positions and its sync state. Links the network has cut are red dashes.
public enum TopologySVG {
  package static let boxWidth = 236
  package static let boxHeight = 92
  package static let gapX = 40
  package static let gapY = 70
  package static let top = 100

  /// How deep each node stands: masters and nodes that follow nobody at 0, a replica one below
  /// the node it follows.
  package static func levels(_ c: Cluster) -> [[String]] {
    var depth: [String: Int] = [:]
    func level(_ n: String, _ seen: Set<String>) -> Int {
      if let d = depth[n] { return d }
      guard let node = c.nodes[n], node.role == .replica, let m = node.masterName, c.nodes[m] != nil,
        !seen.contains(m)
      else { return 0 }
      return level(m, seen.union([n])) + 1
    }
    for n in c.nodeNames { depth[n] = level(n, [n]) }
    let deepest = depth.values.max() ?? 0
    var rows: [[String]] = Array(repeating: [], count: deepest + 1)
    // The cluster's master first on the top row, then everyone in node order.
    let order = (c.masterName.map { [$0] } ?? []) + c.nodeNames.filter { $0 != c.masterName }
    for n in order { rows[depth[n]!].append(n) }
    return rows
  }

  public static func render(_ c: Cluster, idPrefix: String = "tp") -> String {
    let rows = levels(c)
    let widest = rows.map(\.count).max() ?? 1
    let width = max(560, 40 + widest * (boxWidth + gapX))
    var pos: [String: (x: Int, y: Int)] = [:]
    for (r, row) in rows.enumerated() {
      let span = row.count * boxWidth + (row.count - 1) * gapX
      let x0 = (width - span) / 2
      for (i, n) in row.enumerated() {
        pos[n] = (x0 + i * (boxWidth + gapX), top + r * (boxHeight + gapY))
      }
    }
    let bottom = top + rows.count * (boxHeight + gapY) - gapY
    let height = bottom + 76
    let masterText = c.masterName.map { m in c.nodes[m]?.isUp == true ? m : "\(m) (down)" } ?? "none"
    var mode = c.syncMode.rawValue
    if c.syncMode == .semi { mode += c.semiSyncActive ? " (ON)" : " (OFF after a timeout)" }
    let heading =
      "repl-lab topology at t=\(c.now.secondsText): master \(masterText), epoch \(c.epoch), sync-mode \(mode)"
    var svg: [String] = [
      SVG.open(width: width, height: height, label: heading), "<defs>",
      SVG.arrowhead(id: "\(idPrefix)-head-follow", color: "#1f77b4"),
      SVG.arrowhead(id: "\(idPrefix)-head-broken", color: "#999"), "</defs>",
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
      SVG.text(12, 22, heading, size: 14, weight: "bold"),
    ]
    for (i, line) in TextWrap.wrap(StatusView.controlLine(c), width: 110).split(separator: "\n").prefix(3).enumerated()
    {
      svg.append(SVG.text(12, 42 + 15 * i, Parser.trim(String(line)), fill: "#555"))
    }
    // Cut links first, under everything.
    for (i, a) in c.nodeNames.enumerated() {
      for b in c.nodeNames[(i + 1)...] where c.cutOff(from: a).contains(b) {
        guard let pa = pos[a], let pb = pos[b] else { continue }
        svg.append(
          SVG.withTitle(
            SVG.line(
              pa.x + boxWidth / 2, pa.y + boxHeight / 2, pb.x + boxWidth / 2, pb.y + boxHeight / 2, stroke: "#d62728",
              width: "2", dash: "6,4"), "the network between \(a) and \(b) is cut"))
      }
    }
    // Who follows whom.
    for n in c.nodeNames {
      guard let node = c.nodes[n], node.role == .replica, let m = node.masterName, let from = pos[n], let to = pos[m]
      else { continue }
      let connected = c.data.isConnected(n) && node.isUp
      let state = c.data.replicationState(of: n)?.text ?? "-"
      let tip = "\(n) follows \(m): \(state), received seq \(node.received), applied seq \(node.applied)"
      let (x1, y1) = (from.x + boxWidth / 2, from.y)
      let (x2, y2) = to.y < from.y ? (to.x + boxWidth / 2, to.y + boxHeight) : (to.x + boxWidth / 2, to.y + boxHeight)
      svg.append(
        SVG.withTitle(
          SVG.line(
            x1, y1, x2, y2 + 2, stroke: connected ? "#1f77b4" : "#999", width: "2", dash: connected ? nil : "5,4",
            extra: " marker-end=\"url(#\(idPrefix)-head-\(connected ? "follow" : "broken"))\""), tip))
    }
    for n in c.nodeNames {
      guard let node = c.nodes[n], let p = pos[n] else { continue }
      svg.append(box(node, at: p, in: c))
    }
    // Legend.
    let ly = bottom + 34
    svg.append(
      SVG.withTitle(
        SVG.line(12, ly, 40, ly, stroke: "#1f77b4", width: "2", extra: " marker-end=\"url(#\(idPrefix)-head-follow)\""),
        "legend: follows"))
    svg.append(SVG.text(46, ly + 4, "follows (streaming)"))
    svg.append(
      SVG.withTitle(
        SVG.line(
          180, ly, 208, ly, stroke: "#999", width: "2", dash: "5,4",
          extra: " marker-end=\"url(#\(idPrefix)-head-broken)\""),
        "legend: follows, not connected"))
    svg.append(SVG.text(214, ly + 4, "follows, not connected"))
    svg.append(SVG.line(370, ly, 398, ly, stroke: "#d62728", width: "2", dash: "6,4"))
    svg.append(SVG.text(404, ly + 4, "network cut"))
    svg.append(
      SVG.text(
        12, ly + 24, "Grey box: node down. Gold border: the master. Purple border: an old master still acting as one.",
        fill: "#555"))
    svg.append("</svg>")
    return svg.joined(separator: "\n") + "\n"
  }

  static func box(_ n: Node, at p: (x: Int, y: Int), in c: Cluster) -> String {
    let role = StatusView.role(of: n, in: c)
    let isMaster = n.name == c.masterName
    let stray = n.role == .master && !isMaster
    let border = !n.isUp ? "#aaa" : isMaster ? "#b8860b" : stray ? "#9467bd" : "#1f77b4"
    let fill = !n.isUp ? "#eeeeee" : isMaster ? "#fff8e1" : "#f3f8fd"
    var lines: [String] = []
    lines.append("\(role), epoch \(n.epoch), \(StatusView.state(of: n))")
    lines.append("received seq \(n.received), applied seq \(n.applied)")
    if n.role == .replica {
      let state = c.data.replicationState(of: n.name)?.text ?? "-"
      lines.append("\(state); sync_state \(c.syncState(of: n.name).text)")
    } else if isMaster {
      lines.append(
        "\(c.nodeNames.filter { c.nodes[$0]?.masterName == n.name && c.nodes[$0]?.role == .replica }.count) following")
    } else if n.isUp {
      lines.append("acting as master, not the cluster's")
    } else {
      lines.append("was master; down, replaced")
    }
    let tip = "\(n.name): " + lines.joined(separator: "; ")
    var g = "<g class=\"node\">" + SVG.title(tip)
    g += SVG.rect(
      p.x, p.y, boxWidth, boxHeight, fill: fill, stroke: border, rx: 8,
      extra: " stroke-width=\"\(isMaster || stray ? 3 : 1.5)\"\(n.isUp ? "" : " stroke-dasharray=\"5,3\"")")
    g += SVG.text(p.x + 12, p.y + 22, n.name, fill: n.isUp ? "#111" : "#777", size: 15, weight: "bold")
    if !n.isUp {
      g += SVG.text(p.x + boxWidth - 12, p.y + 22, "DOWN", anchor: "end", fill: "#d62728", size: 12, weight: "bold")
    }
    for (i, l) in lines.enumerated() {
      g += SVG.text(p.x + 12, p.y + 42 + i * 16, l, fill: n.isUp ? "#333" : "#777", size: 11)
    }
    return g + "</g>"
  }
}
