import ReplLabKernel
import ReplLabModel

/// A control-plane timer in the event queue. Each carries a generation, so a timer made stale by
/// newer news (a heartbeat that arrived, an election that moved on) is recognised and ignored.
package enum ControlTimer: Sendable {
  /// Every node sends a heartbeat to the orchestrator.
  case heartbeatTick
  /// The failure detector's verdict on `node` falls due unless a newer heartbeat arrived.
  case detectorDeadline(node: String, generation: Int)
  /// Bully: no node with a higher id answered in time.
  case bullyAnswerTimeout(node: String, generation: Int)
  /// Bully: a higher node answered but never announced itself coordinator.
  case bullyCoordinatorTimeout(node: String, generation: Int)
  /// Raft: the randomized election timeout.
  case raftElectionTimeout(node: String, generation: Int)
  /// After a heal, the orchestrator retries a failover that could not finish.
  case retryFailover
  /// The orchestrator gives up on a failover that has not finished.
  case failoverDeadline(run: Int)
  /// Sentinel: the next step of failover `run` falls due.
  case sentinelStep(run: Int, step: SentinelStep)
}

extension ControlTimer: ControlTimerPayload {}
