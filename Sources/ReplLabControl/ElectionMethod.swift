import ReplLabKernel
import ReplLabModel

/// How a new master is chosen when the old one is declared dead.
public enum ElectionMethod: String, Sendable, CaseIterable, Equatable {
  /// The orchestrator picks: lowest replica-priority, then most of the log, then name (orchestrator,
  /// Redis Sentinel).
  case mostUpToDate = "most-up-to-date"
  /// Garcia-Molina's bully algorithm: the highest live id wins, however far behind it is.
  case bully
  /// Raft-style vote: terms, one vote per term, only for a log at least as up to date, majority wins.
  case raft
  /// Redis Sentinel: the Sentinels agree the master is down (ODOWN), elect a leader Sentinel in a new
  /// config epoch, and the leader promotes by replica-priority, replication offset, then run ID.
  case sentinel

  /// The methods `election compare` runs side by side: the ways the orchestrator regime can elect.
  public static let compared: [ElectionMethod] = [.mostUpToDate, .bully, .raft]

  /// A short phrase for sentences.
  public var phrase: String {
    switch self {
    case .mostUpToDate: "most-up-to-date (the orchestrator picks)"
    case .bully: "bully (highest live id wins)"
    case .raft: "raft-style vote (majority of votes)"
    case .sentinel: "Sentinel (a leader Sentinel, elected by the Sentinels, promotes)"
    }
  }
}

/// Whether the orchestrator fails over by itself or waits for an operator.
public enum FailoverMode: String, Sendable, CaseIterable, Equatable {
  /// Raise the alarm and wait for `promote` or `restart`.
  case manual
  /// Elect, promote, re-point replicas and announce the new master without waiting.
  case auto
}
