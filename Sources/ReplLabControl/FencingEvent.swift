import ReplLabKernel
import ReplLabModel

/// What a fencing mechanism did, for one line each of output (see `Explain.fencing`): kept apart
/// from `ControlEvent` because fencing is not one regime's business.
public enum FencingEvent: Sendable, Equatable {
  /// STONITH: the failover manager cut `node`'s power before promoting; `wasRunning` false when it
  /// had crashed already (it is kept off all the same).
  case poweredOff(node: String, by: String, wasRunning: Bool)
}

extension FencingEvent: ControlNotice {}
