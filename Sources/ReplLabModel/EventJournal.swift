import ReplLabKernel

/// What happened while one command ran, kept for the lines the command prints.
///
/// Under heavy traffic a single `settle` can see millions of deliveries, and the lab prints them as
/// one summary line per replica anyway (`Explain.events`). So once a journal holds many deliveries
/// it folds them, and every later one, into one `.replicatedSummary` per replica and per side of
/// the command's start (events at the start print after the answer, later ones before it): the
/// journal stays small however long the command runs, and prints the same lines.
package struct EventJournal: Sendable {
  /// Deliveries kept one by one before they are folded.
  package static let deliveriesBeforeFolding = 4096

  private(set) var events: [ClusterEvent] = []
  private var deliveries = 0
  /// Where each replica's summary is in `events`: for deliveries after the command's start, and at it.
  private var later: [String: Int] = [:]
  private var atStart: [String: Int] = [:]
  private var folding = false

  package var isEmpty: Bool { events.isEmpty }

  /// Records `event`; `commandStart` is when the running command began.
  package mutating func append(_ event: ClusterEvent, commandStart: SimTime) {
    guard case .replicated = event.what else {
      events.append(event)
      return
    }
    deliveries += 1
    if folding {
      fold(event, commandStart: commandStart)
    } else if deliveries > Self.deliveriesBeforeFolding {
      folding = true
      let old = events
      events = []
      for e in old + [event] {
        if case .replicated = e.what { fold(e, commandStart: commandStart) } else { events.append(e) }
      }
    } else {
      events.append(event)
    }
  }

  private mutating func fold(_ e: ClusterEvent, commandStart: SimTime) {
    guard case .replicated(let node, let first, let last, let applied) = e.what else { return }
    let later = e.time > commandStart
    if let i = later ? self.later[node] : atStart[node],
      case .replicatedSummary(_, let f, let l, _, let messages, _) = events[i].what
    {
      events[i] = ClusterEvent(
        time: events[i].time,
        what: .replicatedSummary(
          node: node, first: min(f, first), last: max(l, last), applied: applied, messages: messages + 1, until: e.time)
      )
    } else {
      if later { self.later[node] = events.count } else { atStart[node] = events.count }
      events.append(
        ClusterEvent(
          time: e.time,
          what: .replicatedSummary(node: node, first: first, last: last, applied: applied, messages: 1, until: e.time)))
    }
  }

  /// Hands over the events, oldest first, and starts empty.
  package mutating func drain() -> [ClusterEvent] {
    defer { self = EventJournal() }
    return events
  }
}
