import ReplLabKernel
import ReplLabModel

/// One node's part in a bully election.
package struct BullyState: Sendable {
  package var generation = 0
  /// Holding an election: sent ELECTION and waits for an OK.
  package var electing = false
  /// A higher node answered OK; now waiting for its COORDINATOR.
  package var answered = false
  package var restarts = 0
}

/// One node's part in a Raft-style election.
package struct RaftState: Sendable {
  package var generation = 0
  /// The election timeout last drawn.
  package var timeout: SimTime = 0
  /// Taking part in the election the orchestrator called.
  package var active = false
  /// The newest term it has seen in any message.
  package var term = 0
  /// The term this node stands in as candidate, if it does.
  package var candidateTerm: Int?
  package var votes: [String] = []
  /// Asking for pre-votes for the next term, with the nodes that would vote for it so far.
  package var preVotes: [String]?
  /// How many terms it has stood in without winning.
  package var rounds = 0
  /// Whom it voted for in each term: one vote per term.
  package var votedFor: [Int: String] = [:]
}

/// Election bookkeeping for every node.
package struct ElectionState: Sendable {
  /// How long a bully candidate waits for an OK from a higher node.
  package static let bullyAnswerTimeout: SimTime = 100
  /// How long it then waits for the COORDINATOR before starting over.
  package static let bullyCoordinatorTimeout: SimTime = 500
  /// Raft's randomized election timeout range (the paper's 150-300 ms).
  package static let raftTimeout: ClosedRange<SimTime> = 150...300

  package var bully: [String: BullyState] = [:]
  package var raft: [String: RaftState] = [:]

  /// Ends `name`'s part in any election; its timers still in the queue become stale.
  package mutating func clear(_ name: String) {
    if bully[name] != nil {
      bully[name]!.electing = false
      bully[name]!.answered = false
      bully[name]!.restarts = 0
      bully[name]!.generation += 1
    }
    if raft[name] != nil {
      raft[name]!.active = false
      raft[name]!.candidateTerm = nil
      raft[name]!.preVotes = nil
      raft[name]!.votes = []
      raft[name]!.rounds = 0
      raft[name]!.generation += 1
    }
  }

  /// Ends every election; timers still in the queue become stale.
  package mutating func reset() {
    for name in bully.keys.sorted() {
      bully[name]!.electing = false
      bully[name]!.answered = false
      bully[name]!.restarts = 0
      bully[name]!.generation += 1
    }
    for name in raft.keys.sorted() {
      raft[name]!.active = false
      raft[name]!.candidateTerm = nil
      raft[name]!.preVotes = nil
      raft[name]!.votes = []
      raft[name]!.rounds = 0
      raft[name]!.generation += 1
    }
  }
}
