import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// An `expect` line: something a lesson or an exercise asserts about the cluster. In batch mode a
/// false one fails the run with the lesson's file and line; at the prompt it tells the learner
/// whether they reached the goal.
public enum Expectation: Sendable, Equatable {
  /// `expect KEY = VALUE on NODE`, or with `missing` for no value.
  case value(key: String, value: String?, node: String)
  /// `expect NODE is STATE`.
  case state(node: String, NodeState)
  /// `expect lag NODE OP N`: entries the node has not applied that the master has.
  case lag(node: String, Comparison, Int)
  /// `expect lost OP N`: acknowledged writes that no master has any more.
  case lost(Comparison, Int)
  /// `expect masters OP N`: live nodes acting as master (two or more is split brain).
  case masters(Comparison, Int)
  /// `expect sync-mode MODE`.
  case syncMode(SyncMode)
  /// `expect semi-sync on|off`: whether semi-sync is in force (Rpl_semi_sync_source_status).
  case semiSync(Bool)
  /// `expect GUARANTEE held|broken [by CLIENT]`, judged over the recorded history.
  case guarantee(Guarantee, broken: Bool, client: String?)
  /// `expect semi-sync fallbacks OP N`: how many times a master gave up waiting and switched
  /// semi-sync off (MySQL's Rpl_semi_sync_source_no_times), since the cluster was made. Turning
  /// `sync-mode` off and on by hand is not a fallback.
  case semiSyncFallbacks(Comparison, Int)
  /// `expect errant OP N`: GTIDs no master wrote (written on a replica, or kept by an old master)
  /// that some node holds.
  case errant(Comparison, Int)
  /// `expect client CLIENT GUARANTEE on|off`: whether the client has a setting that keeps the
  /// guarantee (`client bob monotonic-reads sticky`), whatever its reads did so far.
  case clientFix(client: String, Guarantee, on: Bool)
  /// `expect explored WHAT OP N`: how many runs of the last `explore` ended with a harm (`lost-write`,
  /// `split-brain`...), with none (`no-harm`), or ran at all (`runs`).
  case explored(ExploredCount, Comparison, Int)

  /// What `expect explored` counts.
  public enum ExploredCount: Sendable, Equatable {
    case runs
    case noHarm
    case harm(ExplorationOutcome.Harm)

    public var word: String {
      switch self {
      case .runs: "runs"
      case .noHarm: "no-harm"
      case .harm(let h): h.rawValue
      }
    }

    public static let words = ["runs", "no-harm"] + ExplorationOutcome.Harm.allCases.map(\.rawValue)
  }

  /// What a node can be asked to be.
  public enum NodeState: String, Sendable, CaseIterable {
    /// Up and acting as master (in any epoch: a stray old master counts).
    case master
    /// Up and following a master.
    case replica
    /// A passive standby master.
    case standby
    case up
    case down
    /// Up, but its replication stopped with an error (the log it needs was purged, say).
    case stopped
    /// Waiting for or loading a snapshot.
    case snapshot
    /// Up, and a partition cuts it off from another node or a client (`partition`; `heal` ends it).
    case partitioned
  }

  /// `=`, `!=`, `<`, `<=`, `>`, `>=`.
  public enum Comparison: String, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    public func holds(_ a: Int, _ b: Int) -> Bool {
      switch self {
      case .equal: a == b
      case .notEqual: a != b
      case .less: a < b
      case .lessOrEqual: a <= b
      case .greater: a > b
      case .greaterOrEqual: a >= b
      }
    }
  }

  /// The assertion in words, for both verdicts: `balance = "100" on db2`.
  public var text: String {
    switch self {
    case .value(let key, let value?, let node): "\(key) = \(Self.quoted(value)) on \(node)"
    case .value(let key, nil, let node): "\(key) missing on \(node)"
    case .state(let node, let state): "\(node) is \(state.rawValue)"
    case .lag(let node, let op, let n): "lag \(node) \(op.rawValue) \(n)"
    case .lost(let op, let n): "lost \(op.rawValue) \(n)"
    case .masters(let op, let n): "masters \(op.rawValue) \(n)"
    case .syncMode(let m): "sync-mode \(m.rawValue)"
    case .semiSync(let on): "semi-sync \(on ? "on" : "off")"
    case .guarantee(let g, let broken, let client):
      "\(g.rawValue) \(broken ? "broken" : "held")" + (client.map { " by \($0)" } ?? "")
    case .semiSyncFallbacks(let op, let n): "semi-sync fallbacks \(op.rawValue) \(n)"
    case .errant(let op, let n): "errant \(op.rawValue) \(n)"
    case .clientFix(let client, let g, let on): "client \(client) \(g.rawValue) \(on ? "on" : "off")"
    case .explored(let what, let op, let n): "explored \(what.word) \(op.rawValue) \(n)"
    }
  }

  package static func quoted(_ value: String) -> String { "\"\(value)\"" }

  /// The forms `expect` takes, for errors and help.
  public static let forms = [
    "expect KEY = VALUE on NODE", "expect KEY missing on NODE", "expect NODE is STATE",
    "expect lag NODE OP N", "expect lost OP N", "expect masters OP N", "expect sync-mode MODE",
    "expect semi-sync on|off", "expect semi-sync fallbacks OP N", "expect GUARANTEE held|broken [by CLIENT]",
    "expect client CLIENT GUARANTEE on|off", "expect explored WHAT OP N", "expect errant OP N",
  ]

  /// Parses the words after `expect`. Node and client names are checked when the expectation runs,
  /// so a lesson can expect things of a node it adds later.
  package static func parse(_ args: [String], _ spec: CommandSpec) throws(CommandError) -> Expectation {
    guard let first = args.first else { throw spec.error("say what to expect") }
    let word = first.lowercased()
    switch word {
    case "lag":
      guard args.count == 4 else { throw spec.error("write `expect lag NODE OP N`, like `expect lag db3 >= 5`") }
      return .lag(node: args[1], try comparison(args[2], spec), try number(args[3], spec))
    case "lost", "masters", "errant":
      guard args.count == 3 else { throw spec.error("write `expect \(word) OP N`, like `expect \(word) = 1`") }
      let op = try comparison(args[1], spec)
      let n = try number(args[2], spec)
      return word == "lost" ? .lost(op, n) : word == "errant" ? .errant(op, n) : .masters(op, n)
    case "sync-mode":
      guard args.count == 2, let mode = SyncMode(rawValue: args[1].lowercased()) else {
        throw spec.error("write `expect sync-mode async|semi|sync`")
      }
      return .syncMode(mode)
    case "explored":
      let hint =
        "write `expect explored WHAT OP N`, like `expect explored lost-write = 0`; WHAT is one of \(ExploredCount.words.joined(separator: ", "))"
      guard args.count == 4 else { throw spec.error(hint) }
      let what: ExploredCount
      switch args[1].lowercased() {
      case "runs": what = .runs
      case "no-harm": what = .noHarm
      case let w:
        guard let h = ExplorationOutcome.Harm(rawValue: w) else { throw spec.error(hint) }
        what = .harm(h)
      }
      return .explored(what, try comparison(args[2], spec), try number(args[3], spec))
    case "semi-sync":
      if args.count >= 2, args[1].lowercased() == "fallbacks" {
        guard args.count == 4 else {
          throw spec.error("write `expect semi-sync fallbacks OP N`, like `expect semi-sync fallbacks >= 1`")
        }
        return .semiSyncFallbacks(try comparison(args[2], spec), try number(args[3], spec))
      }
      guard args.count == 2, ["on", "off"].contains(args[1].lowercased()) else {
        throw spec.error("write `expect semi-sync on`, `expect semi-sync off` or `expect semi-sync fallbacks OP N`")
      }
      return .semiSync(args[1].lowercased() == "on")
    case "client":
      let usage = "write `expect client CLIENT GUARANTEE on|off`, like `expect client bob monotonic-reads on`"
      guard args.count == 4, ["on", "off"].contains(args[3].lowercased()) else { throw spec.error(usage) }
      guard let g = Guarantee(rawValue: args[2].lowercased()) else {
        throw spec.error(
          "'\(args[2])' is not a guarantee; use \(Guarantee.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      return .clientFix(client: args[1], g, on: args[3].lowercased() == "on")
    default:
      break
    }
    if let g = Guarantee(rawValue: word) {
      guard args.count == 2 || (args.count == 4 && args[2].lowercased() == "by"),
        ["held", "broken"].contains(args[1].lowercased())
      else { throw spec.error("write `expect \(g.rawValue) held` or `expect \(g.rawValue) broken [by CLIENT]`") }
      return .guarantee(g, broken: args[1].lowercased() == "broken", client: args.count == 4 ? args[3] : nil)
    }
    if args.count == 3, args[1].lowercased() == "is" {
      guard let state = NodeState(rawValue: args[2].lowercased()) else {
        throw spec.error(
          "'\(args[2])' is not a state; use \(NodeState.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      return .state(node: first, state)
    }
    if args.count == 5, args[1] == "=", args[3].lowercased() == "on" {
      return .value(key: first, value: args[2], node: args[4])
    }
    if args.count == 4, args[1].lowercased() == "missing", args[2].lowercased() == "on" {
      return .value(key: first, value: nil, node: args[3])
    }
    throw spec.error(
      "cannot read `expect \(args.joined(separator: " "))`; forms: \(forms.map { $0.dropFirst(7) }.joined(separator: " | "))"
    )
  }

  package static func comparison(_ word: String, _ spec: CommandSpec) throws(CommandError) -> Comparison {
    let w = word == "==" ? "=" : word
    guard let op = Comparison(rawValue: w) else {
      throw spec.error("'\(word)' is not a comparison; use =, !=, <, <=, > or >=")
    }
    return op
  }

  package static func number(_ word: String, _ spec: CommandSpec) throws(CommandError) -> Int {
    try Arguments.count(word, in: 0...1_000_000_000, what: "the expected number", spec)
  }
}
