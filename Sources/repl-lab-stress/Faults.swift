import ArgumentParser
import ReplLabStress

/// `repl-lab-stress faults --schedules N --seed S`: runs N random fault schedules, each twice.
struct Faults: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run random fault schedules and check replication invariants.",
    discussion: """
      Schedule i uses seed S+i. Each runs twice (the transcripts must be identical) with the
      invariant checker watching every line, then repairs every fault, settles and checks that the
      replicas converged.
      """)

  @Option(help: "How many schedules to run.")
  var schedules = 10_000

  @Option(help: "Seed of the first schedule; the others follow it.")
  var seed: UInt64 = 1

  @Option(help: "Fewest steps in a schedule.")
  var minSteps = 30

  @Option(help: "Most steps in a schedule.")
  var maxSteps = 60

  @Flag(help: "Also print how long the run took (the only output that changes from run to run).")
  var timing = false

  func validate() throws {
    guard schedules > 0 else { throw ValidationError("--schedules must be at least 1") }
    guard minSteps >= 0, maxSteps >= minSteps else { throw ValidationError("need 0 <= --min-steps <= --max-steps") }
  }

  func run() throws {
    let start = ContinuousClock.now
    var tally = FaultTally()
    for i in 0..<schedules {
      let schedule = FaultSchedule(seed: seed &+ UInt64(i), steps: minSteps...maxSteps)
      let run = FaultRun(schedule)
      let verdict = tally.add(run, replay: FaultRun(schedule))
      if let v = verdict {
        // The lesson alone on standard output, so `> schedule-SEED.lab` saves it.
        printError("fault schedule \(schedule.seed) (schedule \(i + 1) of \(schedules)): \(v)")
        print(LessonScript.text(for: run, violation: v), terminator: "")
        throw ExitCode(1)
      }
    }
    print(tally.summary)
    if timing { print("took \(ContinuousClock.now - start)") }
  }
}
