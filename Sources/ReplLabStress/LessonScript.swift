import ReplLab

/// Prints a fault run as a lesson script: a comment header naming the seed and the broken
/// invariant, then the lines that were run, up to the one after which the violation showed.
/// `repl-lab run` replays it to the same transcript (apart from the header's narration), so the
/// failure can be watched, shortened by hand and turned into a regression test.
public enum LessonScript {
  /// The header while a schedule runs, before anything is known; as many lines as the final one,
  /// so every command keeps its line number.
  static func placeholderHeader(seed: UInt64) -> [String] {
    ["# Fault schedule \(seed).", "# (running)", "# Replay: repl-lab run schedule-\(seed).lab"]
  }

  /// The lesson for `run`: its header says what broke, or that nothing did.
  public static func text(for run: FaultRun, violation: InvariantViolation? = nil) -> String {
    let seed = run.schedule.seed
    var header: [String]
    if let v = violation ?? run.violation {
      header = [
        "# Fault schedule \(seed): invariant \(v.invariant.rawValue) broken at line \(v.line).",
        "# " + v.detail.filter { $0 != "\n" && $0 != "\r\n" },
      ]
    } else {
      header = [
        "# Fault schedule \(seed): every invariant held.",
        "# \(run.refused) of \(run.lines.count) lines refused; \(run.checker.promotions) promotions, \(run.checker.acknowledgements) acknowledged writes checked.",
      ]
    }
    header.append("# Replay: repl-lab run schedule-\(seed).lab (it reseeds and resets first; lessons start at seed 1)")
    precondition(header.count == FaultRun.header, "the header's length fixes every command's line number")
    return (header + run.lines).map { $0 + "\n" }.joined()
  }

  /// Fuzz lines as a lesson, without a run: for a line that traps, found by bisecting `--lines`.
  public static func text(seed: UInt64, lines: [String]) -> String {
    let header = [
      "# Fuzz session, seed \(seed): the first \(lines.count) lines.",
      "# Replay: repl-lab run FILE (it reseeds and resets first; lessons start at seed 1)",
    ]
    return (header + FuzzRun.preamble(seed: seed) + lines.map(fuzzLine)).map { $0 + "\n" }.joined()
  }

  /// A fuzz line as a lesson line. `quit` ends a lesson but not a fuzz run (and changes nothing),
  /// so it becomes narration there.
  static func fuzzLine(_ line: String) -> String {
    (try? Parser.parse(line)) == .quit ? "# (fuzz line: \(line))" : line
  }

  /// A fuzz session as a lesson: the reseed and reset it started with, then every line thrown.
  /// Fuzz lines hold no line breaks, so each is one lesson line; a `#` line is narration there and
  /// a no-op in the interpreter alike. Nil unless the run kept its script.
  public static func text(for fuzz: FuzzRun) -> String? {
    guard let script = fuzz.script else { return nil }
    var header = ["# Fuzz session, seed \(fuzz.seed): \(fuzz.lines) lines, \(fuzz.refused) refused."]
    if let f = fuzz.failure {
      header.append("# Line \(f.number) (\(f.line.debugDescription)) \(f.problem).")
    }
    header.append("# Replay: repl-lab run FILE (it reseeds and resets first; lessons start at seed 1)")
    return (header + FuzzRun.preamble(seed: fuzz.seed) + script.map(fuzzLine)).map { $0 + "\n" }.joined()
  }
}
