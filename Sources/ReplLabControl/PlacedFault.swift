import ReplLabKernel
import ReplLabModel

/// One fault that `explore` places at a moment of a scenario: a crash; a partition that cuts a node
/// off from everything else, for a window or until the scenario's recovery heals it; or the loss or
/// reordering of the next message the network delivers.
public enum PlacedFault: Sendable, Equatable {
  case crash(Target, CrashKind)
  /// `window` nil: cut off until `heal`.
  case partition(Target, window: SimTime?)
  case message(MessageFault)

  /// Which node the fault hits: a named node, or whichever node is master at that moment.
  public enum Target: Sendable, Equatable {
    case master
    case node(String)
  }

  /// The node it hits; nil for a message fault.
  public var target: Target? {
    switch self {
    case .crash(let t, _), .partition(let t, _): t
    case .message: nil
    }
  }
}

/// A fault placed with `after N events` hit, inside whatever command was running.
public struct PlacedFaultHit: ControlNotice, Sendable {
  public let fault: PlacedFault
  public let moment: FaultMoment
}

/// What the cluster looked like at the instant a placed fault hit it: enough to say in one sentence
/// where the fault fell ("after db1 acknowledged seq 3 and before db2 received it").
public struct FaultMoment: Sendable, Equatable {
  /// The node the fault hit; nil when it hit nothing (the master was wanted and there was none, or
  /// the node was already down).
  public let node: String?
  /// Whether that node was the master the client wrote to.
  public let wasMaster: Bool
  public let time: SimTime
  /// The master at that moment and the last seq it had logged.
  public let master: String?
  public let masterLastSeq: Int
  /// The highest seq the master had acknowledged to a client (everything it logged but the writes
  /// still waiting for replicas).
  public let acknowledged: Int
  /// The last seq each other live node had received, in display order.
  public let received: [Received]
  /// Whether the fault was a message fault, armed at this moment to hit the next message.
  public var isMessageFault = false
  /// A message fault: the message it hit, once it hit (the moment is taken when it is armed).
  public internal(set) var message: MessageFaultHit?

  public struct Received: Sendable, Equatable {
    public let node: String
    public let seq: Int
  }
}
