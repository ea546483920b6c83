import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// What `as NAME set|del` did: the write, and the operation the history recorded.
public struct ClientWriteOutcome: Sendable {
  public let client: String
  public let write: WriteOutcome
  public let operation: ClientOperation
}

/// What `as NAME get` did: how the read was routed, whether it waited, what it returned, and which
/// guarantees it broke.
public struct ClientReadOutcome: Sendable {
  public let client: String
  /// Why the read went where it went, when a policy or a fix decided it, in the order they acted.
  public let notes: [RouteNote]
  public let wait: WaitReport?
  /// The answer; nil when the read gave up waiting or its node crashed.
  public let read: ReadOutcome?
  public let operation: ClientOperation
  public let violations: [Violation]
  /// Whether the client wants to hear about broken guarantees.
  public let warnings: Bool
}

/// One routing decision worth a sentence.
public enum RouteNote: Sendable, Equatable {
  /// No replica was up, so the read went to the master.
  case noLiveReplica
  /// The sticky replica could not serve (down, gone, promoted), so the client now sticks to `to`.
  /// `onlyChoice`: `to` was the only live replica; otherwise a hash of the client's name picked it.
  /// `seen`: how far the client had read (0: nothing yet, so the move cannot send it back).
  case stickyMoved(from: String, to: String, why: NotServing, onlyChoice: Bool, seen: Int, keepsGuarantee: Guarantee?)
  /// Read-your-writes sent the read to the master: the client wrote this key.
  case writtenKey(master: String)
  /// Read-your-writes sent the read to the master: the client wrote `since` ms ago, within its window.
  case window(master: String, since: SimTime, window: SimTime)
  /// Monotonic reads: `by` was behind the client's position, so `answeredBy` took the read.
  case refused(by: String, applied: Int, position: Int, answeredBy: String?)
}

/// A read that waited for a replica to apply a token.
public struct WaitReport: Sendable, Equatable {
  public let node: String
  public let seq: Int
  /// The guarantee whose token it waited for.
  public let guarantee: Guarantee
  /// Why the token is what it is: a fix's own token, or a sticky fix carrying the client's position.
  public let viaSticky: Bool
  public let waited: SimTime
  public let result: Result

  public enum Result: Sendable, Equatable {
    case reached
    /// Gave up after the client's timeout; the node had applied up to `applied`.
    case timedOut(applied: Int)
    /// The node crashed while the client waited.
    case nodeDown
  }
}

/// What `client NAME ...` did.
public struct ClientConfigOutcome: Sendable {
  public let session: ClientSession
  public let created: Bool
  public let changes: [ClientChange]
}

/// One setting that changed.
public enum ClientChange: Sendable, Equatable {
  /// `hashed`: the lab picked the sticky replica from a hash of the client's name.
  case reads(ReadPolicy, sticky: String?, hashed: Bool)
  case fix(Guarantee, Fix, sticky: String?, hashed: Bool)
  /// Reads no longer stick to one replica, so these sticky fixes are off.
  case stickyFixesOff([Guarantee])
  case timeout(SimTime)
  case warnings(Bool)
}
