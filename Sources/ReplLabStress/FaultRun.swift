import ReplLab

/// Runs a fault schedule the way `repl-lab run` replays a lesson, with an `InvariantChecker`
/// looking after every line; then repairs every fault (restarts, heals, demotes stray masters),
/// settles, runs `diff` and checks that the replicas converged.
///
/// The transcript has exactly the lesson runner's format, so the lesson that `LessonScript` prints
/// for a run replays to the same transcript (the tests check this).
public struct FaultRun: Sendable {
  public let schedule: FaultSchedule
  /// Every line run, repair included, up to the violation if there was one.
  public private(set) var lines: [String] = []
  /// What the run printed, wrapped and laid out as `repl-lab run` prints a lesson. Made when asked
  /// for: the determinism check compares `printed`, which decides it, and wrapping every line of
  /// every run cost a third of the tool's time.
  public var transcript: String {
    printed.flatMap { text in
      TextWrap.wrap(text, width: TextWrap.transcriptWidth).split(separator: "\n", omittingEmptySubsequences: false)
        .map { String($0) + "\n" }
    }.joined()
  }
  /// Each prompt with its line, each output and each error, unwrapped, in order.
  public private(set) var printed: [String] = []
  /// Lines the lab refused (a restart of a node that is up, ...): allowed, and counted.
  public private(set) var refused = 0
  public private(set) var violation: InvariantViolation?
  public private(set) var checker: InvariantChecker
  /// The run ended with keys that unsafe statements made differ, and `diff` showed them.
  public private(set) var diverged = false

  /// How long a repaired replica set gets to elect its primary: five election timeouts with their
  /// largest random offset, plus heartbeats to spread the news.
  public static let electionWait: SimTime =
    5 * (ConsensusGroup.defaultElectionTimeout * 115 / 100) + 2 * ConsensusGroup.defaultHeartbeatInterval

  /// Lessons start at seed 1; the schedule's own first lines reseed and reset.
  public static let header = 3
  /// The file name error lines name, as `repl-lab run schedule-SEED.lab` would print them.
  public var fileName: String { "schedule-\(schedule.seed).lab" }

  var interpreter: Interpreter

  /// Runs `schedule` to the end or to its first violation.
  public init(_ schedule: FaultSchedule, lessonsDirectory: String = "Lessons") {
    self.schedule = schedule
    checker = InvariantChecker(
      fencing: schedule.fencing, leases: schedule.leases, consensus: schedule.consensus,
      majorityCommit: schedule.majorityCommit)
    interpreter = Interpreter(seed: 1, lessonsDirectory: lessonsDirectory)
    interpreter.startAudit()
    for l in LessonScript.placeholderHeader(seed: schedule.seed) { printed.append(l) }
    for line in schedule.lines where violation == nil { run(line) }
    if violation == nil { repair() }
  }

  /// The line number a lesson gives the next line: after the header.
  var nextNumber: Int { Self.header + lines.count + 1 }

  @discardableResult
  mutating func run(_ line: String) -> Reply {
    let number = nextNumber
    lines.append(line)
    printed.append(interpreter.prompt + line)
    let reply = interpreter.execute(line)
    if !reply.output.isEmpty { printed.append(reply.output) }
    if let error = reply.errorLine(file: fileName, line: number) {
      refused += 1
      printed.append(error)
    }
    if violation == nil { violation = checker.observe(line, number: number, in: &interpreter) }
    return reply
  }

  /// What an operator does to end every fault: a clean network, every node up, stray masters
  /// demoted; then time for the orchestrator to re-point replicas and for replication to finish.
  mutating func repair() {
    let c = interpreter.cluster
    for line in ["loss 0", "jitter 0"] { run(line) }
    for n in c.orderedNodes where !n.isUp { run("restart \(n.name)") }
    run("heal")
    for name in c.nodeNames where c.network.nodeLatency[name] != nil { run("delay \(name) 10ms") }
    if schedule.consensus {
      // No orchestrator and no operator: the members must elect by themselves, in bounded time.
      run("wait \(Self.electionWait)ms")
      if violation == nil {
        violation = checker.checkElected(interpreter.cluster, line: Self.header + lines.count)
      }
      guard violation == nil else { return }
    }
    for line in ["wait 10s", "settle"] { run(line) }
    let strays = interpreter.cluster.strayMasters
    for s in strays { run("demote \(s)") }
    for line in ["settle", "wait 10s", "settle"] { run(line) }
    guard violation == nil else { return }
    let number = nextNumber
    let diff = run("diff")
    if violation == nil {
      violation = checker.checkConverged(interpreter.cluster, diffOutput: diff.output, line: number)
      diverged = violation == nil && diff.output.contains(" differs on ")
    }
  }
}
