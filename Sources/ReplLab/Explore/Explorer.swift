import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// Runs a scenario under every placement of one fault and judges how each run ends.
///
/// The cluster is a value and the simulation is deterministic, so a copy of the interpreter run
/// twice with the same lines does the same thing, event for event. The explorer runs the scenario
/// once without the fault to count the events each line runs, and then once per placement: the
/// fault hits before a line, or after the Nth event inside it (`Cluster.place(_:afterEvents:)`
/// pauses the event loop there). Every run then recovers the same way and is judged from outside
/// (`ExplorationOutcome.judge`).
///
/// It lives here, above the presentation layer, because a scenario is command lines and only the
/// interpreter runs them; the faults and the moments they hit are the control layer's, and the
/// outcome classes are judged in the clients' layer, where the history checker is.
package struct Explorer {
  /// The most placements one exploration runs.
  package static let limit = 2000
  /// What a run does after the scenario before it is judged: time for a failover (detection,
  /// election, promotion), then the network healed and crashed nodes restarted, then replication.
  package static let failoverWait = "wait 60s"

  let base: Interpreter
  package let fault: PlacedFault
  package let scenario: [String]
  /// Whether each scenario line is a client's write (its refusal counts as unacknowledged).
  let writes: [Bool]
  /// The scenario's lines parsed once: every run runs the same commands.
  let commands: [Command]
  /// The recovery's commands, by line.
  static let recoveryCommands: [String: Command] = Dictionary(
    uniqueKeysWithValues: [failoverWait, "heal", "settle", "wait 10s"].map { ($0, try! Parser.parse($0)) })
  /// Events each scenario line ran in the run without the fault.
  package private(set) var events: [Int] = []

  /// Prepares an exploration from the interpreter as it is: its cluster, clients and settings.
  /// Throws when a scenario line is not a command the explorer can run.
  package init(from interpreter: Interpreter, fault: PlacedFault, scenario: [String]) throws {
    var b = interpreter
    b.guide = nil
    b.attempt = nil
    b.trust = .lesson
    b.lastExploration = nil
    b.clients.clearHistory()
    b.cluster.forgetPlacedFault()
    b.cluster.startAudit()
    _ = b.cluster.drainAudit()
    _ = b.cluster.drainEvents()
    var writes: [Bool] = []
    var commands: [Command] = []
    for (i, line) in scenario.enumerated() {
      let parsed: Parser.Line
      do {
        parsed = try Parser.parseLine(line, inLesson: false)
      } catch {
        throw CommandError(Refusal.badScenarioLine(i + 1, line, error.text))
      }
      commands.append(parsed.command)
      switch parsed.command {
      case .explore, .after, .lesson, .exercise, .source, .save, .undo, .quit, .reset:
        throw CommandError(Refusal.scenarioCommand(i + 1, line))
      case .set, .del, .incr, .asClient(_, .set), .asClient(_, .del):
        writes.append(true)
      default:
        writes.append(false)
      }
    }
    base = b
    self.fault = fault
    self.scenario = scenario
    self.writes = writes
    self.commands = commands
    var run = b
    for command in commands {
      let before = run.cluster.eventsRun
      _ = run.runQuietly(command)
      events.append(run.cluster.eventsRun - before)
    }
  }

  /// Every placement, in scenario order: before each line and after each of its events, then after
  /// the last line.
  package var placements: [Exploration.Placement] {
    var all: [Exploration.Placement] = []
    for (i, n) in events.enumerated() {
      for e in 0...n { all.append(.init(line: i, events: e)) }
    }
    all.append(.init(line: scenario.count, events: 0))
    return all
  }

  /// One run: the scenario with the fault at `placement`, the recovery, the verdict, and the lines
  /// that replay it as a lesson would (the scenario with the fault written in, then the recovery).
  package func run(_ placement: Exploration.Placement) -> (FaultMoment, ExplorationOutcome, [String]) {
    var it = base
    var replay: [String] = []
    var moment: FaultMoment?
    var splitBrain = false
    var refused = 0
    var promotedAt: SimTime?
    func watch(_ it: inout Interpreter) {
      if !it.cluster.strayMasters.isEmpty { splitBrain = true }
      for case .promoted(let p) in it.cluster.drainAudit() where promotedAt == nil {
        if let m = moment ?? it.cluster.placedMoment, p.at >= m.time { promotedAt = p.at }
      }
    }
    let faultLine = ExploreRequest.text(of: fault)
    for (i, line) in scenario.enumerated() {
      if i == placement.line {
        if placement.events == 0 {
          moment = it.cluster.inject(fault)
          replay.append(faultLine)
        } else {
          it.cluster.place(fault, afterEvents: placement.events)
          replay.append("after \(placement.events) events \(faultLine)")
        }
      }
      let ran = it.runQuietly(commands[i])
      replay.append(line)
      if writes[i], !ran { refused += 1 }
      if moment == nil, let m = it.cluster.placedMoment { moment = m }
      watch(&it)
    }
    if placement.line == scenario.count {
      moment = it.cluster.inject(fault)
      replay.append(faultLine)
    }
    let hit = moment!
    // The recovery: the same lines for every run, with the restart naming the node that crashed.
    var recovery = [Self.failoverWait]
    if case .partition = fault { recovery.append("heal") }
    for n in it.cluster.orderedNodes where !n.isUp { recovery.append("restart \(n.name)") }
    recovery += ["settle", "wait 10s", "settle"]
    var restartedAt: SimTime?
    for line in recovery {
      if line.hasPrefix("restart ") || line == "heal" { restartedAt = restartedAt ?? it.cluster.now }
      _ = it.runQuietly(Self.recoveryCommands[line] ?? .restart(String(line.dropFirst("restart ".count))))
      replay.append(line)
      watch(&it)
    }
    var recoveryTime = promotedAt.map { $0 - hit.time }
    if recoveryTime == nil, hit.wasMaster, let back = restartedAt, it.cluster.masterName != nil {
      recoveryTime = back - hit.time
    }
    let outcome = ExplorationOutcome.judge(
      clients: it.clients, cluster: it.cluster, splitBrain: splitBrain, refusedWrites: refused,
      recoveryTime: recoveryTime)
    return (hit, outcome, replay)
  }

  /// Runs every placement, telling `progress` after each, until `stop` says to stop (Ctrl-C).
  package func explore(
    progress: (Int, Int) -> Void = { _, _ in },
    stop: () -> Bool = { LongRun.stopRequested.load(ordering: .relaxed) }
  ) -> (Exploration, replays: [[String]]) {
    let all = placements
    var report = Exploration(fault: fault, scenario: scenario, placements: all.count)
    var replays: [[String]] = []
    for (i, p) in all.enumerated() {
      if stop() { break }
      let (moment, outcome, replay) = run(p)
      // A run Ctrl-C cut short would be judged on half a run.
      if LongRun.stopped.load(ordering: .relaxed) { break }
      let classes = report.classes.count
      report.add(p, moment: moment, outcome: outcome)
      if report.classes.count > classes {
        let harms = outcome.harms
        let at = report.classes.firstIndex { $0.harms == harms }!
        replays.insert(replay, at: at)
      }
      progress(i + 1, all.count)
    }
    LongRun.stopped.store(false, ordering: .relaxed)
    return (report, replays)
  }
}
