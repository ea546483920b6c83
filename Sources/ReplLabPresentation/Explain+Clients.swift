import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  // MARK: client NAME ...

  /// The answer to `client NAME ...`: what changed, or what the client is set to.
  public static func clientConfig(_ o: ClientConfigOutcome) -> String {
    let s = o.session
    var lines: [String] = []
    if o.created {
      lines.append(
        o.changes.isEmpty
          ? "Client \(s.name) created: its reads \(s.reads.phrase), and it asks for no guarantee yet."
          : "Client \(s.name) created.")
    } else if o.changes.isEmpty {
      lines.append(clientSummary(s))
    }
    for change in o.changes {
      lines.append("\(s.name): " + clientChange(change, client: s.name))
    }
    return lines.joined(separator: "\n")
  }

  /// `alice reads round-robin; read-your-writes wait; ...`: a client's settings in one sentence.
  public static func clientSummary(_ s: ClientSession) -> String {
    var parts = ["reads \(readsText(s))"]
    for g in Guarantee.allCases where s.fix(for: g) != .off {
      parts.append("\(g.rawValue) \(s.fix(for: g).text)")
    }
    if s.guarantees.isEmpty { parts.append("no guarantees asked for") }
    parts.append("timeout \(s.timeout.durationText)")
    parts.append("warnings \(s.warnings ? "on" : "off")")
    return "\(s.name): " + parts.joined(separator: "; ") + "."
  }

  /// `round-robin`, `sticky (db3)`.
  package static func readsText(_ s: ClientSession) -> String {
    s.reads == .sticky ? "sticky (\(s.stickyReplica ?? "-"))" : s.reads.rawValue
  }

  package static func clientChange(_ c: ClientChange, client: String) -> String {
    switch c {
    case .reads(.sticky, let node, let hashed):
      return
        "reads stick to \(node ?? "-")\(hashed ? " (picked by a hash of the name)" : ""): one replica, which applies the log in order."
    case .reads(let policy, _, _):
      return "reads \(policy.phrase)."
    case .stickyFixesOff(let gs):
      return
        "\(list(gs.map(\.rawValue))) sticky \(gs.count == 1 ? "is" : "are") off now: reads no longer stick to one replica."
    case .fix(let g, let fix, let node, let hashed):
      return fixSentence(g, fix, sticky: node, hashed: hashed, client: client)
    case .timeout(let ms):
      return "waiting fixes give up after \(ms.durationText)."
    case .warnings(let on):
      return on
        ? "the lab will say when one of its reads breaks a guarantee."
        : "the lab will not say when its reads break a guarantee (the history still records them)."
    }
  }

  package static func fixSentence(_ g: Guarantee, _ fix: Fix, sticky: String?, hashed: Bool, client: String) -> String {
    switch (g, fix) {
    case (_, .off):
      return "\(g.rawValue) off: nothing keeps it; the history checker still watches for it."
    case (.readYourWrites, .master):
      return
        "read-your-writes master: keys \(client) has written are read from the master; other keys follow the read policy."
    case (.readYourWrites, .window(let ms)):
      return
        "read-your-writes window \(ms.durationText): for \(ms.durationText) after each write, every read goes to the master."
    case (.readYourWrites, _):
      return
        "read-your-writes wait: a replica answers only once it has applied \(client)'s last write (a causal token, like WAIT_FOR_EXECUTED_GTID_SET)."
    case (_, .sticky):
      return
        "\(g.rawValue) sticky: every read goes to \(sticky ?? "-")\(hashed ? " (picked by a hash of the name)" : ""), which applies the log in order, so it only moves forward."
    case (.monotonicReads, .wait):
      return "monotonic-reads wait: a replica answers only once it has reached the newest position \(client) has read."
    case (.monotonicReads, _):
      return
        "monotonic-reads refuse: a replica behind the newest position \(client) has read refuses, and another node answers."
    case (.consistentPrefix, _):
      return
        "consistent-prefix wait: \(client) carries the seq of the newest write it has seen, and a replica answers only once it has applied it."
    }
  }

  /// Added to `reset`'s answer when there are clients besides `app`.
  public static func clientsAfterReset(_ table: ClientTable) -> String {
    table.names.count > 1 ? "\nClients keep their settings; what they wrote and saw, and the history, start over." : ""
  }

  // MARK: as NAME get

  /// The answer to a client's read: how it was routed, whether it waited, what it returned, and
  /// which guarantee it broke.
  public static func clientRead(_ o: ClientReadOutcome) -> String {
    var lines = o.notes.map { routeNote($0, client: o.client) }
    if let w = o.wait { lines.append(waitSentence(w, client: o.client)) }
    if let r = o.read { lines.append(read(r)) }
    if o.warnings {
      lines += o.violations.map { "\($0.guarantee.title) broken: " + violationSentence($0) }
    }
    return lines.joined(separator: "\n")
  }

  package static func routeNote(_ n: RouteNote, client: String) -> String {
    switch n {
    case .noLiveReplica:
      return "No replica is up, so \(client)'s read goes to the master."
    case .stickyMoved(let from, let to, let why, let only, let seen, let keeps):
      let head =
        "\(client)'s sticky replica \(from) cannot serve (\(Explain.notServing(why))), so \(client) now sticks to \(to) (\(only ? "the only live replica" : "picked by a hash of the name"))."
      if seen == 0 { return head }
      if let g = keeps {
        return head
          + " \(g.rawValue) sticky carries over what \(client) has seen, so \(to) must catch up with it before answering."
      }
      return head
        + " Nothing carries over what \(client) has seen: if \(to) is behind \(from), this read can go back in time."
    case .writtenKey, .window:
      return "Read from the master: \(redirectReason(n, client: client))."
    case .refused(let by, let applied, let position, let next):
      let head =
        "\(by) refused: it has applied seq \(applied), behind seq \(position), the newest position \(client) has read (monotonic-reads refuse)"
      return next.map { head + "; \($0) answers instead." } ?? head
        + "; no other node is that far along, so the read gets no answer."
    }
  }

  /// Why read-your-writes sent a read to the master.
  package static func redirectReason(_ n: RouteNote, client: String) -> String {
    switch n {
    // A clock stepped back since the write makes the write look as if it came later.
    case .window(_, let since, let window) where since < 0:
      "by \(client)'s clock its last write is \((-since).durationText) in the future (the clock went back), so within its read-your-writes window of \(window.durationText)"
    case .window(_, let since, let window):
      "\(client) wrote \(since.durationText) ago, within its read-your-writes window of \(window.durationText)"
    default:
      "\(client) wrote this key, and read-your-writes master reads such keys from the master"
    }
  }

  package static func waitSentence(_ w: WaitReport, client: String) -> String {
    let token: String
    switch w.guarantee {
    case .readYourWrites: token = "\(client)'s last write"
    case .monotonicReads: token = "the newest position \(client) has read"
    case .consistentPrefix: token = "the newest write \(client) has seen"
    }
    let fix = "\(w.guarantee.rawValue) \(w.viaSticky ? "sticky" : "wait")"
    switch w.result {
    case .reached:
      return "Waited \(w.waited.durationText) for \(w.node) to apply seq \(w.seq), \(token) (\(fix))."
    case .timedOut(let applied):
      return
        "Gave up after \(w.waited.durationText) waiting for \(w.node) to apply seq \(w.seq), \(token) (\(fix)): it is still at seq \(applied). The read gets no answer rather than a stale one."
    case .nodeDown:
      return
        "\(w.node) went down after \(client) had waited \(w.waited.durationText) for seq \(w.seq) (\(fix)); the read gets no answer."
    }
  }

  // MARK: Violations

  /// One sentence naming the operations that show a broken guarantee.
  public static func violationSentence(_ v: Violation) -> String {
    let r = v.read
    let who = r.client
    switch v.guarantee {
    case .readYourWrites:
      let w = v.earlier
      let wrote = w.value == nil ? "deleted \(w.key)" : "wrote \(w.key) = \(shown(w.value))"
      return
        "\(who) \(wrote) as seq \(w.version) (#\(w.number)), then read \(r.key) from \(readPlace(r)) and got \(got(r)): its own write was not there yet."
    case .monotonicReads:
      let e = v.earlier
      return
        "\(who) read \(e.key) = \(shown(e.value)) (seq \(e.version)) from \(e.node) (#\(e.number)), then \(got(r)) from \(readPlace(r)): \(r.node) was further behind, so \(r.key) went back in time."
    case .consistentPrefix:
      let e = v.earlier
      let m = v.missed!
      return
        "\(who) read \(e.key) = \(shown(e.value)) (seq \(e.version)) from \(e.node) (#\(e.number)), then read \(r.key) from \(readPlace(r)) and got \(got(r)), although \(m.key) = \(shown(m.value)) (seq \(m.version)) was written before \(e.key): \(who) saw a later write without an earlier one."
    }
  }

  /// `db3 (applied seq 1, #9)`.
  package static func readPlace(_ r: ClientOperation) -> String {
    if case .read(_, let applied, _, _) = r.kind { return "\(r.node) (applied seq \(applied), #\(r.number))" }
    return "\(r.node) (#\(r.number))"
  }

  /// `"old" (seq 2)` or `(nil)`.
  package static func got(_ r: ClientOperation) -> String {
    r.version == 0 ? shown(r.value) : "\(shown(r.value)) (seq \(r.version))"
  }

  package static func shown(_ value: String?) -> String {
    value.map { "\"\($0)\"" } ?? "(nil)"
  }
}
