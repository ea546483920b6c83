import ReplLabKernel
import ReplLabModel

extension ControlPlane {
  /// `fencing stonith`: before it promotes anyone, the orchestrator has the old master's power cut
  /// (a pre-failover hook calling the fence device, as orchestrator's PreFailoverProcesses or
  /// Pacemaker's stonith resource would). The device is out of band, so a partition that hides the
  /// old master from the orchestrator does not save it: once it is off, it cannot take a write,
  /// whatever its clients still believe.
  package mutating func fenceByStonith(_ old: String, in data: inout DataPlane) {
    guard data.nodes.contains(old) else { return }
    let wasRunning = data.powerOff(old)
    data.note(.control(FencingEvent.poweredOff(node: old, by: orchestratorName, wasRunning: wasRunning)))
  }
}
