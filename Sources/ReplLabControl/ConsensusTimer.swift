import ReplLabKernel
import ReplLabModel

/// A consensus-regime timer in the event queue. Each carries a generation, so a timer made stale
/// by newer news (a heartbeat from the leader, a vote granted) is recognised and ignored.
package enum ConsensusTimer: Sendable {
  /// A node's randomised election timeout: no word from a leader for that long, so it stands.
  case electionTimeout(node: String, generation: Int)
  /// The leader sends its heartbeat (an empty AppendEntries) to every member.
  case heartbeat(node: String, generation: Int)
}

extension ConsensusTimer: ControlTimerPayload {}
