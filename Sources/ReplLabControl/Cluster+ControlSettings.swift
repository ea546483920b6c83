import ReplLabKernel
import ReplLabModel

extension Cluster {
  /// `manager orchestrator|consensus`: the regime that decides who is master from now on. The
  /// current master stays master; the client keeps the master it knew.
  public mutating func setManager(_ kind: RegimeKind) {
    control.switchRegime(to: kind, in: &data)
  }

  public mutating func setFailoverMode(_ mode: FailoverMode) {
    control.failover = mode
  }

  /// Sentinel counts silence from the first unanswered PING, the others from the last heartbeat:
  /// switching to or from it moves every pending verdict.
  public mutating func setElectionMethod(_ method: ElectionMethod) {
    let recount = (method == .sentinel) != (control.method == .sentinel)
    control.method = method
    if recount { control.rescheduleVerdicts(in: &data) }
  }

  /// A new detector judges every node from its last heartbeat on.
  public mutating func setDetector(_ d: FailureDetector) {
    control.detector = d
    control.rescheduleVerdicts(in: &data)
  }

  public mutating func setHeartbeatInterval(_ ms: SimTime) {
    control.heartbeatInterval = ms
  }

  /// `step-down on|off`.
  public mutating func setStepDown(_ on: Bool) {
    control.stepsDown = on
  }

  /// `fencing stonith|none`.
  public mutating func setStonith(_ on: Bool) {
    control.stonith = on
  }

  public mutating func setRecoveryBlock(_ ms: SimTime) {
    control.recoveryBlock = ms
  }

  public mutating func setPriority(_ p: Int, for name: String) throws(ClusterError) {
    guard data.nodes.contains(name) else { throw .unknownNode(name, known: data.nodeNames) }
    control.priorities[name] = p == ControlPlane.defaultPriority ? nil : p
    // The consensus regime reads only whether a member may stand (priority 0 never does).
    control.consensus.priorities[name] = p == 0 ? 0 : nil
  }
}
