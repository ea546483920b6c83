import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `election compare`: the three election methods on the same failure, side by side.
public enum ElectionCompareView {
  public static func render(_ cmp: ElectionComparison, in c: Cluster) -> String {
    let old = cmp.oldMaster
    let positions = c.nodeNames.filter { $0 != old }.compactMap { c.node($0) }.map { n in
      var s = "\(n.name) seq \(n.log.lastSeq)"
      if !n.isUp { s += " (down)" }
      let p = c.control.priority(of: n.name)
      if p != ControlPlane.defaultPriority { s += " (priority \(p))" }
      return s
    }
    let head =
      cmp.crashedIt
      ? "If \(old) (seq \(c.node(old)!.log.lastSeq)) crashed now (t=\(cmp.at.secondsText))"
      : "\(old) is down (seq \(c.node(old)!.log.lastSeq)); if the orchestrator failed over now (t=\(cmp.at.secondsText))"
    var lines = ["\(head), with \(positions.joined(separator: ", ")), each method would give:"]
    var table = TextTable(["method", "new master", "epoch", "after", "messages", "writes lost"])
    for o in cmp.outcomes {
      let winner: String
      switch o.winners.count {
      case 0: winner = "none"
      case 1: winner = o.winners[0]
      default: winner = o.winners.joined(separator: " and ") + " (two masters)"
      }
      table.add([
        o.method.rawValue, winner, o.epoch.map(String.init) ?? "-", o.failed ? "gave up" : o.took.durationText,
        "\(o.messages)", lostSummary(o.lost),
      ])
    }
    lines.append(table.render())
    // Lost writes may be to keys only a copy wrote; name them with the copies' key table.
    let named = c.naming(cmp.keys)
    for o in cmp.outcomes {
      guard let w = o.winners.last else { continue }
      for l in o.lost {
        lines.append("\(o.method.rawValue): " + Explain.lostLine(l, newMaster: w, oldMaster: old, in: named))
      }
    }
    lines.append(
      "(Each method ran on a copy of the cluster from the moment \(ControlPlane.orchestratorName) declares \(old) dead; nothing here changed.)"
    )
    return lines.joined(separator: "\n")
  }

  /// `none`, or `2 (seq 5-6)`.
  package static func lostSummary(_ lost: [LostWrite]) -> String {
    guard !lost.isEmpty else { return "none" }
    var runs: [String] = []
    var i = 0
    let seqs = lost.map(\.entry.seq)
    while i < seqs.count {
      var j = i
      while j + 1 < seqs.count && seqs[j + 1] == seqs[j] + 1 { j += 1 }
      runs.append(Explain.seqRange(seqs[i], seqs[j]))
      i = j + 1
    }
    return "\(lost.count) (\(runs.joined(separator: ", ")))"
  }
}
