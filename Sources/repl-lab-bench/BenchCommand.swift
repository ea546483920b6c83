import ReplLab

#if canImport(Glibc)
  import Glibc
#endif

/// `repl-lab-bench`: measures repl-lab against baselines taken in the same run and prints a table
/// (figure, value, baseline, ratio, target, PASS/MISS). `Scripts/bench` builds release and runs it.
@main
struct BenchCommand {
  /// Which figures to measure, and how hard.
  struct Options {
    var writes = 1_000_000
    var runs = 3
    var only: Set<String> = []
    var bin: String?

    static let usage = """
      usage: repl-lab-bench [--writes N] [--runs N] [--only batch|startup|views|memory|explore|faults]...
                            [--bin DIR]
        --writes N   size of the large workloads (default 1000000); the small ones are N/1000 (views)
                     and N/10 (memory)
        --runs N     repetitions of each timing; the best is reported (default 3)
        --only NAME  measure only this group (repeatable)
        --bin DIR    where the release repl-lab and repl-lab-hello are (default: beside this program)
      """

    static func parse(_ args: [String]) -> Options {
      var o = Options()
      var i = 0
      func value() -> String {
        i += 1
        guard i < args.count else { fail("\(args[i - 1]) needs a value") }
        return args[i]
      }
      while i < args.count {
        switch args[i] {
        case "--writes":
          guard let w = Int(value()), w >= 1000 else { fail("--writes needs a number >= 1000") }
          o.writes = w
        case "--runs":
          guard let r = Int(value()), r >= 1 else { fail("--runs needs a number >= 1") }
          o.runs = r
        case "--only":
          let name = value()
          guard ["batch", "startup", "views", "memory", "explore", "faults"].contains(name) else {
            fail("unknown group '\(name)'")
          }
          o.only.insert(name)
        case "--bin": o.bin = value()
        case "-h", "--help":
          print(usage)
          exit(0)
        default: fail("unknown argument '\(args[i])'")
        }
        i += 1
      }
      return o
    }

    func wants(_ group: String) -> Bool { only.isEmpty || only.contains(group) }
  }

  static func main() {
    let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
    let bin = options.bin ?? directoryOfThisProgram()
    let replLab = bin + "/repl-lab"
    let hello = bin + "/repl-lab-hello"
    for program in [replLab, hello] where access(program, X_OK) != 0 {
      fail("\(program) is missing: build release first (Scripts/bench does)")
    }
    let scripts = Scripts(directory: Scripts.makeDirectory())
    defer { scripts.remove() }
    var figures: [Figure] = []
    let n = options.writes
    func note(_ text: String) {
      print(text)
      fflush(nil)
    }

    if options.wants("memory") {
      let small = max(1, n / 10)
      note("memory: \(small) and \(n) writes, retention 10000...")
      func load(_ count: Int) -> String {
        // The same traffic (10 writes per simulated millisecond) for longer: only the number of
        // writes differs between the two runs.
        scripts.lines(
          "load-\(count).lab",
          ["retention 10000", "load \(count) writes over \(count / 10)ms keys \(Scripts.keys)", "settle"])
      }
      // posix_spawn shares this process's memory until the exec, and Linux carries the larger peak
      // over into the child's ru_maxrss: measure memory first, while this process is small.
      let own = ownPeakBytes()
      let loadSmall = try! ChildProcess.run([replLab], stdinPath: load(small))
      let loadLarge = try! ChildProcess.run([replLab], stdinPath: load(n))
      figures.append(
        Figure(
          name: "memory: load \(n) writes, retention 10000", value: mb(loadLarge), baseline: mb(loadSmall),
          baselineName: "\(small) writes", unit: .megabytes, target: 1.2))
      let setsSmall = try! ChildProcess.run([replLab], stdinPath: scripts.sets(small, prelude: ["retention 10000"]))
      let setsLarge = try! ChildProcess.run([replLab], stdinPath: scripts.sets(n, prelude: ["retention 10000"]))
      if own * 2 > loadSmall.peakBytes {
        note("  warning: this process peaked at \(mb(own)), which may hide a child's peak")
      }
      figures.append(
        Figure(
          name: "memory: \(n) piped sets, retention 10000", value: mb(setsLarge), baseline: mb(setsSmall),
          baselineName: "\(small) sets", unit: .megabytes, target: 1.2))
    }

    if options.wants("batch") {
      note("batch: writing \(n) set lines...")
      let file = scripts.sets(n)
      let awk = best(options.runs) { try ChildProcess.run(["awk", "{a[$2]=$3}", file]) }
      let piped = best(options.runs) { try ChildProcess.run([replLab], stdinPath: file) }
      let run = best(options.runs) { try ChildProcess.run([replLab, "run", file]) }
      figures.append(
        Figure(
          name: "batch: \(n) sets + settle, piped", value: piped.seconds, baseline: awk.seconds, baselineName: "awk",
          unit: .seconds, target: 3))
      figures.append(
        Figure(
          name: "batch: \(n) sets + settle, run FILE", value: run.seconds, baseline: awk.seconds, baselineName: "awk",
          unit: .seconds, target: 3))
      note(
        "  awk \(fixed(awk.seconds, 3)) s, piped \(fixed(piped.seconds, 3)) s (\(mb(piped.peakBytes))), run FILE \(fixed(run.seconds, 3)) s (\(mb(run.peakBytes)))"
      )
    }

    if options.wants("startup") {
      note("startup...")
      let file = scripts.lines("one-line.lab", ["set x 1"])
      let runs = max(20, options.runs * 7)
      let helloRun = best(runs) { try ChildProcess.run([hello]) }
      let lab = best(runs) { try ChildProcess.run([replLab], stdinPath: file) }
      figures.append(
        Figure(
          name: "startup: one-line script, piped", value: lab.seconds, baseline: helloRun.seconds,
          baselineName: "hello", unit: .seconds, target: 1.5))
    }

    if options.wants("views") {
      let small = max(1, n / 1000)
      note("views: \(small) and \(n) writes in-process...")
      var few = ViewTiming.interpreter(after: small)
      var many = ViewTiming.interpreter(after: n)
      for view in ViewTiming.views {
        var a = Double.infinity
        var b = Double.infinity
        // Alternate, so a busy moment on the machine hits both sides alike.
        for _ in 0..<max(3, options.runs) {
          a = min(a, ViewTiming.microseconds(view, on: &few, rounds: 1))
          b = min(b, ViewTiming.microseconds(view, on: &many, rounds: 1))
        }
        figures.append(
          Figure(
            name: "view: \(view) after \(n) writes", value: b, baseline: a, baselineName: "\(small) writes",
            unit: .microseconds, target: 1.2))
      }
    }

    if options.wants("explore") {
      note("explore: every master crash in ten writes, three replicas...")
      let (took, placements) = ExploreTiming.exploration(runs: options.runs)
      figures.append(
        Figure(
          name: "explore: \(placements) master crashes, 10 writes, with recovery", value: took, baseline: 1,
          baselineName: "target", unit: .seconds, target: 1))
    }

    if options.wants("faults") {
      let count = max(50, n / 5000)
      note("faults: \(count) fault schedules, each run twice...")
      figures.append(
        Figure(
          name: "faults: 1000 schedules (from \(count)), each run twice",
          value: ExploreTiming.faultSchedules(count: count),
          baseline: 1, baselineName: "target", unit: .seconds, target: 1))
    }

    print("")
    print(Figure.table(figures))
    print("Times are the best of the repetitions; memory is the child's peak resident set (ru_maxrss).")
  }

  /// Runs `measure` `runs` times and keeps the fastest run (the least disturbed by other work).
  static func best(_ runs: Int, _ measure: () throws -> ChildProcess.Measurement) -> ChildProcess.Measurement {
    var best: ChildProcess.Measurement?
    for _ in 0..<runs {
      let m: ChildProcess.Measurement
      do { m = try measure() } catch { fail("\(error)") }
      if best == nil || m.seconds < best!.seconds { best = m }
    }
    return best!
  }

  static func mb(_ m: ChildProcess.Measurement) -> Double { Double(m.peakBytes) / 1_048_576 }
  static func mb(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 1) + " MB" }

  /// This process's own peak resident set, in bytes.
  static func ownPeakBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
  }

  /// The directory of the running executable (/proc/self/exe).
  static func directoryOfThisProgram() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return ".build/release" }
    let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
  }
}

func fail(_ message: String) -> Never {
  let text = Array("repl-lab-bench: \(message)\n".utf8)
  _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  exit(2)
}
