import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// `explore`'s report: the count, the classes with their counts, and the first placement of each
  /// in a sentence.
  public static func exploration(_ e: Exploration) -> String {
    var out = [explorationHeadline(e)]
    var table = TextTable(["runs", "outcome"])
    for c in e.classes { table.add([String(c.count), outcomeName(c.harms)]) }
    out.append(table.render(indent: "  "))
    for (i, c) in e.classes.enumerated() {
      out.append("\(i + 1). \(outcomeName(c.harms)), first: \(placement(c.shortest, c.moments, e)).")
      out += details(of: c, faults: e.faults).map { "   " + $0 }
    }
    return out.joined(separator: "\n")
  }

  /// The first line: how many placements, of which fault, and whether all ran.
  static func explorationHeadline(_ e: Exploration) -> String {
    let what =
      "`\(ExploreRequest.text(of: e.faults))` placed at \(plural(e.placements, "moment")) of \(plural(e.scenario.count, "line"))"
    guard e.complete else { return "Stopped (Ctrl-C) after \(e.explored) of \(e.placements) runs of \(what):" }
    return "Explored \(what), each run then recovered (wait 60s, heal, restart, settle):"
  }

  /// `lost-write + unacknowledged`, or `no harm`.
  public static func outcomeName(_ harms: [ExplorationOutcome.Harm]) -> String {
    harms.isEmpty ? "no harm" : harms.map(\.rawValue).joined(separator: " + ")
  }

  /// Where a placement fell: "a host crash of db1 (the master) 3 events into `settle`, after it
  /// acknowledged seq 2 and before db2 received it (db3 had it)"; two faults, one after the other.
  public static func placement(_ p: Exploration.Placement, _ moments: [FaultMoment], _ e: Exploration) -> String {
    zip(e.faults, p.spots).enumerated().map { i, fs in
      spot(fs.0, fs.1, i < moments.count ? moments[i] : nil, e)
    }.joined(separator: "; then ")
  }

  /// Where one fault fell.
  static func spot(_ fault: PlacedFault, _ p: Exploration.Spot, _ moment: FaultMoment?, _ e: Exploration) -> String {
    let when: String
    if p.line == e.scenario.count {
      when = "after the last line"
    } else if p.events == 0 {
      when = "before `\(e.scenario[p.line])`"
    } else {
      when = "\(plural(p.events, "event")) into `\(e.scenario[p.line])`"
    }
    let what: String
    switch fault {
    case .crash(_, let kind): what = "a \(kind.rawValue) crash of"
    case .partition(_, nil): what = "a partition of"
    case .partition(_, let window?): what = "a \(window.durationText) partition of"
    case .message:
      guard let hit = moment?.message else { return "`\(ExploreRequest.text(of: fault))` \(when), which hit nothing" }
      return "\(messageFaultPhrase(hit)) \(when)"
    }
    guard let m = moment else { return "\(what) \(target(fault)) \(when)" }
    guard let node = m.node else {
      return "\(what) \(target(fault)) \(when), which hit nothing: "
        + (m.master == nil ? "there was no master" : "it was down")
    }
    let who = m.wasMaster ? "\(node) (the master)" : node
    guard let master = m.master else { return "\(what) \(who) \(when), while there was no master" }
    let subject = m.wasMaster ? "it" : master
    guard m.acknowledged > 0 else { return "\(what) \(who) \(when), before \(subject) acknowledged any write" }
    let missing = m.received.filter { $0.seq < m.acknowledged }.map(\.node)
    let having = m.received.filter { $0.seq >= m.acknowledged }.map(\.node)
    let acked = "after \(subject) acknowledged seq \(m.acknowledged)"
    if missing.isEmpty { return "\(what) \(who) \(when), \(acked) and every live replica received it" }
    let others = having.isEmpty ? "" : " (\(list(having)) had it)"
    return "\(what) \(who) \(when), \(acked) and before \(list(missing)) received it\(others)"
  }

  /// "db1's seq 3 to db2": a message by its ends and what it carried.
  static func messageName(_ m: Message) -> String {
    "\(m.from)'s \(TimelineLayout.describe(m.body).0) to \(m.to)"
  }

  /// What a message fault did, as a noun phrase: "the loss of db1's seq 3 to db2 (sent again 200 ms
  /// later)".
  static func messageFaultPhrase(_ h: MessageFaultHit) -> String {
    switch h.fault {
    case .lose:
      guard let again = h.retransmittedAt else { return "the loss of \(messageName(h.message))" }
      return "the loss of \(messageName(h.message)) (sent again \((again - h.time).durationText) later)"
    case .reorder:
      guard let first = h.overtaker else { return "a reorder with nothing to swap at \(messageName(h.message))" }
      return "\(messageName(first)) arriving before \(messageName(h.message))"
    }
  }

  /// A message fault hit (an event line).
  static func messageFaultEvent(_ h: MessageFaultHit) -> String {
    switch h.fault {
    case .lose:
      guard let again = h.retransmittedAt else {
        return "the network lost \(messageName(h.message)): a datagram, gone for good"
      }
      let behind =
        h.heldBack == 0
        ? "" : "; \(plural(h.heldBack, "later message")) on that link wait\(h.heldBack == 1 ? "s" : "") behind it"
      return "the network lost \(messageName(h.message)); TCP sends it again, due at t=\(again.secondsText)\(behind)"
    case .reorder:
      guard let first = h.overtaker else {
        return "reorder messages: no other message was due at this instant on another link, so nothing changed"
      }
      return "\(messageName(first)) arrives before \(messageName(h.message)), due at the same instant"
    }
  }

  /// `lose message`, `reorder messages`.
  public static func messageFaultArmed(_ f: MessageFault) -> String {
    switch f {
    case .lose: "The next message the network delivers will be lost on the way."
    case .reorder:
      "The next message the network delivers will wait for one due at the same instant on another link, if any."
    }
  }

  /// A partition's window ended (an event line).
  static func partitionEnded(_ p: PartitionEnded) -> String {
    var text = "the \(p.window.durationText) partition of \(list(p.side)) is over: its links work again"
    if !p.report.resynced.isEmpty {
      text +=
        "; \(list(p.report.resynced)) reconnect\(p.report.resynced.count == 1 ? "s" : "") and catch\(p.report.resynced.count == 1 ? "es" : "") up"
    }
    return text
  }

  static func target(_ f: PlacedFault) -> String {
    switch f.target {
    case .master: "the master"
    case .node(let n): n
    case nil: "the next message"
    }
  }

  /// What the class's first run shows: which writes were lost, which reads, how long recovery took.
  static func details(of c: Exploration.OutcomeClass, faults: [PlacedFault]) -> [String] {
    let o = c.outcome
    var lines: [String] = []
    func write(_ op: ClientOperation) -> String {
      "\(op.key)=\(op.value ?? "(deleted)") (seq \(op.version), by \(op.client) on \(op.node))"
    }
    if !o.lostWrites.isEmpty {
      lines.append("Acknowledged, then lost: " + o.lostWrites.map(write).joined(separator: ", ") + ".")
    }
    if !o.readThenLost.isEmpty {
      lines.append(
        "Read, then lost: "
          + o.readThenLost.map { "\($0.client) read \($0.key)=\($0.value ?? "(nil)") from \($0.node)" }.joined(
            separator: ", ")
          + ".")
    }
    if o.splitBrain { lines.append("Two nodes acted as master at once.") }
    if !o.staleReads.isEmpty {
      lines.append(
        o.staleReads.map { "\($0.read.client)'s read of \($0.read.key) broke \($0.guarantee.rawValue)" }.joined(
          separator: "; ")
          + ".")
    }
    if o.unacknowledged > 0 {
      lines.append("\(plural(o.unacknowledged, "write")) got no OK (blocked, cut off or refused).")
    }
    if !o.recovered { lines.append("After the recovery the nodes did not all follow one master with the same log.") }
    if !o.diverged.isEmpty {
      lines.append(
        "After the recovery \(list(o.diverged)) had applied the master's whole log yet held other data (`checksum` shows it)."
      )
    }
    if let worst = c.longestRecovery {
      // After a lost message or a partition that heals by itself the master never went down: what
      // followed was a failover, not a master coming back.
      let masterStayed = faults.allSatisfy {
        switch $0 {
        case .message, .partition(_, _?): true
        case .crash, .partition(_, nil): false
        }
      }
      lines.append(
        masterStayed
          ? "A failover followed \(worst.secondsText) after the fault (the longest in this class)."
          : "Writes had a master again \(worst.secondsText) after the fault (the longest in this class).")
    }
    return lines
  }

  /// `explore --compare`: the counts side by side, one column per value.
  public static func explorationComparison(_ setting: String, _ runs: [(value: String, exploration: Exploration)])
    -> String
  {
    guard let first = runs.first?.exploration else { return "" }
    var out = [
      "`\(ExploreRequest.text(of: first.faults))` placed at every moment of \(plural(first.scenario.count, "line")), under each \(setting):"
    ]
    var table = TextTable(["outcome"] + runs.map(\.value))
    table.add(
      ["runs"]
        + runs.map { r in
          r.exploration.complete
            ? String(r.exploration.placements) : "\(r.exploration.explored) of \(r.exploration.placements)"
        })
    table.add(["no harm"] + runs.map { r in String(r.exploration.classes.first { $0.harms.isEmpty }?.count ?? 0) })
    for harm in ExplorationOutcome.Harm.allCases where runs.contains(where: { $0.exploration.count(with: harm) > 0 }) {
      table.add([harm.rawValue] + runs.map { String($0.exploration.count(with: harm)) })
    }
    out.append(table.render(indent: "  "))
    for r in runs {
      for c in r.exploration.classes where !c.harms.isEmpty {
        out.append(
          "\(setting) \(r.value), \(outcomeName(c.harms)), first: \(placement(c.shortest, c.moments, r.exploration)).")
      }
    }
    if runs.contains(where: { !$0.exploration.complete }) {
      out.append("Stopped (Ctrl-C): the counts are of the runs so far.")
    }
    return out.joined(separator: "\n")
  }

  /// `after N events FAULT`.
  public static func faultPlaced(_ fault: PlacedFault, afterEvents n: Int) -> String {
    "`\(ExploreRequest.text(of: fault))` will hit after the next \(plural(n, "simulation event")), inside whatever command runs them."
  }

  /// The placed fault hit (an event line).
  static func faultHit(_ p: PlacedFaultHit) -> String {
    if case .message(let f) = p.fault {
      return switch f {
      case .lose: "placed fault: the next message the network delivers will be lost"
      case .reorder: "placed fault: the next message will wait for one due at the same instant on another link"
      }
    }
    guard let node = p.moment.node else {
      return "the placed `\(ExploreRequest.text(of: p.fault))` hit nothing: \(target(p.fault)) was not up"
    }
    let who = p.moment.wasMaster ? "\(node) (the master)" : node
    return switch p.fault {
    case .crash(_, .host): "placed fault: the host of \(who) crashed (power loss)"
    case .crash(_, .process): "placed fault: the server process of \(who) was killed (kill -9)"
    case .partition(_, nil): "placed fault: \(who) is cut off from every other endpoint until `heal`"
    case .partition(_, let window?):
      "placed fault: \(who) is cut off from every other endpoint for \(window.durationText)"
    case .message: ""
    }
  }

  /// `expect explored` before any `explore`.
  public static let actualNoExploration = "nothing has been explored yet in this session"

  /// `expect explored WHAT ...`: what the last exploration counted.
  public static func actualExplored(_ count: Int, _ what: String, of runs: Int) -> String {
    what == "runs"
      ? "the last explore ran \(plural(runs, "placement"))"
      : "\(what) in \(count) of the last explore's \(plural(runs, "run"))"
  }

  /// The progress line while `explore` runs.
  public static func exploreProgress(done: Int, of total: Int) -> String {
    "... exploring: \(done) of \(plural(total, "run")) (Ctrl-C stops with the counts so far)"
  }

  /// `explore --save DIR`.
  public static func savedExplorations(_ paths: [String]) -> String {
    "Wrote \(plural(paths.count, "lesson")), one per outcome class: \(paths.joined(separator: ", ")). `repl-lab run FILE` replays one."
  }

  /// The narration at the top of a saved placement.
  public static func savedPlacementHeader(_ c: Exploration.OutcomeClass, _ e: Exploration) -> [String] {
    [
      "# explore: \(outcomeName(c.harms)) (\(c.count) of \(plural(e.explored, "run")))",
      "# \(placement(c.shortest, c.moments, e)).",
    ]
  }
}
