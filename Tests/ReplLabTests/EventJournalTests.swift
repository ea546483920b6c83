import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// The journal folds deliveries under heavy traffic; what a command prints must not change.
@Suite struct EventJournalTests {
  /// Deliveries to three replicas, a few at the command's start, with other events between them.
  static func traffic(_ count: Int, start: SimTime) -> [ClusterEvent] {
    var events: [ClusterEvent] = []
    for i in 1...count {
      let node = ["db2", "db3", "db4"][i % 3]
      let time = i < 30 ? start : start + SimTime(i)
      events.append(
        ClusterEvent(time: time, what: .replicated(node: node, first: i, last: i, applied: i - (i % 7 == 0 ? 1 : 0))))
      if i % 1000 == 0 {
        events.append(ClusterEvent(time: time, what: .semiSyncOn(master: "db1", replica: node, seq: i)))
      }
    }
    return events
  }

  /// The lines the interpreter prints for `events`: what happened after the start, then at it.
  static func lines(_ events: [ClusterEvent], start: SimTime, in c: Cluster) -> [String] {
    Explain.events(events.filter { $0.time > start }, in: c) + Explain.events(events.filter { $0.time <= start }, in: c)
  }

  @Test func foldedJournalPrintsTheSameLinesAsEveryEvent() {
    let c = Cluster()
    let start: SimTime = 5000
    for count in [10, 40, EventJournal.deliveriesBeforeFolding, EventJournal.deliveriesBeforeFolding + 1, 20_000] {
      let events = Self.traffic(count, start: start)
      var journal = EventJournal()
      for e in events { journal.append(e, commandStart: start) }
      let kept = journal.drain()
      #expect(Self.lines(kept, start: start, in: c) == Self.lines(events, start: start, in: c), "\(count) deliveries")
      if count > EventJournal.deliveriesBeforeFolding {
        // Three replicas on each side of the start, plus the other events.
        #expect(kept.count == 6 + count / 1000)
      } else {
        #expect(kept.count == events.count)
      }
    }
  }

  @Test func aLongSettleKeepsAFewEventsAndSummarisesEachReplica() {
    var lab = Lab()
    lab.run("load 20000 writes over 20s keys 100")
    let out = lab.run("settle").output
    let summaries = out.split(separator: "\n").filter { $0.contains("received seq 1-20000 in") }
    #expect(summaries.count == 2)
  }
}
