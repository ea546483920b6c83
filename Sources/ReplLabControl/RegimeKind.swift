import ReplLabKernel
import ReplLabModel

/// Which failover regime runs the cluster now (`manager orchestrator|consensus`). Each kind is one
/// type conforming to `FailoverRegime`, whose state `ControlPlane` keeps beside the others; only the
/// active one hears its timers and messages.
public enum RegimeKind: String, Sendable, CaseIterable, Equatable {
  /// One outside process, `orch`, watches heartbeats and fails over (or a human with `promote`).
  case orchestrator
  /// The data nodes elect among themselves: terms, votes, majority commit (Raft, MongoDB).
  case consensus
  /// A leader key with a TTL in a configuration store, renewed by the leader (Patroni on etcd).
  case lease
}
