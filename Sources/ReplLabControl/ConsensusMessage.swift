import ReplLabKernel
import ReplLabModel

/// What the members of a replica set (a Raft group) say to each other. Every message carries the
/// sender's term, and a receiver that sees a newer term adopts it before anything else.
public enum ConsensusMessage: Sendable, Equatable {
  /// Leader to member, every heartbeat interval: "I lead `term`" (Raft's empty AppendEntries,
  /// MongoDB's heartbeat from the primary).
  case heartbeat(term: Int)
  /// Member to leader: the answer to a heartbeat, so the leader knows whom it still reaches.
  case heartbeatReply(term: Int)
  /// A member whose election timeout fired asks whether the others would vote for it in `term`,
  /// before it changes its own term (MongoDB's dry-run election, Raft's pre-vote).
  case preVote(term: Int, lastTerm: Int, lastIndex: Int)
  /// The answer to a dry run, with the voter's own term.
  case preVoteReply(term: Int, granted: Bool)
  /// A candidate asks for a vote in `term`, showing the term and index of its last log entry.
  case requestVote(term: Int, lastTerm: Int, lastIndex: Int)
  /// The answer to a vote request.
  case vote(term: Int, granted: Bool)
  /// The primary to the client's driver (or the proxy): writes go to me now (what a MongoDB driver
  /// learns by monitoring the members).
  case primaryIs(term: Int)
}

extension ConsensusMessage: ControlSignal {
  /// Heartbeats and their replies never stop coming, so they are not work in flight.
  public var isWork: Bool {
    switch self {
    case .heartbeat, .heartbeatReply: false
    default: true
    }
  }
}
