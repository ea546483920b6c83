import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// The sentence for one event of the consensus regime.
  package static func consensus(_ e: ConsensusEvent, in cluster: Cluster) -> String {
    switch e {
    case .dryRun(let node, let term, let silence, let again):
      return again
        ? "\(node) still has no primary and no majority; after \(silence.durationText) more it tries again for term \(term)."
        : "\(node) heard from no primary for \(silence.durationText) (its election timeout): it asks the others whether they would vote for it in term \(term) (a dry run, as MongoDB does first)."
    case .dryRunRefused(let voter, let candidate, let term, let reason):
      switch reason {
      case .hearsPrimary(let leader):
        return leader == voter
          ? "\(voter) would not vote for \(candidate) in term \(term): \(voter) is the primary."
          : "\(voter) would not vote for \(candidate) in term \(term): it still hears the primary \(leader)."
      case .staleTerm(let mine):
        return "\(voter) would not vote for \(candidate) in term \(term): its own term is already \(mine)."
      case .myLogIsNewer(let mine, let theirs, let myTerm, let theirTerm):
        return
          "\(voter) would not vote for \(candidate) in term \(term): its own log is more up to date (\(logComparison(voter, candidate, mine, theirs, myTerm, theirTerm)))."
      }
    case .candidate(let node, let term, _, _):
      return
        "\(node) would get a majority: it stands in term \(term), votes for itself and asks the others for their votes."
    case .voted(let voter, let candidate, let term, let reason):
      switch reason {
      case .granted:
        return "\(voter) votes for \(candidate) in term \(term): its last entry is as recent as \(voter)'s or more."
      case .staleTerm(let mine):
        return "\(voter) refuses \(candidate): term \(term) is older than its own term \(mine)."
      case .alreadyVoted(let other):
        return "\(voter) refuses \(candidate): it already voted for \(other) in term \(term)."
      case .myLogIsNewer(let mine, let theirs, let myTerm, let theirTerm):
        return
          "\(voter) refuses \(candidate) in term \(term): its own log is more up to date (\(logComparison(voter, candidate, mine, theirs, myTerm, theirTerm)))."
      }
    case .elected(let node, let term, let votes, let members):
      return
        "\(node) is elected primary for term \(term) with \(votes.count) of \(members) votes (\(list(votes))); a majority is \(members / 2 + 1)."
    case .newerTerm(let node, let term, let from, let wasLeader):
      return wasLeader
        ? "\(node) hears of term \(term) from \(from), newer than its own: it steps down and refuses writes."
        : "\(node) hears of term \(term) from \(from) and adopts it."
    case .lostMajority(let node, let heard, let needed, let within):
      let others = heard.filter { $0 != node }
      if others.isEmpty {
        return
          "\(node) has heard from no other member in the last \(within.durationText) and a majority is \(needed): it steps down and refuses writes (check-quorum)."
      }
      return
        "\(node) has heard from only \(list(heard)) in the last \(within.durationText), fewer than a majority (\(needed)): it steps down and refuses writes (check-quorum)."
    case .followsNewLeader(let node, let leader, let term):
      return "\(node) hears from \(leader), primary in term \(term): it steps down and follows it."
    case .neverStands(let node):
      return "\(node) has priority 0: it never stands for election."
    }
  }

  /// Why one log is more up to date than another: the last entry's term first, then its index.
  static func logComparison(
    _ voter: String, _ candidate: String, _ mine: Int, _ theirs: Int, _ myTerm: Int, _ theirTerm: Int
  ) -> String {
    myTerm == theirTerm
      ? "both end in term \(myTerm), and \(voter) has seq \(mine) against seq \(theirs)"
      : "\(voter)'s last entry is from term \(myTerm), \(candidate)'s from term \(theirTerm)"
  }
}
