import ReplLab

/// Times views in-process, through `Interpreter.execute` as a learner's line would go, on a small and
/// a large history, so the table can show whether a view's cost grows with the number of writes.
struct ViewTiming {
  /// The views whose cost must not grow with history.
  static let views = ["lag", "status", "log last 10"]

  /// An interpreter after `writes` writes of the lab's traffic generator, all replicated. No
  /// retention: the log keeps every entry, which is exactly what a view must not walk.
  static func interpreter(after writes: Int) -> Interpreter {
    var lab = Interpreter()
    for line in ["add replica db4", "load \(writes) writes over 100s keys \(Scripts.keys)", "settle"] {
      let reply = lab.execute(line)
      if let error = reply.error { fatalError("\(line): \(error)") }
    }
    return lab
  }

  /// Microseconds per call of `line`: the best of `rounds` rounds, each repeating the call for at
  /// least 20 ms of wall time.
  static func microseconds(_ line: String, on lab: inout Interpreter, rounds: Int) -> Double {
    var best = Double.infinity
    var sink = 0
    for _ in 0..<max(1, rounds) {
      var calls = 0
      let start = ChildProcess.now()
      var elapsed = 0.0
      repeat {
        sink &+= lab.execute(line).output.utf8.count
        calls += 1
        elapsed = ChildProcess.now() - start
      } while elapsed < 0.02
      best = min(best, elapsed / Double(calls) * 1e6)
    }
    // Keeps the optimiser from dropping the calls whose output nobody reads.
    if sink == -1 { print(sink) }
    return best
  }
}
