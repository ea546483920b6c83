import ReplLabKernel
import ReplLabModel

/// How a cluster decides who is master when its master fails, and how clients learn it: an outside
/// manager that decides alone (orchestrator), watchers that vote (Sentinel), the data nodes electing
/// among themselves (Raft, MongoDB), a lease in a configuration store (Patroni). A `Cluster` is built
/// with one regime.
///
/// A regime sees the data plane only through its public state and named transitions (`takeOver`,
/// `follow`, `stepDown`, `demote`); its timers and messages travel through the data plane's queue and
/// network as opaque payloads, so partitions, loss and latency apply to them as to replication.
public protocol FailoverRegime: Sendable {
  /// Network endpoints the regime adds beside the nodes (an orchestrator, clients, a proxy). They
  /// never crash.
  static var endpoints: [String] { get }

  /// Starts the regime's timers and bookkeeping on a freshly built data plane.
  mutating func start(in data: inout DataPlane)

  /// One of the regime's timers came due.
  mutating func fire(_ timer: any ControlTimerPayload, in data: inout DataPlane)

  /// One of the regime's messages arrived at `to`.
  mutating func deliver(_ signal: any ControlSignal, from: String, to: String, in data: inout DataPlane)

  /// A node crashed (the regime may note when, to say later how long detection took).
  mutating func nodeCrashed(_ name: String, in data: DataPlane)

  /// The learner healed the network. Returns whether the regime told the client (or its proxy)
  /// where the master is again.
  mutating func networkHealed(in data: inout DataPlane) -> Bool

  /// Another regime takes over the cluster (`manager`): this one stops acting. Timers and messages
  /// of its still in the queue are dropped when they come due.
  mutating func stop(in data: inout DataPlane)

  /// Where the default client (or its proxy) believes the master is, as this regime tells it.
  var router: Router { get }

  /// A node crashed in the way `kind` says: a killed process's kernel closes its connections, which
  /// a regime whose watchers hold connections to the node notices at once.
  mutating func nodeCrashed(_ name: String, kind: CrashKind, in data: inout DataPlane)

  /// A node restarted (its watchers reconnect to it).
  mutating func nodeRestarted(_ name: String, in data: inout DataPlane)

  /// Whether a restarted former master learns of the newer epoch and rejoins as a replica (fencing
  /// by epochs), or resumes as master beside the new one.
  var fencesReturningMasters: Bool { get }

  /// The master the default client (or its proxy) was last told about: where its writes and plain
  /// reads go, which after a failover may not be the cluster's master yet.
  func clientMaster(in data: DataPlane) -> String?
}

extension FailoverRegime {
  /// By default a regime does not tell a process crash from a host crash.
  public mutating func nodeCrashed(_ name: String, kind: CrashKind, in data: inout DataPlane) {
    nodeCrashed(name, in: data)
  }

  /// By default a restart is noticed through the regime's own messages.
  public mutating func nodeRestarted(_ name: String, in data: inout DataPlane) {}

  /// Runs events in time order until `done` holds or the next event is later than `limit`: the data
  /// plane's own, and the regime's timers and messages as they come due. Returns whether `done`
  /// held. `regimeDone` is checked before each of the regime's events: its state changes only there.
  /// The loop is written against the protocol, so every regime runs the same way.
  package mutating func run(
    _ data: inout DataPlane, until limit: SimTime, stopWhen done: (DataPlane) -> Bool,
    regimeDone: (Self) -> Bool
  ) -> Bool {
    while true {
      if regimeDone(self) { return true }
      switch data.runUntilControl(until: limit, stopWhen: done) {
      case .done: return true
      case .limit, .paused: return false
      case .timer(let timer): fire(timer, in: &data)
      case .signal(let signal, let from, let to): deliver(signal, from: from, to: to, in: &data)
      }
    }
  }
}
