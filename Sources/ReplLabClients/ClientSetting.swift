import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// One setting of `client NAME SETTING...`, as parsed; the interpreter checks node names when it runs.
public enum ClientSetting: Sendable, Equatable {
  /// `reads master|random|round-robin|sticky [NODE]`.
  case reads(ReadPolicy, node: String?)
  /// `read-your-writes|monotonic-reads|consistent-prefix FIX`; `sticky` may name its replica.
  case fix(Guarantee, Fix, node: String?)
  /// `timeout DURATION`: how long a waiting fix waits before the read gives up.
  case timeout(SimTime)
  /// `warnings on|off`: whether the lab says so when one of this client's reads breaks a guarantee.
  case warnings(Bool)
}

/// What `as NAME ...` runs: the client operations.
public enum ClientCommand: Sendable, Equatable {
  case set(key: String, value: String)
  case del(key: String)
  case get(key: String, from: String?)

  /// The key the operation touches.
  public var key: String {
    switch self {
    case .set(let key, _), .del(let key), .get(let key, _): key
    }
  }
}
