import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// Runs a scenario under every placement of a fault (or of two) and judges how each run ends.
///
/// The cluster is a value and the simulation is deterministic, so a copy of the interpreter run
/// twice with the same lines does the same thing, event for event. The explorer runs the scenario
/// once without the fault to count the events each line runs and the messages that arrive, and then
/// once per placement: the fault hits before a line, or after the Nth event inside it
/// (`Cluster.place(_:afterEvents:)` pauses the event loop there); a message fault is placed just
/// before each message that arrives. Two faults: the scenario runs once with the first at each of
/// its placements, to count the moments the second can take from there on. Every run then recovers
/// the same way and is judged from outside (`ExplorationOutcome.judge`).
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
  package let faults: [PlacedFault]
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
  /// Every placement, in scenario order: counted before any run, as `explore` promises.
  package private(set) var placements: [Exploration.Placement] = []

  /// What one run of the scenario did, line by line: the events each line ran, and before which of
  /// them a message arrived (a message fault placed there hits that message).
  struct Profile {
    var events: [Int] = []
    /// Per line, the events into it after which a message arrives next, and whether another was due
    /// at the same instant on another link.
    var messages: [[(events: Int, reorderable: Bool)]] = []
  }

  /// Prepares an exploration from the interpreter as it is: its cluster, clients and settings.
  /// Throws when a scenario line is not a command the explorer can run.
  package init(from interpreter: Interpreter, faults: [PlacedFault], scenario: [String]) throws {
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
    self.faults = faults
    self.scenario = scenario
    self.writes = writes
    self.commands = commands
    let plain = profile(placing: [])
    events = plain.events
    let firsts = Self.spots(for: faults[0], in: plain, from: nil)
    guard faults.count == 2 else {
      placements = firsts.map { Exploration.Placement([$0]) }
      return
    }
    // Every first placement leaves at least one moment for the second: past the limit already.
    guard firsts.count <= Self.limit else {
      placements = firsts.map { Exploration.Placement([$0]) }
      return
    }
    for first in firsts {
      let after = profile(placing: [(faults[0], first)])
      for second in Self.spots(for: faults[1], in: after, from: (first, faults[0])) {
        placements.append(Exploration.Placement([first, second]))
      }
    }
  }

  /// Runs the scenario with `placed` faults, noting what each line did.
  func profile(placing placed: [(PlacedFault, Exploration.Spot)]) -> Profile {
    var run = base
    // Noting messages scans the queue at each one: only a message fault needs them.
    if faults.contains(where: { if case .message = $0 { true } else { false } }) { run.cluster.startProbe() }
    var p = Profile()
    for (i, command) in commands.enumerated() {
      for (fault, spot) in placed where spot.line == i {
        run.cluster.place(fault, afterEvents: spot.events)
      }
      let before = run.cluster.eventsRun
      let probed = run.cluster.probed.count
      _ = run.runQuietly(command)
      p.events.append(run.cluster.eventsRun - before)
      p.messages.append(run.cluster.probed[probed...].map { ($0.event - before - 1, $0.reorderable) })
    }
    return p
  }

  /// Where `fault` can be placed in a run that did what `profile` says: a node's fault before each
  /// line and after each event, a message fault before each message that arrives (a reorder, before
  /// each that had another due at the same instant). With a first fault already placed, only from its
  /// moment on (a message fault strictly after a first message fault: they would hit one message).
  static func spots(for fault: PlacedFault, in profile: Profile, from first: (Exploration.Spot, PlacedFault)?)
    -> [Exploration.Spot]
  {
    var all: [Exploration.Spot] = []
    switch fault {
    case .crash, .partition:
      for (i, n) in profile.events.enumerated() {
        for e in 0...n { all.append(.init(line: i, events: e)) }
      }
      all.append(.init(line: profile.events.count, events: 0))
    case .message(let kind):
      for (i, messages) in profile.messages.enumerated() {
        for m in messages where kind == .lose || m.reorderable { all.append(.init(line: i, events: m.events)) }
      }
    }
    guard let (spot, firstFault) = first else { return all }
    if case .message = fault, case .message = firstFault { return all.filter { $0 > spot } }
    return all.filter { $0 >= spot }
  }

  /// One run: the scenario with the faults at `placement`, the recovery, the verdict, and the lines
  /// that replay it as a lesson would (the scenario with the faults written in, then the recovery).
  package func run(_ placement: Exploration.Placement) -> ([FaultMoment], ExplorationOutcome, [String]) {
    var it = base
    var replay: [String] = []
    var splitBrain = false
    var refused = 0
    var promotedAt: SimTime?
    func watch(_ it: inout Interpreter) {
      if !it.cluster.strayMasters.isEmpty { splitBrain = true }
      for case .promoted(let p) in it.cluster.drainAudit() where promotedAt == nil {
        if let m = it.cluster.placedMoments.first, p.at >= m.time { promotedAt = p.at }
      }
    }
    func place(before line: Int) {
      for (fault, spot) in zip(faults, placement.spots) where spot.line == line {
        let text = ExploreRequest.text(of: fault)
        replay.append(spot.events == 0 ? text : "after \(spot.events) events \(text)")
        it.cluster.place(fault, afterEvents: spot.events)
      }
    }
    for (i, line) in scenario.enumerated() {
      place(before: i)
      let ran = it.runQuietly(commands[i])
      replay.append(line)
      if writes[i], !ran { refused += 1 }
      watch(&it)
    }
    place(before: scenario.count)
    let moments = it.cluster.faultMoments
    // The recovery: the same lines for every run, with the restart naming the node that crashed.
    var recovery = [Self.failoverWait]
    // A partition with a window heals by itself; one without waits for the recovery's `heal`.
    if faults.contains(where: { if case .partition(_, nil) = $0 { true } else { false } }) { recovery.append("heal") }
    for n in it.cluster.orderedNodes where !n.isUp { recovery.append("restart \(n.name)") }
    recovery += ["settle", "wait 10s", "settle"]
    var restartedAt: SimTime?
    for line in recovery {
      if line.hasPrefix("restart ") || line == "heal" { restartedAt = restartedAt ?? it.cluster.now }
      _ = it.runQuietly(Self.recoveryCommands[line] ?? .restart(String(line.dropFirst("restart ".count))))
      replay.append(line)
      watch(&it)
    }
    // A message fault hit when its message was due, not when it was placed.
    let hitAt = moments.first.map { $0.message?.time ?? $0.time } ?? it.cluster.now
    var recoveryTime = promotedAt.map { $0 - hitAt }
    if recoveryTime == nil, moments.contains(where: \.wasMaster), let back = restartedAt, it.cluster.masterName != nil {
      recoveryTime = back - hitAt
    }
    let outcome = ExplorationOutcome.judge(
      clients: it.clients, cluster: it.cluster, splitBrain: splitBrain, refusedWrites: refused,
      recoveryTime: recoveryTime)
    return (moments, outcome, replay)
  }

  /// Runs every placement, telling `progress` after each, until `stop` says to stop (Ctrl-C).
  package func explore(
    progress: (Int, Int) -> Void = { _, _ in },
    stop: () -> Bool = { LongRun.stopRequested.load(ordering: .relaxed) }
  ) -> (Exploration, replays: [[String]]) {
    let all = placements
    var report = Exploration(faults: faults, scenario: scenario, placements: all.count)
    var replays: [[String]] = []
    for (i, p) in all.enumerated() {
      if stop() { break }
      let (moments, outcome, replay) = run(p)
      // A run Ctrl-C cut short would be judged on half a run.
      if LongRun.stopped.load(ordering: .relaxed) { break }
      let classes = report.classes.count
      report.add(p, moments: moments, outcome: outcome)
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
