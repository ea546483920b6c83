import ReplLabKernel
import ReplLabModel

/// A control-plane message: what the orchestrator, the nodes and the client say to each other about
/// who is alive and who is master. They travel on the simulated network like replication does, so a
/// partition or a slow link delays or loses them too.
public enum ControlMessage: Sendable, Equatable {
  /// Node to orchestrator, every heartbeat interval: "I am alive", with the role, epoch, master and
  /// log position the node believes in (what orchestrator learns by polling each server).
  case heartbeat(epoch: Int, isMaster: Bool, master: String?, lastSeq: Int)
  /// Orchestrator to a node that still acts as master in an older epoch (fencing): step down and
  /// follow `master`.
  case stepDown(master: String, epoch: Int)
  /// Orchestrator to the replica it chose (most-up-to-date): take over as master.
  case promote
  /// New master to orchestrator: "I took over in `epoch`."
  case promoted(epoch: Int)
  /// Orchestrator to a replica: follow `master` from now on.
  case follow(master: String, epoch: Int)
  /// Orchestrator to the client (or the proxy in front of the cluster): writes go to `master` now.
  case announce(master: String, epoch: Int)
  /// Orchestrator to the replicas: the master is dead, elect a new one with `method`.
  case callElection(ElectionMethod)
  /// Bully: "I am holding an election" (to every node with a higher id).
  case election
  /// Bully: "OK, I am alive and higher than you; I take it from here."
  case answer
  /// Bully: "I won; I am the master in `epoch`."
  case coordinator(epoch: Int)
  /// Raft: before standing, a node asks whether the others would vote for it in `term` (pre-vote).
  case preVote(term: Int, lastEpoch: Int, lastSeq: Int)
  /// Raft: the answer to a pre-vote.
  case preVoteReply(term: Int, granted: Bool)
  /// Raft: a candidate asks for a vote in `term`, showing how up to date its log is.
  case requestVote(term: Int, lastEpoch: Int, lastSeq: Int)
  /// Raft: the answer to a vote request.
  case vote(term: Int, granted: Bool)
  /// Raft: the winner's first AppendEntries, which tells every node who leads `term`.
  case leader(term: Int)
  /// A killed node's kernel closes its connection to the watcher (Sentinel notices at once).
  case connectionClosed
}

extension ControlMessage: ControlSignal {
  /// Heartbeats never stop coming, so they are not work in flight; everything else is.
  public var isWork: Bool {
    if case .heartbeat = self { return false }
    return true
  }
}
