import ReplLab
import ReplLabStress

/// The figures behind `explore` and the fault schedules, measured in this process: how many times
/// a second the simulation can run a scenario from a copied cluster, which decides what a learner
/// can explore, and what `repl-lab-stress faults` can check.
enum ExploreTiming {
  /// The lines before the exploration: three replicas, automatic failover, semi-sync (so that each
  /// write runs events a crash can fall between).
  static let setup = ["add replica db4", "settle", "failover auto", "sync-mode semi"]
  /// Every placement of a master crash in ten writes and a settle, each run with its recovery.
  static let line =
    "explore crash master during { "
    + (1...10).map { "set k\($0) \($0)" }.joined(separator: "; ") + "; settle }"

  /// Seconds for the exploration (best of `runs`) and how many placements it ran.
  static func exploration(runs: Int) -> (seconds: Double, placements: Int) {
    var best = Double.infinity
    var placements = 0
    for _ in 0..<runs {
      var lab = Interpreter()
      for l in setup { _ = lab.execute(l) }
      let start = ContinuousClock.now
      let reply = lab.execute(line)
      let took = seconds(ContinuousClock.now - start)
      guard reply.error == nil, let e = lab.lastExploration else { fail("explore failed: \(reply.error ?? "")") }
      placements = e.explored
      best = min(best, took)
    }
    return (best, placements)
  }

  /// Seconds per 1,000 fault schedules, each run twice as `repl-lab-stress faults` does, measured
  /// over `count` schedules.
  static func faultSchedules(count: Int) -> Double {
    let start = ContinuousClock.now
    var tally = FaultTally()
    for i in 0..<count {
      let schedule = FaultSchedule(seed: UInt64(i + 1), steps: 30...60)
      if let v = tally.add(FaultRun(schedule), replay: FaultRun(schedule)) { fail("schedule \(i + 1): \(v)") }
    }
    return seconds(ContinuousClock.now - start) * 1000 / Double(count)
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  }
}
