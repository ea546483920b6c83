import ReplLabKernel

/// How the master writes changes into its log (MySQL's binlog_format).
public enum LogFormat: String, Sendable, CaseIterable {
  /// Ship the statement; replicas run it again. Compact, but a statement whose result depends on
  /// where or when it runs (`uuid()`, `sysdate()`) gives replicas other values. `rand()` is flagged
  /// unsafe too, but MySQL logs its seed, so replicas draw the same number.
  case statement
  /// Ship the resulting row image (the value the master stored): replicas copy it exactly. MySQL's default.
  case row
  /// Ship statements, except unsafe ones, which go as rows (MySQL's MIXED).
  case mixed
}

/// The value side of a write as the learner typed it: a literal or a function the master evaluates.
public enum Expression: Sendable, Equatable {
  case literal(String)
  /// The statement's timestamp: the log carries the master's, so replicas agree (MySQL's SET TIMESTAMP).
  case now
  /// The time at which the statement runs: on a replica, later than on the master.
  case sysdate
  case rand
  case uuid
  /// `incr KEY`: the current value plus one; replicas add one to their own value.
  case increment

  /// Parses a value word: `now()`, `sysdate()`, `rand()`, `uuid()` (any case) are functions.
  public init(value: String) {
    // Every function ends in ")": other values need no lowercasing.
    guard value.utf8.last == UInt8(ascii: ")") else {
      self = .literal(value)
      return
    }
    switch value.lowercased() {
    case "now()": self = .now
    case "sysdate()": self = .sysdate
    case "rand()": self = .rand
    case "uuid()": self = .uuid
    default: self = .literal(value)
    }
  }

  /// Unsafe for statement-based replication: the same statement gives another result elsewhere.
  public var isUnsafe: Bool {
    switch self {
    case .rand, .uuid, .sysdate: true
    case .literal, .now, .increment: false
    }
  }

  /// How the statement reads in the log.
  public func text(key: String) -> String {
    switch self {
    case .literal(let v): "set \(key) \(v.contains(" ") ? "\"\(v)\"" : v)"
    case .now: "set \(key) now()"
    case .sysdate: "set \(key) sysdate()"
    case .rand: "set \(key) rand()"
    case .uuid: "set \(key) uuid()"
    case .increment: "incr \(key)"
    }
  }
}

extension SimTime {
  /// A wall-clock-looking timestamp for `now()` and `sysdate()`: the lab's clock starts at 09:00:00.000.
  public var clockText: String {
    let t = self + 9 * 3_600_000
    func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let ms = t % 1000
    let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
    return "\(two(t / 3_600_000 % 24)):\(two(t / 60_000 % 60)):\(two(t / 1000 % 60)).\(msText)"
  }
}
