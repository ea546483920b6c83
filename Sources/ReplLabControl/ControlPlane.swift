import ReplLabKernel
import ReplLabModel

/// The control plane's settings and state: the orchestrator and its failure detector, how elections
/// run, step-down and STONITH, where the client's writes go, and the timeline of what happened.
public struct ControlPlane: Sendable {
  /// The orchestrator's name on the network.
  public static let orchestratorName = "orch"
  /// Endpoints that are not database nodes.
  public static let endpoints: [String] = [orchestratorName, Router.clientName, Router.proxyName]
  /// Heartbeats every second, as Sentinel pings and Akka's heartbeat-interval.
  public static let defaultHeartbeatInterval: SimTime = 1000
  /// orchestrator's RecoveryPeriodBlockSeconds default: one hour.
  public static let defaultRecoveryBlock: SimTime = 3_600_000
  /// Redis's replica-priority default; lower is preferred, 0 means never promote.
  public static let defaultPriority = 100

  public internal(set) var failover: FailoverMode = .manual
  public internal(set) var method: ElectionMethod = .mostUpToDate
  public internal(set) var detector: FailureDetector = .timeout(TimeoutDetector())
  public internal(set) var heartbeatInterval: SimTime = defaultHeartbeatInterval
  /// Whether nodes honour epochs: a master that learns of a newer epoch steps down, and after the
  /// heal rolls back what the new master never had. Damage control, not fencing: it stops nothing
  /// while the old master cannot hear of the newer epoch.
  public internal(set) var stepsDown = true
  /// Whether the orchestrator powers the old master off (STONITH) before it promotes a replica.
  public internal(set) var stonith = false
  public internal(set) var recoveryBlock: SimTime = defaultRecoveryBlock
  public internal(set) var priorities: [String: Int] = [:]
  public internal(set) var orchestrator = Orchestrator()
  public internal(set) var router = Router()
  package var elections = ElectionState()

  public init() {}

  /// A node's replica-priority (lower is preferred; 0 never promoted).
  public func priority(of name: String) -> Int { priorities[name] ?? Self.defaultPriority }
}

/// The orchestrator regime: one outside process (`orch`) watches every node's heartbeats, decides
/// alone that a master is dead, and promotes (most-up-to-date) or has the replicas elect (bully,
/// raft-style); a human with `promote` is the manual form of the same regime.
extension ControlPlane: FailoverRegime {
  public mutating func start(in data: inout DataPlane) { startControlPlane(in: &data) }

  public mutating func fire(_ timer: any ControlTimerPayload, in data: inout DataPlane) {
    fireTimer(timer, in: &data)
  }

  public mutating func deliver(_ signal: any ControlSignal, from: String, to: String, in data: inout DataPlane) {
    deliverControl(signal, from: from, to: to, in: &data)
  }

  public mutating func nodeCrashed(_ name: String, in data: DataPlane) {
    orchestrator.crashedAt[name] = data.now
  }

  public var fencesReturningMasters: Bool { stepsDown }

  public func clientMaster(in data: DataPlane) -> String? { router.master ?? data.masterName }
}
