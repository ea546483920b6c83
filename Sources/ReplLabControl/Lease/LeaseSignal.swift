import ReplLabKernel
import ReplLabModel

/// What the Patroni agents and the store say to each other. Each travels on the simulated network,
/// so a partition between a node and the store is what the lease is about.
public enum LeaseSignal: Sendable, Equatable {
  /// Agent to store, each loop: the member's position; the leader also renews its key (a
  /// compare-and-set on its own name) and records its position as /optime/leader.
  case loop(loop: Int, position: Int, lastEpoch: Int, renew: Bool, syncStandby: String?)
  /// Store to agent: the answer to `loop` or `acquire`: who holds the key (after the request was
  /// applied), until when, and what the store knows of the members.
  case state(
    loop: Int, holder: String?, expiresAt: SimTime?, leaderPosition: Int, syncStandby: String?,
    positions: [String: Int])
  /// Replica to store: create the leader key if there is none (etcd's prevExist=false).
  case acquire(loop: Int, position: Int, lastEpoch: Int)
  /// Store to every member it can reach: the leader key changed or expired (a watch firing).
  case keyChanged
}

extension LeaseSignal: ControlSignal {
  /// The agents never stop looping, so their messages are not work `settle` waits for.
  public var isWork: Bool { false }
}

/// The lease regime's timers.
package enum LeaseTimer: Sendable {
  /// An agent's HA loop runs (every loop_wait, or at once when a watch fires).
  case loop(node: String, generation: Int)
  /// An agent has retried its store request for a while: resend, or give up after retry_timeout.
  case retry(node: String, loop: Int)
  /// The leader key's lease runs out unless it was renewed since (`revision`).
  case keyExpiry(revision: Int)
}

extension LeaseTimer: ControlTimerPayload {}
