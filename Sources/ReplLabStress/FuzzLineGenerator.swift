import ReplLab

/// Random and mutated command lines for fuzzing the interpreter: random tokens, every command with
/// wrong arguments, mutated examples from `help`, huge numbers, negative and absurd durations,
/// empty and very long lines, control characters and non-ASCII text.
///
/// Every command that writes a file (`save`, `timeline --svg`, `lag --svg`, `topology --svg`) gets
/// hostile paths: absolute ones, `..`, devices, directories, symbolic links (`link-out`,
/// `link-file`: a test that wants them creates them in the working directory), `--force`, names
/// too long for the file system. The fuzz
/// runs as a lesson does, so none may write outside its working directory; give it a scratch one.
/// Huge arguments (a value of up to 200,000 characters, a number of 10,000 digits) come too.
///
/// The same seed gives the same lines. Accepted lines are kept cheap to run on purpose: numbers a
/// command would accept stay small (a `load` of ten million writes is valid but would turn a fuzz
/// run into a benchmark) and durations a command would accept stay within a minute.
public struct FuzzLineGenerator: Sendable {
  var random: SeededGenerator

  public init(seed: UInt64) {
    random = SeededGenerator(seed: seed)
  }

  /// Small numbers any command may accept, and numbers no command accepts (too long, out of range,
  /// negative, not whole).
  static let numbers = [
    "0", "1", "2", "3", "5", "42", "100", "-1", "-0", "+5", "007", "1.5", "1e3", "0x10", "½", "٣",
    "99999999999999999999", "9223372036854775807", "9223372036854775808", "18446744073709551616",
    "10000001", "-9223372036854775808", "1000000000000", "50%", "150%", "-20%", "0.2", "NaN", "inf",
  ]
  /// Durations: cheap valid ones and every way to get one wrong.
  static let durations = [
    "1ms", "20ms", "250ms", "1s", "2s", "5s", "30s", "1m", "1.5s", "0ms", "-5s", "-1ms", "0.4ms",
    "25h", "1000000h", "99999999999s", "1e3s", "s", "ms", "5", "5x", "1..5s", ".5s", "5.s", "1 s",
    "86400001ms", "-0s", "1mss", "2S", "3MS", "0x10s", "٣s",
  ]
  static let nodes = [
    "db1", "db2", "db3", "db4", "db5", "db9", "master", "leader", "PRIMARY", "DB2", "orch", "app",
    "proxy", "all", "db2,db3", "abcdefghijklmnopq", "1db", "-db", "db_7", "replica",
  ]
  static let keysAndValues = [
    "x", "k1", "balance", "a.b:c-d", "now()", "rand()", "uuid()", "sysdate()", "now(", "()", "\"\"",
    "\"a b\"", "\"unclosed", "'single'", "\"esc\\\"aped\"", "v", "null", "nil", "(nil)",
    String(repeating: "k", count: 65), String(repeating: "v", count: 257),
  ]
  static let hostile = [
    "é", "日本", "🙂", "\u{07}", "\t", "\u{00}", "\u{1b}[31m", "\u{202e}", "\u{feff}", "e\u{301}", "#",
    "\\", "\"", "--", "-h", "--help", ";", "&&", "|", "*", "%", "$(x)", "\u{7f}", "\u{85}", "\u{2028}",
    "\u{10ffff}", "ｓｅｔ", "Ｘ",
  ]
  /// Paths for the commands that write files. Nothing outside the working directory may change.
  static let paths = [
    "out.svg", "s.lab", "./dot.svg", "sub/x.svg", "../escape.svg", "../../escape.svg", "../sentinel.txt",
    "a/../../escape.svg", "/tmp/repl-lab-fuzz-escape.svg", "/dev/null", "/dev/zero", "/", ".", "..", "/tmp",
    "link-out/escape.svg", "link-file", "link-out", "link-out/../escape.svg", "~/.bashrc", "%2e%2e/x.svg",
    "x.svg/", "\"spaced name.svg\"", "\"../quoted.svg\"", String(repeating: "n", count: 300),
    String(repeating: "d/", count: 3000) + "x", "-", "--force", "\u{1b}[31m.svg", "é.svg", "\u{00}.svg",
  ]
  /// Words the lab's commands use after their names.
  static let words: [String] = {
    var seen: Set<String> = []
    var out: [String] = []
    for spec in CommandRegistry.all {
      for case .words(let ws) in spec.completions { for w in ws where seen.insert(w).inserted { out.append(w) } }
    }
    return out.filter { !$0.contains("svg") && $0 != "--force" } + [
      "writes", "over", "keys", "from", "last", "since", "replica", "standby", "alice", "bob", "reads", "window",
    ]
  }()
  static let firstWords = CommandRegistry.firstWords
  static let examples = CommandRegistry.all.map(\.example)

  /// The first `count` lines for `seed`: what a fuzz run throws, without running them.
  public static func lines(seed: UInt64, count: Int) -> [String] {
    var g = FuzzLineGenerator(seed: seed)
    return (0..<count).map { _ in g.next() }
  }

  /// The next line.
  public mutating func next() -> String {
    let line: String
    switch Int.random(in: 0..<100, using: &random) {
    case 0..<3: return blank()
    case 3..<5: return long()
    case 5..<10: return noise()
    case 10..<15: return foreign()
    case 15..<18: return fileWrite()
    case 18..<19: return huge()
    case 19..<45: line = wrongArguments()
    case 45..<75: line = mutate(pick(Self.examples))
    case 75..<85: line = pick(Self.examples)
    default: line = tokens()
    }
    // Files are written only by `fileWrite`, whose paths are chosen to be hostile.
    return line.contains("svg") ? line.replacing("svg", with: "gvs") : line
  }

  // MARK: Kinds of line

  mutating func blank() -> String { pick(["", " ", "   ", "\t", " \t "]) }

  /// A command that writes a file, at a hostile path, sometimes with `--force`.
  mutating func fileWrite() -> String {
    let path = pick(Self.paths)
    let force = Int.random(in: 0..<4, using: &random) == 0
    switch Int.random(in: 0..<6, using: &random) {
    case 0: return "save \(force ? "--force " : "")\(path)"
    case 1: return "save \(path)\(force ? " --force" : "")"
    case 2: return "timeline last 5 --svg \(path)\(force ? " --force" : "")"
    case 3: return "lag --svg \(path)\(force ? " --force" : "")"
    case 4: return "topology \(force ? "--force " : "")--svg \(path)"
    default: return "timeline \(force ? "--force " : "")--svg \(path)"
    }
  }

  /// One argument far larger than any a person types.
  mutating func huge() -> String {
    let n = Int.random(in: 10_000...200_000, using: &random)
    switch Int.random(in: 0..<6, using: &random) {
    case 0: return "set k " + String(repeating: "v", count: n)
    case 1: return "set \"" + String(repeating: "k", count: n) + "\" 1"
    case 2: return "wait " + String(repeating: "9", count: 10_000) + "ms"
    case 3: return "save " + String(repeating: "f", count: n)
    case 4: return "timeline last " + String(repeating: "1", count: 10_000)
    default: return pick(Self.firstWords) + " " + String(repeating: "x ", count: n / 2)
    }
  }

  mutating func long() -> String {
    let n = Int.random(in: 1000...6000, using: &random)
    switch Int.random(in: 0..<4, using: &random) {
    case 0: return String(repeating: "a", count: n)
    case 1: return "set k " + String(repeating: "v", count: n)
    case 2: return "get " + String(repeating: "k", count: n)
    default: return Array(repeating: "db2", count: n / 4).joined(separator: " ")
    }
  }

  /// Random bytes from the ASCII range, control characters included (but no line breaks: a line
  /// never contains one).
  mutating func noise() -> String {
    let n = Int.random(in: 1...20, using: &random)
    var s = ""
    for _ in 0..<n {
      var b = UInt8.random(in: 0...127, using: &random)
      if b == 10 || b == 13 { b = 32 }
      s.unicodeScalars.append(Unicode.Scalar(b))
    }
    return s
  }

  /// Non-ASCII text: accents, other scripts, emoji, bidirectional and invisible characters.
  mutating func foreign() -> String {
    let ranges: [ClosedRange<UInt32>] = [
      0xA0...0x17F, 0x300...0x36F, 0x590...0x6FF, 0x3040...0x30FF, 0x4E00...0x4FFF, 0x1F300...0x1F64F,
      0x2000...0x206F, 0xFF01...0xFF5E,
    ]
    let n = Int.random(in: 1...12, using: &random)
    var s = Int.random(in: 0..<2, using: &random) == 0 ? pick(Self.firstWords) + " " : ""
    for _ in 0..<n {
      let r = pick(ranges)
      if let u = Unicode.Scalar(UInt32.random(in: r, using: &random)), !u.properties.isNoncharacterCodePoint {
        s.unicodeScalars.append(u)
      }
    }
    return s
  }

  /// A real command with arguments drawn from every pool, mostly the wrong kind or count.
  mutating func wrongArguments() -> String {
    let spec = pick(CommandRegistry.all)
    var parts = [Int.random(in: 0..<8, using: &random) == 0 ? spec.name.uppercased() : spec.name]
    let count = Int.random(in: 0...4, using: &random)
    for i in 0..<count {
      if i < spec.completions.count, case .words(let ws) = spec.completions[i], Bool.random(using: &random) {
        parts.append(pick(ws.filter { !$0.contains("svg") } + ["x"]))
        continue
      }
      parts.append(argument(for: spec.name))
    }
    return parts.joined(separator: " ")
  }

  mutating func argument(for command: String) -> String {
    // A heartbeat every millisecond makes every later `wait` a thousand times dearer.
    if command == "heartbeat-interval" { return pick(["500ms", "2s", "0ms", "-1s", "25h", "1", "x"]) }
    switch Int.random(in: 0..<6, using: &random) {
    case 0: return pick(Self.numbers)
    case 1: return pick(Self.durations)
    case 2: return pick(Self.nodes)
    case 3: return pick(Self.keysAndValues)
    case 4: return pick(Self.hostile)
    default: return pick(Self.words)
    }
  }

  mutating func tokens() -> String {
    let count = Int.random(in: 1...6, using: &random)
    var parts: [String] = []
    for _ in 0..<count {
      switch Int.random(in: 0..<4, using: &random) {
      case 0: parts.append(pick(Self.firstWords))
      case 1: parts.append(pick(Self.words))
      case 2: parts.append(pick(Self.hostile))
      default: parts.append(argument(for: ""))
      }
    }
    return parts.joined(separator: pick([" ", " ", " ", "  ", "\t"]))
  }

  /// One small change to a valid line.
  mutating func mutate(_ line: String) -> String {
    var parts = line.split(separator: " ").map(String.init)
    let i = Int.random(in: 0..<parts.count, using: &random)
    switch Int.random(in: 0..<12, using: &random) {
    case 0: parts.remove(at: i)
    case 1: parts.insert(parts[i], at: i)
    case 2: parts.swapAt(i, Int.random(in: 0..<parts.count, using: &random))
    case 3: parts[i] = argument(for: parts[0])
    case 4: parts.append(argument(for: parts[0]))
    case 5:
      // Cut anywhere, even inside a word or a quote.
      let text = parts.joined(separator: " ")
      return String(text.prefix(Int.random(in: 0...text.count, using: &random)))
    case 6:
      var scalars = Array(parts[i].unicodeScalars)
      scalars.insert(pick(Self.hostile).unicodeScalars.first!, at: Int.random(in: 0...scalars.count, using: &random))
      parts[i] = String(String.UnicodeScalarView(scalars))
    case 7: parts[i] = parts[i].uppercased()
    case 8: parts[i] = "\"" + parts[i] + (Bool.random(using: &random) ? "\"" : "")
    case 9: parts[i] = "-" + parts[i]
    case 10:
      // Twelve more digits: longer than any count or duration the lab accepts.
      guard let d = parts[i].firstIndex(where: \.isNumber) else { return line + " 0" }
      parts[i].insert(contentsOf: "000000000000", at: parts[i].index(after: d))
    default: return parts.joined(separator: pick(["  ", "\t", " \t"])) + pick(["", " ", "\t"])
    }
    return parts.joined(separator: " ")
  }

  mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &random)] }
}
