import ReplLabKernel
import ReplLabModel

/// What the consensus regime did, for one line each of output (see `Explain.consensus`).
public enum ConsensusEvent: Sendable, Equatable {
  /// `node` heard from no primary for `silence`: it asks whether the others would vote for it in
  /// `term` without leaving its own term yet (a dry run).
  case dryRun(node: String, term: Int, silence: SimTime, again: Bool)
  /// A member would not vote for `candidate` in the dry run for `term`.
  case dryRunRefused(voter: String, candidate: String, term: Int, reason: DryRunRefusal)
  /// `node` heard from no leader for `silence` (its randomised election timeout): it stands in `term`.
  case candidate(node: String, term: Int, silence: SimTime, again: Bool)
  /// A member answered a vote request.
  case voted(voter: String, candidate: String, term: Int, reason: ControlEvent.VoteReason)
  /// A majority voted for `node`: it is primary in `term`.
  case elected(node: String, term: Int, votes: [String], members: Int)
  /// `node` saw `term` (newer than its own) in a message from `from` and adopted it; a leader steps
  /// down.
  case newerTerm(node: String, term: Int, from: String, wasLeader: Bool)
  /// Check-quorum: the leader heard from too few members within an election timeout and steps down.
  case lostMajority(node: String, heard: [String], needed: Int, within: SimTime)
  /// A member that acted as primary hears the leader of a newer term and follows it.
  case followsNewLeader(node: String, leader: String, term: Int)
  /// `node` has priority 0: it never stands.
  case neverStands(node: String)
}

/// Why a member would not vote for a candidate in a dry run.
public enum DryRunRefusal: Sendable, Equatable {
  /// It heard from the primary `leader` within an election timeout: the primary is alive.
  case hearsPrimary(String)
  /// Its own term is already as new as the one proposed.
  case staleTerm(mine: Int)
  /// Its own last entry is newer.
  case myLogIsNewer(mine: Int, theirs: Int, myTerm: Int, theirTerm: Int)
}

extension ConsensusEvent: ControlNotice {}
