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
    var lab = Lab()
    for l in c.setup { lab.run(l) }
    var stray = false
    func look(_ lab: Lab) { if !lab.cluster.strayMasters.isEmpty { stray = true } }
    for (i, l) in c.scenario.enumerated() {
      if i == line { lab.run(events == 0 ? c.fault : "after \(events) events \(c.fault)") }
      lab.run(l)
      look(lab)
    }
    if line == c.scenario.count { lab.run(c.fault) }
    lab.run("wait 60s")
    look(lab)
    if c.fault.hasPrefix("partition") {
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
    let counted = Tally(
      runs: e.placements, lostWrite: e.count(with: .lostWrite), splitBrain: e.count(with: .splitBrain),
      unrecovered: e.count(with: .unrecovered))
    #expect(counted == tally)
    // Every case has moments that differ, or it would not test much.
    #expect(tally.runs > c.scenario.count + 1)
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
      from: lab.interpreter, fault: .crash(.master, .host), scenario: ["set a 1", "set b 2", "settle"])
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
    #expect(lab.cluster.placedMoment?.node == "db1")
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
