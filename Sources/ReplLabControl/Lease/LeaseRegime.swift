import ReplLabKernel
import ReplLabModel

/// The lease regime (Patroni with a configuration store): a Patroni agent beside every node runs
/// its HA loop every loop_wait. The leader renews the leader key in the store (an etcd-like
/// endpoint, `etcd`), whose lease lasts ttl; a leader that cannot renew within retry_timeout
/// demotes itself to read-only, before the key can expire. When the key expires, a replica that is
/// close enough to the leader's last recorded position and the most advanced one takes it and
/// promotes; the others follow the key's holder. No outside process decides anything.
///
/// The store is one member that never crashes: a partition can cut nodes off from it, which is
/// what the lease is about. (A real etcd is itself a Raft group of three or five members.)
public struct LeaseRegime: Sendable {
  public static let endpoints: [String] = [LeaseStore.name, Router.clientName]
  /// How often an agent resends a store request that got no answer, until retry_timeout.
  public static let retryInterval: SimTime = 2000

  /// Where the client's connection (HAProxy checking each agent's /primary) sends writes.
  public internal(set) var router = Router()
  public internal(set) var settings = PatroniSettings()
  public internal(set) var store = LeaseStore()
  package var agents: [String: Agent] = [:]

  /// One Patroni agent's state.
  package struct Agent: Sendable {
    package var generation = 0
    package var nextLoop = 1
    /// The store request in flight: its loop number, when it was first sent, the incarnation of the
    /// node that sent it, and whether it renews (the leader) or acquires the key.
    package var pending: Pending?
    /// The reason this node last declined to take the key, so it is said once.
    package var declined: LeaseEvent.DeclineReason?
  }

  package struct Pending: Sendable {
    package let loop: Int
    package let since: SimTime
    package let incarnation: Int
    package let kind: Kind
    package enum Kind: Sendable {
      case loop(renew: Bool)
      case acquire
    }
  }

  public init() {}
}

extension LeaseRegime: FailoverRegime {
  public mutating func start(in data: inout DataPlane) {
    // The cluster was bootstrapped with its master holding the key.
    router.master = data.masterName
    if let m = data.masterName {
      store.leader = LeaseStore.LeaderKey(
        holder: m, expiresAt: data.now + settings.ttl, renewedAt: data.now, revision: store.nextRevision)
      store.nextRevision += 1
      data.schedule(.control(LeaseTimer.keyExpiry(revision: store.leader!.revision)), at: store.leader!.expiresAt)
    }
    for name in data.nodeNames { scheduleLoop(name, at: data.now, in: &data) }
  }

  public mutating func fire(_ timer: any ControlTimerPayload, in data: inout DataPlane) {
    guard let t = timer as? LeaseTimer else { preconditionFailure("not the lease regime's timer: \(timer)") }
    switch t {
    case .loop(let node, let generation): runLoop(node, generation: generation, in: &data)
    case .retry(let node, let loop): retry(node, loop: loop, in: &data)
    case .keyExpiry(let revision): keyExpires(revision: revision, in: &data)
    }
  }

  public mutating func deliver(_ signal: any ControlSignal, from: String, to: String, in data: inout DataPlane) {
    guard let s = signal as? LeaseSignal else { preconditionFailure("not the lease regime's message: \(signal)") }
    switch s {
    case .loop(let loop, let position, let lastEpoch, let renew, let sync):
      storeLoop(from: from, loop: loop, position: position, lastEpoch: lastEpoch, renew: renew, sync: sync, in: &data)
    case .acquire(let loop, let position, let lastEpoch):
      storeAcquire(from: from, loop: loop, position: position, lastEpoch: lastEpoch, in: &data)
    case .state(let loop, let holder, _, let leaderPosition, let sync, let positions):
      agentLearns(
        to, loop: loop, holder: holder, leaderPosition: leaderPosition, sync: sync, positions: positions, in: &data)
    case .keyChanged:
      watchFired(at: to, in: &data)
    }
  }

  public mutating func nodeCrashed(_ name: String, in data: DataPlane) {
    agents[name]?.pending = nil
  }

  /// The agents notice at their next loop; nobody announces anything.
  public mutating func networkHealed(in data: inout DataPlane) -> Bool { false }

  /// Another regime takes over: every loop and request in flight is forgotten.
  public mutating func stop(in data: inout DataPlane) {
    for name in agents.keys {
      agents[name]!.generation += 1
      agents[name]!.pending = nil
      agents[name]!.declined = nil
    }
  }

  /// A restarted former leader rejoins whoever holds the key, as Patroni starts PostgreSQL as a
  /// replica and lets the HA loop decide.
  public var fencesReturningMasters: Bool { true }

  /// The client's connection goes where HAProxy last found a primary (it asks each Patroni agent's
  /// REST API for /primary): the node that took the key, from the moment it promotes.
  public func clientMaster(in data: DataPlane) -> String? { router.master ?? data.masterName }
}
