import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `heartbeats`: what the orchestrator hears from each node, and how close each is to being
/// suspected.
public enum HeartbeatView {
  public static func render(_ c: Cluster) -> String {
    let o = c.control.orchestrator
    var lines = [
      "\(ControlPlane.orchestratorName) hears a heartbeat from each node every \(c.control.heartbeatInterval.durationText); detector \(c.control.detector.description); failover \(c.control.failover.rawValue)."
    ]
    var phiDetector: PhiAccrualDetector?
    if case .phiAccrual(let d) = c.control.detector { phiDetector = d }
    var header = ["node", "role", "really", "last heard", "silent for", "mean", "std dev"]
    if phiDetector != nil { header.append("phi") }
    header.append("verdict")
    var table = TextTable(header)
    for n in c.orderedNodes {
      guard let w = o.watches[n.name] else { continue }
      let silent = c.now - w.lastArrival
      var row = [
        n.name, Explain.role(of: n, in: c), really(n, in: c),
        w.heartbeats == 0 ? "none yet" : "t=\(w.lastArrival.secondsText)", silent.durationText,
        "\(SimTime(w.history.mean.rounded())) ms", "\(SimTime(w.history.standardDeviation.rounded())) ms",
      ]
      if let d = phiDetector { row.append(Explain.phi(d.phi(elapsed: silent, history: w.history))) }
      if let since = w.suspectedAt {
        row.append("suspected since t=\(since.secondsText)")
      } else {
        let at = w.lastArrival + c.control.detector.suspicionDelay(w.history)
        row.append("alive; suspect at t=\(max(at, c.now).secondsText)")
      }
      table.add(row)
    }
    lines.append(table.render())
    if phiDetector != nil {
      lines.append(
        "phi = -log10(P(next heartbeat still to come)), from a normal fit to the last \(HeartbeatHistory.maxSamples) intervals (std dev at least \(Int(PhiAccrualDetector.minStandardDeviation)) ms)."
      )
    }
    return lines.joined(separator: "\n")
  }

  /// The truth the orchestrator cannot see: down, cut off from it, or up.
  package static func really(_ n: Node, in c: Cluster) -> String {
    if !n.isUp { return "down" }
    if c.network.isCut(n.name, ControlPlane.orchestratorName) { return "cut off" }
    let latency = c.network.latency(from: n.name, to: ControlPlane.orchestratorName)
    return latency > Network.defaultLatency ? "slow" : "up"
  }
}
