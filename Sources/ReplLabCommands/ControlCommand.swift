import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// A parsed failure-detection, failover or network-fault command (the `control` case of `Command`).
public enum ControlCommand: Sendable, Equatable {
  case failover(FailoverMode)
  case manager(RegimeKind)
  case writeConcern(WriteConcern)
  case election(ElectionMethod)
  case compareElections
  case detector(FailureDetector)
  case heartbeatInterval(SimTime)
  case heartbeats
  /// `step-down on|off`; `spelledFencing` when written `fencing on|off`, its old name.
  case stepDown(Bool, spelledFencing: Bool)
  /// `fencing stonith|none`.
  case stonith(Bool)
  /// `patroni SETTING VALUE`.
  case patroni(PatroniSettings.Name, PatroniValue)
  case replicaPriority(String, Int)
  case recoveryBlock(SimTime)
  case proxy(Bool)
  case partition([String], from: [String]?, for: SimTime? = nil)
  case heal
  case loss(Double)
  case jitter(SimTime)
  case demote(String)
  /// `force`: `--force` was given, to replace the SVG file if it exists.
  case timeline(TimelineRange, svg: String?, force: Bool = false)
}

/// Which part of the timeline to show.
public enum TimelineRange: Sendable, Equatable {
  /// The newest rows (the default is the last 40).
  case last(Int)
  /// Everything from this time on.
  case since(SimTime)
}

/// A value for `patroni SETTING VALUE`.
public enum PatroniValue: Sendable, Equatable {
  case seconds(Int)
  case count(Int)
  case flag(Bool)
}
