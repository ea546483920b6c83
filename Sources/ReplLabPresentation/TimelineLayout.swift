import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// The rows of a timeline, shared by the text and SVG renderings: which columns, and for each row a
/// message arrow, a mark, or a fold of many heartbeats.
package struct TimelineLayout {
  package enum Kind: Equatable {
    case replication, replicationReply, heartbeat, election, order, announce, write
  }

  package struct Arrow {
    package let from: String
    package let to: String
    package let sentAt: SimTime
    /// Nil when the message was lost.
    package let arrivedAt: SimTime?
    package let label: String
    package let kind: Kind
    /// What a picture's tooltip says beyond the label: epoch, sizes.
    package var detail: String = ""
  }

  package enum Row {
    case arrow(SimTime, Arrow)
    case mark(SimTime, String, Timeline.Mark)
    /// A run of heartbeats folded into one row: how many arrived and how many were lost.
    case fold(from: SimTime, to: SimTime, arrived: Int, lost: Int, senders: [String], lostFrom: [String])

    package var time: SimTime {
      switch self {
      case .arrow(let t, _), .mark(let t, _, _): t
      case .fold(let t, _, _, _, _, _): t
      }
    }
  }

  /// Runs of heartbeat rows at least this long are folded.
  package static let foldThreshold = 4
  /// At most this many rows are drawn, whatever the range.
  package static let maxRows = 1000

  package let columns: [String]
  package let rows: [Row]
  /// Rows in range that were left out (before the shown ones).
  package let hidden: Int
  /// Endpoints that are down at the start of each row.
  package let down: [Set<String>]
  /// Whether older records were forgotten (the timeline keeps the newest `Timeline.capacity`).
  package let truncated: Bool

  /// `firstRecord`: leave out records appended before this one (counting from the first ever
  /// appended, `Timeline.appended`), so a picture can show what one command did.
  package init(_ c: Cluster, range: TimelineRange, firstRecord: Int = 0) {
    let records = c.timeline.records
    truncated = c.timeline.forgotten > 0
    var all: [Row] = []
    var downNow: Set<String> = []
    var downAt: [Set<String>] = []
    var seen: Set<String> = []
    for r in records {
      let row: Row
      switch r.entry {
      case .message(let m, let arrivedAt):
        row = .arrow(r.time, Self.arrow(m, arrivedAt: arrivedAt, in: c))
        seen.insert(m.from)
        seen.insert(m.to)
      case .mark(let who, let mark):
        seen.insert(who)
        if case .write = mark { seen.insert(Router.clientName) }
        if case .partitioned(let side, let other) = mark {
          // The client and the proxy get a column only when they take part in something.
          seen.formUnion(side + other.filter { $0 != Router.clientName && $0 != Router.proxyName })
        }
        row = .mark(r.time, who, mark)
      }
      downAt.append(downNow)
      all.append(row)
      if case .mark(_, let who, let mark) = row {
        if mark == .crashed { downNow.insert(who) }
        if mark == .restarted { downNow.remove(who) }
      }
    }
    // Range first (since), then fold, then the newest rows (last).
    var pairs = Array(zip(all, downAt))
    let skip = firstRecord - c.timeline.forgotten
    if skip > 0 { pairs = Array(pairs.dropFirst(skip)) }
    if case .since(let t) = range { pairs = pairs.filter { $0.0.time >= t } }
    pairs = Self.fold(pairs)
    var hidden = 0
    var limit = Self.maxRows
    if case .last(let n) = range { limit = min(n, limit) }
    if pairs.count > limit {
      hidden = pairs.count - limit
      pairs = Array(pairs.suffix(limit))
    }
    self.rows = pairs.map(\.0)
    self.down = pairs.map(\.1)
    self.hidden = hidden
    let orch = ControlPlane.orchestratorName
    var cols: [String] = seen.contains(orch) ? [orch] : []
    cols += c.nodeNames
    cols += seen.filter { !cols.contains($0) && !ControlPlane.endpoints.contains($0) }.sorted()
    cols += [Router.clientName, Router.proxyName].filter { seen.contains($0) }
    self.columns = cols
  }

  /// Folds runs of heartbeat rows into one row each.
  package static func fold(_ pairs: [(Row, Set<String>)]) -> [(Row, Set<String>)] {
    var out: [(Row, Set<String>)] = []
    var i = 0
    while i < pairs.count {
      var j = i
      while j < pairs.count, case .arrow(_, let a) = pairs[j].0, a.kind == .heartbeat { j += 1 }
      if j - i >= foldThreshold {
        var arrived = 0
        var lost = 0
        var senders: [String] = []
        var lostFrom: [String] = []
        for k in i..<j {
          guard case .arrow(_, let a) = pairs[k].0 else { continue }
          if a.arrivedAt != nil {
            arrived += 1
            if !senders.contains(a.from) { senders.append(a.from) }
          } else {
            lost += 1
            if !lostFrom.contains(a.from) { lostFrom.append(a.from) }
          }
        }
        out.append(
          (
            .fold(
              from: pairs[i].0.time, to: pairs[j - 1].0.time, arrived: arrived, lost: lost, senders: senders.sorted(),
              lostFrom: lostFrom.sorted()), pairs[i].1
          ))
        i = j
      } else if j > i {
        out.append(contentsOf: pairs[i..<j])
        i = j
      } else {
        out.append(pairs[i])
        i += 1
      }
    }
    return out
  }

  package static func arrow(_ m: Message, arrivedAt: SimTime?, in c: Cluster) -> Arrow {
    let (label, kind) = describe(m.body)
    return Arrow(
      from: m.from, to: m.to, sentAt: m.sentAt, arrivedAt: arrivedAt, label: label, kind: kind,
      detail: detail(m.body))
  }

  /// The sizes and epochs behind a message's label, for a picture's tooltip.
  package static func detail(_ body: Message.Body) -> String {
    switch body {
    case .entries(let epoch, let rewind, let entries):
      guard let first = entries.first, let last = entries.last else { return "sender's epoch \(epoch); no entries" }
      let count = last.seq - first.seq + 1
      let epochs = Set(entries.map(\.epoch)).sorted().map(String.init).joined(separator: ", ")
      return "sender's epoch \(epoch); \(Explain.plural(count, "entry"))"
        + " (seq \(first.seq)-\(last.seq), written in epoch \(epochs), first written at t=\(first.time.secondsText))"
        + (rewind.map { "; the receiver first rolls back everything after seq \($0)" } ?? "")
    case .hello(let lastSeq, let applied, let history):
      return "received up to seq \(lastSeq), applied up to seq \(applied); log epochs "
        + history.map { "\($0.epoch) from seq \($0.firstSeq)" }.joined(separator: ", ")
    case .ack(let received, let applied, let epoch):
      return "received up to seq \(received), applied up to seq \(applied) (epoch \(epoch))"
    case .snapshot(let epoch, let seq, let data, _):
      return "epoch \(epoch); a copy of the data as of seq \(seq): \(Explain.plural(data.count, "key"))"
    default:
      return ""
    }
  }

  /// A short label for a message and the kind that colours it.
  package static func describe(_ body: Message.Body) -> (String, Kind) {
    switch body {
    case .entries(_, let rewind, let entries):
      var parts: [String] = []
      if let r = rewind { parts.append("rewind to seq \(r)") }
      if let first = entries.first, let last = entries.last { parts.append(Explain.seqRange(first.seq, last.seq)) }
      return (parts.isEmpty ? "entries (none)" : parts.joined(separator: ", "), .replication)
    case .hello(let lastSeq, _, _):
      return ("hello, has seq \(lastSeq)", .replicationReply)
    case .ack(let received, _, _):
      return ("ack seq \(received)", .replicationReply)
    case .reconnect(let epoch):
      return ("reconnect (epoch \(epoch))", .replication)
    case .snapshot(_, let seq, let data, _):
      return ("snapshot at seq \(seq) (\(Explain.plural(data.count, "key")))", .replication)
    case .logPurged(let needed, let oldest):
      return ("log purged: needs seq \(needed), oldest \(oldest)", .replicationReply)
    case .snapshotRequest:
      return ("send me a snapshot", .replicationReply)
    case .control(let signal):
      if let m = signal as? ConsensusMessage { return describe(m) }
      guard let c = signal as? ControlMessage else { return ("\(signal)", .order) }
      switch c {
      case .heartbeat: return ("heartbeat", .heartbeat)
      case .stepDown(let master, let epoch): return ("step down: \(master) is master (epoch \(epoch))", .order)
      case .promote: return ("take over as master", .order)
      case .promoted(let epoch): return ("took over (epoch \(epoch))", .order)
      case .follow(let master, let epoch): return ("follow \(master) (epoch \(epoch))", .order)
      case .announce(let master, let epoch): return ("master is \(master) (epoch \(epoch))", .announce)
      case .callElection(let method): return ("elect a master (\(method.rawValue))", .election)
      case .election: return ("ELECTION", .election)
      case .answer: return ("OK", .election)
      case .coordinator(let epoch): return ("COORDINATOR (epoch \(epoch))", .election)
      case .preVote(let term, _, let seq): return ("pre-vote term \(term), log seq \(seq)", .election)
      case .preVoteReply(let term, let granted):
        return ("pre-vote \(granted ? "yes" : "no") (term \(term))", .election)
      case .requestVote(let term, _, let seq): return ("RequestVote term \(term), log seq \(seq)", .election)
      case .vote(let term, let granted): return ("vote \(granted ? "yes" : "no") (term \(term))", .election)
      case .leader(let term): return ("AppendEntries: leader of term \(term)", .election)
      case .connectionClosed: return ("connection closed (FIN)", .order)
      }
    }
  }

  /// A replica set member's message under `manager consensus`.
  package static func describe(_ m: ConsensusMessage) -> (String, Kind) {
    switch m {
    case .heartbeat(let term): ("heartbeat (primary, term \(term))", .heartbeat)
    case .heartbeatReply(let term): ("heartbeat reply (term \(term))", .heartbeat)
    case .preVote(let term, _, let index): ("dry run: vote for me in term \(term)? log seq \(index)", .election)
    case .preVoteReply(let term, let granted): ("dry run \(granted ? "yes" : "no") (term \(term))", .election)
    case .requestVote(let term, _, let index): ("RequestVote term \(term), log seq \(index)", .election)
    case .vote(let term, let granted): ("vote \(granted ? "yes" : "no") (term \(term))", .election)
    case .primaryIs(let term): ("I am primary (term \(term))", .announce)
    }
  }

  /// The symbol and words for a mark.
  package static func describe(_ mark: Timeline.Mark, at who: String, in c: Cluster) -> (Character, String) {
    switch mark {
    case .crashed: return ("X", "\(who) crashes")
    case .restarted: return ("^", "\(who) restarts")
    case .promoted(let epoch): return ("M", "\(who) becomes master (epoch \(epoch))")
    case .steppedDown(let epoch): return ("v", "\(who) steps down (epoch \(epoch))")
    case .demoted: return ("v", "\(who) is demoted")
    case .suspects(let node): return ("?", "\(who) suspects \(node) is dead")
    case .hearsAgain(let node): return ("!", "\(who) hears from \(node) again")
    case .write(let seq, let op): return ("w", "\(Explain.operation(op, in: c)) -> seq \(seq) on \(who)")
    case .repointed(let master): return ("R", "\(Explain.endpoint(who)) now writes to \(master)")
    case .partitioned(let side, let other):
      // Leave out the client and the proxy unless they are all there is on the other side.
      let core = other.filter { $0 != Router.clientName && $0 != Router.proxyName }
      let shown = core.isEmpty ? other : core
      return ("#", "partition: \(side.joined(separator: ", ")) | \(shown.joined(separator: ", "))")
    case .healed: return ("=", "heal: every link works again")
    }
  }
}
