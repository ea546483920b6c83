import ReplLabKernel

/// A fault that hits a message rather than a node (`lose message`, `reorder messages`, `explore`):
/// armed, it waits for the next message the network delivers.
public enum MessageFault: Sendable, Equatable {
  /// The next message to arrive is lost on the way. A datagram (heartbeat, vote, announcement) is
  /// gone; a replication segment rides TCP, which sends it again after its retransmission timeout
  /// (200 ms), and the stream behind it waits for it.
  case lose
  /// The next message to arrive and another due at the same instant on another link arrive in the
  /// other order, which the network allows: only one link keeps its messages in order.
  case reorder
}

/// Where a message fault fell.
public struct MessageFaultHit: Sendable {
  public let fault: MessageFault
  /// When the message was due.
  public let time: SimTime
  /// The message hit: lost, or for a reorder the one that was due first and now arrives second.
  public let message: Message
  /// A reorder: the message that now arrives first; nil when none was due at that instant.
  public let overtaker: Message?
  /// A lost replication segment: when TCP's retransmission arrives.
  public let retransmittedAt: SimTime?
  /// Later messages on the same link that wait behind the retransmission.
  public let heldBack: Int
}

/// One event the loop ran while `DataPlane.probe` was on: a message that arrived, and whether
/// another was due at the same instant on another link (which a reorder could swap it with).
public struct DeliveryProbe: Sendable, Equatable {
  /// The event's number (`DataPlane.eventsRun` once it ran).
  public let event: Int
  public let reorderable: Bool
}

extension MessageFaultHit: Equatable {
  /// Two hits are the same when they hit the same messages (a message is its ends and its sending
  /// time: one link carries one message per instant) with the same effect.
  public static func == (a: MessageFaultHit, b: MessageFaultHit) -> Bool {
    func same(_ x: Message?, _ y: Message?) -> Bool {
      x?.from == y?.from && x?.to == y?.to && x?.sentAt == y?.sentAt
    }
    return a.fault == b.fault && a.time == b.time && same(a.message, b.message) && same(a.overtaker, b.overtaker)
      && a.retransmittedAt == b.retransmittedAt && a.heldBack == b.heldBack
  }
}
