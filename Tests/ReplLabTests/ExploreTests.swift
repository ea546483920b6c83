import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// `explore`: its counts against a brute-force loop that replays the scenario with the fault written
/// in by hand at each moment, its report, its limits and its saved lessons.
@Suite struct ExploreTests {
  /// A small case: the setup lines, the fault as `explore` writes it, the scenario.
  struct Case: Sendable, CustomStringConvertible {
    let setup: [String]
    let fault: String
    let scenario: [String]
    var description: String { "\(setup.joined(separator: "; ")) | \(fault) | \(scenario.joined(separator: "; "))" }
  }

  static let cases: [Case] = [
    Case(setup: ["failover auto"], fault: "crash master host", scenario: ["set a 1", "set b 2", "settle"]),
    Case(setup: ["failover auto", "sync-mode semi"], fault: "crash master process", scenario: ["set a 1", "settle"]),
    Case(setup: ["failover auto"], fault: "crash db2 host", scenario: ["set a 1", "wait 20ms", "set b 2"]),
    Case(setup: ["failover auto"], fault: "partition master", scenario: ["set a 1", "settle", "set b 2"]),
    Case(setup: ["failover auto", "sync-mode sync"], fault: "partition db3", scenario: ["set a 1", "settle"]),
    Case(setup: ["failover auto"], fault: "partition master for 2s", scenario: ["set a 1", "settle", "set b 2"]),
  ]

  /// Cases for the faults that hit a message: every moment before a message arrives.
  static let messageCases: [Case] = [
    Case(setup: ["failover auto"], fault: "lose message", scenario: ["set a 1", "set b 2", "settle"]),
    Case(setup: ["failover auto", "sync-mode semi"], fault: "lose message", scenario: ["set a 1", "wait 1s"]),
    Case(setup: ["failover auto", "sync-mode sync"], fault: "reorder messages", scenario: ["set a 1", "settle"]),
    Case(
      setup: ["failover auto", "sync-mode sync", "sync-standbys first 1 (db2, db3)"], fault: "reorder messages",
      scenario: ["set a 1", "set b 2", "settle"]),
  ]

  /// What the brute-force loop counts for one run, judged from the model's own ledger of lost
  /// writes and from the nodes, not from the explorer's judge.
  struct Tally: Equatable {
    var runs = 0
    var lostWrite = 0
    var splitBrain = 0
    var unrecovered = 0
  }

  /// Events each line runs without the fault, counted by hand on a fresh lab.
  static func eventsPerLine(_ c: Case) -> [Int] {
    var lab = Lab()
    for line in c.setup { lab.run(line) }
    return c.scenario.map { line in
      let before = lab.cluster.eventsRun
      lab.run(line)
      return lab.cluster.eventsRun - before
    }
  }

  /// Replays the case with the fault before line `line` (or after `events` events of it), as a
  /// learner would type it, then recovers as `explore` does.
  static func bruteForce(_ c: Case, line: Int, events: Int, into tally: inout Tally) {
    replay(c, placing: [(c.fault, line, events)], into: &tally)
  }

  /// Replays the case with each fault written in by hand before line `line` (or after `events`
  /// events of it), then recovers as `explore` does, unless `counts` says after the scenario that
  /// this run is not one to count.
  static func replay(
    _ c: Case, placing faults: [(fault: String, line: Int, events: Int)], into tally: inout Tally,
    counts: (Lab) -> Bool = { _ in true }
  ) {
    var lab = Lab()
    for l in c.setup { lab.run(l) }
    var stray = false
    func look(_ lab: Lab) { if !lab.cluster.strayMasters.isEmpty { stray = true } }
    func place(before line: Int) {
      for f in faults where f.line == line {
        lab.run(f.events == 0 ? f.fault : "after \(f.events) events \(f.fault)")
      }
    }
    for (i, l) in c.scenario.enumerated() {
      place(before: i)
      lab.run(l)
      look(lab)
    }
    place(before: c.scenario.count)
    guard counts(lab) else { return }
    lab.run("wait 60s")
    look(lab)
    if faults.contains(where: { $0.fault.hasPrefix("partition") && !$0.fault.contains(" for ") }) {
      lab.run("heal")
      look(lab)
    }
    for n in lab.cluster.orderedNodes where !n.isUp { lab.run("restart \(n.name)") }
    for l in ["settle", "wait 10s", "settle"] {
      lab.run(l)
      look(lab)
    }
    tally.runs += 1
    if !lab.cluster.lostWrites.isEmpty { tally.lostWrite += 1 }
    if stray { tally.splitBrain += 1 }
    let c = lab.cluster
    let m = c.master
    let converged =
      m != nil && m!.isUp && c.strayMasters.isEmpty
      && c.orderedNodes.allSatisfy { !$0.isUp || ($0.received == m!.received && $0.applied == m!.received) }
    if !converged { tally.unrecovered += 1 }
  }

  /// What `explore` counted, in the brute force's terms.
  static func tally(of e: Exploration) -> Tally {
    Tally(
      runs: e.placements, lostWrite: e.count(with: .lostWrite), splitBrain: e.count(with: .splitBrain),
      unrecovered: e.count(with: .unrecovered))
  }

  static func explore(_ c: Case) -> Exploration {
    var lab = Lab()
    for l in c.setup { lab.run(l) }
    let reply = lab.run("explore \(c.fault) during { \(c.scenario.joined(separator: "; ")) }")
    #expect(reply.error == nil, "\(reply.error ?? "")")
    return lab.interpreter.lastExploration!
  }

  @Test("explore's counts match a brute-force loop over every moment", arguments: cases)
  func countsMatchBruteForce(_ c: Case) {
    var tally = Tally()
    for (i, n) in Self.eventsPerLine(c).enumerated() {
      for e in 0...n { Self.bruteForce(c, line: i, events: e, into: &tally) }
    }
    Self.bruteForce(c, line: c.scenario.count, events: 0, into: &tally)
    let e = Self.explore(c)
    #expect(e.complete)
    #expect(Self.tally(of: e) == tally)
    // Every case has moments that differ, or it would not test much.
    #expect(tally.runs > c.scenario.count + 1)
  }

  /// The brute force for a message fault: the fault written in at every moment of the scenario;
  /// runs where it hit the same message are one placement, and runs where it hit nothing in the
  /// scenario (or a reorder found nothing to swap) are none.
  @Test("a message fault's counts match a brute-force loop over every moment", arguments: messageCases)
  func messageFaultCountsMatchBruteForce(_ c: Case) {
    var tally = Tally()
    var hit: Set<String> = []
    for (i, n) in Self.eventsPerLine(c).enumerated() {
      for e in 0...n {
        Self.replay(c, placing: [(c.fault, i, e)], into: &tally) { lab in
          guard let h = lab.cluster.messageFaultHits.first, h.fault == .lose || h.overtaker != nil else { return false }
          return hit.insert("\(h.time) \(h.message.from) \(h.message.to) \(h.message.sentAt)").inserted
        }
      }
    }
    let e = Self.explore(c)
    #expect(e.complete)
    #expect(Self.tally(of: e) == tally)
    #expect(tally.runs >= 2)
  }

  /// Two faults: the second at every moment from the first on, each pair written in by hand.
  @Test func twoFaultsMatchBruteForce() {
    let c = Case(
      setup: ["failover auto", "sync-mode sync"], fault: "crash db2 host then crash db3 process",
      scenario: ["set a 1", "settle"])
    let (first, second) = ("crash db2 host", "crash db3 process")
    var tally = Tally()
    var spots: [(Int, Int)] = []
    for (i, n) in Self.eventsPerLine(c).enumerated() {
      for e in 0...n { spots.append((i, e)) }
    }
    spots.append((c.scenario.count, 0))
    for (l1, e1) in spots {
      // The events each line runs with the first fault in place, counted by hand.
      var lab = Lab()
      for l in c.setup { lab.run(l) }
      var perLine: [Int] = []
      for (i, l) in c.scenario.enumerated() {
        if i == l1 { lab.run(e1 == 0 ? first : "after \(e1) events \(first)") }
        let before = lab.cluster.eventsRun
        lab.run(l)
        perLine.append(lab.cluster.eventsRun - before)
      }
      var seconds: [(Int, Int)] = []
      for (i, n) in perLine.enumerated() {
        for e in 0...n where (i, e) >= (l1, e1) { seconds.append((i, e)) }
      }
      seconds.append((c.scenario.count, 0))
      for (l2, e2) in seconds {
        Self.replay(c, placing: [(first, l1, e1), (second, l2, e2)], into: &tally)
      }
    }
    let e = Self.explore(c)
    #expect(e.complete)
    #expect(e.faults.count == 2)
    #expect(Self.tally(of: e) == tally)
    #expect(e.count(with: .unacknowledged) > 0)
  }

  /// A crash that makes a replica apply a write twice leaves its log equal to the master's and its
  /// data not: explore counts that as harm, and only where the position is not crash-safe.
  @Test func aReplicaThatAppliedAWriteTwiceIsDiverged() {
    var lab = Lab()
    lab.run("log-format statement", "set visits 0", "settle")
    let scenario = "during { incr visits; incr visits; settle }"
    lab.run("position-store db2 file", "explore crash db2 process \(scenario)")
    let file = lab.interpreter.lastExploration!
    #expect(file.count(with: .diverged) > 0)
    let c = file.classes.first { $0.harms == [.diverged] }!
    #expect(c.outcome.diverged == ["db2"])
    lab.run("position-store db2 table", "explore crash db2 process \(scenario)")
    #expect(lab.interpreter.lastExploration!.count(with: .diverged) == 0)
  }

  @Test func aLostReplicationMessageIsSentAgainAndTheStreamWaitsBehindIt() {
    var lab = Lab()
    lab.run("lose message", "set a 1", "set b 2")
    let text = lab.transcript("settle")
    #expect(text.contains("the network lost db1's seq 1-2 to db2; TCP sends it again, due at t=0.210s"), "\(text)")
    // The other replica is not held back; the retransmission arrives 200 ms late.
    #expect(text.contains("t=0.010s  db3 received and applied seq 1-2"), "\(text)")
    #expect(text.contains("t=0.210s  db2 received and applied seq 1-2"), "\(text)")
    // A heartbeat is a datagram: gone.
    lab.run("lose message")
    #expect(lab.transcript("wait 2s").contains("a datagram, gone for good"))
  }

  @Test func aReorderSwapsTwoMessagesDueAtOneInstantOnDifferentLinks() {
    var lab = Lab()
    lab.run("reorder messages", "set a 1")
    let text = lab.transcript("settle")
    let lines = text.split(separator: "\n").map(String.init)
    let db3 = lines.firstIndex { $0.contains("db3 received and applied seq 1") }
    let db2 = lines.firstIndex { $0.contains("db2 received and applied seq 1") }
    #expect(text.contains("db1's seq 1 to db3 arrives before db1's seq 1 to db2, due at the same instant"), "\(text)")
    #expect(db3 != nil && db2 != nil && db3! < db2!, "\(text)")
  }

  @Test func aPartitionWithAWindowEndsByItself() {
    var lab = Lab()
    lab.run("partition db2 for 2s", "set a 1")
    #expect(lab.cluster.cutOff(from: "db2").isEmpty == false)
    let text = lab.transcript("wait 3s")
    #expect(
      text.contains("t=2.000s  the 2 s partition of db2 is over: its links work again; db2 reconnects"), "\(text)")
    #expect(lab.cluster.cutOff(from: "db2").isEmpty)
    #expect(lab.cluster.node("db2")?.applied == 1)
    // `heal` ends a window early, and nothing is healed again later.
    lab.run("partition db3 for 5s", "heal")
    #expect(lab.cluster.partitionWindows.isEmpty)
  }

  @Test func asyncLosesAcknowledgedWritesAndSemiSyncDoesNot() {
    let async = Self.explore(Self.cases[0])
    #expect(async.count(with: .lostWrite) > 0)
    let lost = async.classes.first { $0.harms.contains(.lostWrite) }!
    #expect(lost.outcome.lostWrites.map(\.key).contains("a"))
    var lab = Lab()
    let text = lab.transcript(
      "failover auto",
      "explore crash master --compare sync-mode async semi sync during { set a 1; set b 2; settle }")
    #expect(text.contains("outcome         async  semi  sync"), "\(text)")
    let lostRow = text.split(separator: "\n").first { $0.hasPrefix("  lost-write") }!
    #expect(
      lostRow.split(separator: " ").map(String.init) == ["lost-write", String(async.count(with: .lostWrite)), "0", "0"])
  }

  @Test func theReportNamesTheShortestPlacementInASentence() {
    var lab = Lab()
    let text = lab.transcript("failover auto", "explore crash master during { set a 1; set b 2; settle }")
    #expect(text.hasPrefix("failover auto"))
    #expect(text.contains("Explored `crash master host` placed at 10 moments of 3 lines"))
    #expect(
      text.contains(
        "2. lost-write, first: a host crash of db1 (the master) before `settle`, after it acknowledged seq 2 and before db2 and db3 received it."
      ), "\(text)")
    #expect(text.contains("Acknowledged, then lost: a=1 (seq 1, by app on db1), b=2 (seq 2, by app on db1)."))
  }

  @Test func exploringChangesNothingAndGivesTheSameReportTwice() {
    var lab = Lab()
    lab.run("failover auto", "set x 1")
    let before = StatusView.render(lab.cluster, preset: nil)
    let events = lab.cluster.eventsRun
    let first = lab.run("explore crash master during { set a 1; settle }").output
    let second = lab.run("explore crash master during { set a 1; settle }").output
    #expect(first == second)
    #expect(StatusView.render(lab.cluster, preset: nil) == before)
    #expect(lab.cluster.eventsRun == events)
    #expect(lab.interpreter.clients.history.recorded == 1)
  }

  @Test func tooManyPlacementsIsRefusedWithAWayToNarrow() {
    var lab = Lab()
    let r = lab.run("explore crash master during { set a 1; wait 30m }")
    #expect(r.error?.hasPrefix("explore would run ") == true, "\(r.error ?? "none")")
    #expect(r.error?.contains("`wait 30m` runs the most events") == true)
    #expect(lab.interpreter.lastExploration == nil)
  }

  @Test func ctrlCStopsWithTheCountsSoFar() throws {
    let lab = Lab()
    let explorer = try Explorer(
      from: lab.interpreter, faults: [.crash(.master, .host)], scenario: ["set a 1", "set b 2", "settle"])
    var runs = 0
    let (report, _) = explorer.explore(progress: { n, _ in runs = n }, stop: { runs >= 3 })
    #expect(report.explored == 3)
    #expect(!report.complete)
    #expect(Explain.exploration(report).hasPrefix("Stopped (Ctrl-C) after 3 of 10 runs"))
  }

  @Test func bad_explore_lines_say_how_to_write_them() {
    var lab = Lab()
    for (line, words) in [
      ("explore crash master", "say what to run after `during`"),
      ("explore smash master during { set a 1 }", "'smash' is not a fault"),
      ("explore crash master during { set a 1", "closing brace is missing"),
      ("explore crash master during { }", "the scenario is empty"),
      ("explore crash master during { explore crash db2 during { set a 1 } }", "cannot hold braces"),
      ("explore crash master during { sett a 1 }", "line 1 of the scenario, `sett a 1`"),
      ("explore crash master during { lesson 1 }", "cannot run inside explore"),
      ("explore crash master --compare sync-mode during { set a 1 }", "--compare SETTING VALUE VALUE"),
      ("after 0 events crash master", "the number of events"),
      ("explore lose db2 during { set a 1 }", "`lose message` or `reorder messages`"),
      ("explore partition db2 for ever during { set a 1 }", "'ever' is not a duration"),
      ("explore crash db2 then crash db3 then crash db1 during { set a 1 }", "one fault or two"),
      ("partition db2 for", "write the window last"),
      ("reorder db2", "write `reorder messages`"),
      ("expect explored lots = 1", "expect explored WHAT OP N"),
    ] {
      let r = lab.run(line)
      #expect(r.error?.contains(words) == true, "\(line): \(r.error ?? "no error")")
    }
    #expect(lab.cluster.eventsRun == 0)
  }

  @Test func afterPlacesTheFaultInsideTheNextCommand() {
    var lab = Lab()
    lab.run("sync-mode semi", "after 1 events crash master process")
    let text = lab.transcript("set a 1")
    #expect(text.contains("placed fault: the server process of db1 (the master) was killed (kill -9)"), "\(text)")
    #expect(lab.cluster.node("db1")?.isUp == false)
    #expect(lab.cluster.placedMoments.last?.node == "db1")
  }

  @Test func savedLessonsReplayTheirClass() throws {
    let dir = FileSystem.join(Project.root + "/.build", "explore-save-\(UInt32.random(in: 0...UInt32.max))")
    var lab = Lab()
    lab.interpreter.workingDirectory = dir
    try FileSystem.makeDirectories(dir)
    let r = lab.run("failover auto", "explore crash master --save saved during { set a 1; set b 2; settle }")
    #expect(r.error == nil, "\(r.error ?? "")")
    let e = lab.interpreter.lastExploration!
    let files = try FileSystem.list(FileSystem.join(dir, "saved")).sorted()
    #expect(files.count == e.classes.count)
    // Each saved lesson replays to its class: lost writes in the lost-write one, none elsewhere.
    for (file, c) in zip(files, e.classes) {
      let lesson = try Lesson.load(FileSystem.join(FileSystem.join(dir, "saved"), file))
      var replay = Lab()
      for line in lesson.lines where !line.hasPrefix("#") { replay.run(line) }
      #expect(replay.cluster.lostWrites.isEmpty != c.harms.contains(.lostWrite), "\(file)")
    }
  }
}
