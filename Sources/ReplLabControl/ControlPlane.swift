import ReplLabKernel
import ReplLabModel

/// The control plane: which failover regime runs the cluster (`regime`), each regime's state, and
/// the settings they share (replica priorities, stepping down on a newer epoch). Its own stored
/// fields are the orchestrator regime's (the orchestrator, its failure detector, how it elects); every other
/// regime is one type conforming to `FailoverRegime` (`ConsensusGroup`), kept here as a field.
/// Timers and messages are dispatched by payload type to the regime that made them, and only the
/// active regime hears them: a stale one from a regime switched away from is dropped.
public struct ControlPlane: Sendable {
  /// The orchestrator's name on the network.
  public static let orchestratorName = "orch"
  /// Endpoints that are not database nodes.
  public static let endpoints: [String] = [orchestratorName, Router.clientName, Router.proxyName, LeaseStore.name]
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
  /// Where the orchestrator's announcements have sent the client.
  package var orchestratorRouter = Router()
  package var elections = ElectionState()
  /// The regime that decides who is master now.
  public internal(set) var regime: RegimeKind = .orchestrator
  /// The consensus regime's state (the replica set's terms, votes and leader).
  public internal(set) var consensus = ConsensusGroup()
  /// The lease regime's state (Patroni's agents, the store and its leader key).
  public internal(set) var lease = LeaseRegime()

  /// Where the default client (or its proxy) believes the master is, as the active regime told it.
  public internal(set) var router: Router {
    get {
      switch regime {
      case .orchestrator: orchestratorRouter
      case .consensus: consensus.router
      case .lease: lease.router
      }
    }
    set {
      switch regime {
      case .orchestrator: orchestratorRouter = newValue
      case .consensus: consensus.router = newValue
      case .lease: lease.router = newValue
      }
    }
  }
  /// What the Sentinels remember under `election sentinel`.
  package var sentinels = SentinelState()

  public init() {}

  /// A node's replica-priority (lower is preferred; 0 never promoted).
  public func priority(of name: String) -> Int { priorities[name] ?? Self.defaultPriority }
}
