import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// A session guarantee a client can ask for: what its reads promise about the writes it has made or
/// seen, on top of a single-leader cluster whose replicas lag.
public enum Guarantee: String, Sendable, CaseIterable {
  /// A client's reads show the writes it made itself (DDIA's read-after-write consistency).
  case readYourWrites = "read-your-writes"
  /// A client never reads an older version of a key after it has read a newer one.
  case monotonicReads = "monotonic-reads"
  /// A client that has seen a write never reads a state missing a write that came before it.
  case consistentPrefix = "consistent-prefix"

  /// The name in a sentence: `monotonic reads`, `consistent prefix reads`.
  public var title: String {
    switch self {
    case .readYourWrites: "read-your-writes"
    case .monotonicReads: "monotonic reads"
    case .consistentPrefix: "consistent prefix reads"
    }
  }

  /// The promise, in one phrase.
  public var promise: String {
    switch self {
    case .readYourWrites: "a client sees its own writes"
    case .monotonicReads: "a client never sees a key go back to an older value"
    case .consistentPrefix: "a client never sees a write without the writes that came before it"
    }
  }

  /// The ways the lab can keep this guarantee, in the order `help` lists them.
  public var fixes: [Fix.Kind] {
    switch self {
    case .readYourWrites: [.master, .window, .wait]
    case .monotonicReads: [.sticky, .wait, .refuse]
    case .consistentPrefix: [.sticky, .wait]
    }
  }
}

/// How a client keeps one guarantee: a client setting such as `read-your-writes wait`.
public enum Fix: Sendable, Equatable {
  case off
  /// Read-your-writes: keys the client has written are read from the master.
  case master
  /// Read-your-writes: for this long after the client's last write, every read goes to the master.
  case window(SimTime)
  /// Monotonic reads, consistent prefix: every read goes to one replica, which applies the log in order.
  case sticky
  /// Wait until the replica has applied the client's token (a causal token, like a GTID set).
  case wait
  /// Monotonic reads: a replica behind the client's token refuses, and another node answers.
  case refuse

  /// The word that names a fix on the command line.
  public enum Kind: String, Sendable, CaseIterable {
    case off, master, window, sticky, wait, refuse
  }

  public var kind: Kind {
    switch self {
    case .off: .off
    case .master: .master
    case .window: .window
    case .sticky: .sticky
    case .wait: .wait
    case .refuse: .refuse
    }
  }

  /// `window 2 s`, `wait`: the setting as `clients` shows it.
  public var text: String {
    if case .window(let ms) = self { return "window \(ms.durationText)" }
    return kind.rawValue
  }
}
