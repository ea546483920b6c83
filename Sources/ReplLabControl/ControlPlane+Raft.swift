import ReplLabKernel
import ReplLabModel

/// A Raft-style election (Ongaro and Ousterhout, section 5.2 and 5.4.1). Each replica waits a
/// randomized election timeout; the first to time out becomes candidate for the next term, votes for
/// itself and asks every other node for its vote. A node votes at most once per term, and only for a
/// candidate whose log is at least as up to date as its own (newer last epoch, or the same epoch and
/// at least as long). A candidate needs a majority of the whole cluster, so a minority partition can
/// never elect. Any message with a newer term makes the receiver adopt it (a candidate of an older
/// term goes back to waiting), so the next candidate stands in a term after every term it has seen;
/// a candidate that has not won by its next timeout stands again, until one wins or the
/// orchestrator's failover deadline passes. The term becomes the new master's epoch.
extension ControlPlane {
  /// Votes needed to win: a majority of every node in the cluster, up or down.
  package static func majority(of data: DataPlane) -> Int { data.nodeNames.count / 2 + 1 }

  /// The term a node is in: the newest of its epoch and any term it has seen in a message, voted or
  /// stood in.
  package func raftTerm(_ name: String, in data: inout DataPlane) -> Int {
    max(data.nodes[name]?.epoch ?? 0, elections.raft[name]?.term ?? 0, elections.raft[name]?.votedFor.keys.max() ?? 0)
  }

  /// A message carried a newer term: the receiver adopts it, and a candidate of an older term stops
  /// standing (it will stand again, in a later term, when its timeout fires).
  package mutating func adoptRaftTerm(_ term: Int, at name: String, in data: inout DataPlane) {
    guard term > raftTerm(name, in: &data) else { return }
    elections.raft[name, default: RaftState()].term = term
    elections.raft[name]!.candidateTerm = nil
    elections.raft[name]!.preVotes = nil
    elections.raft[name]!.votes = []
  }

  /// Epoch and position of a node's last log entry: what RequestVote compares.
  package func lastEntry(_ name: String, in data: inout DataPlane) -> (epoch: Int, seq: Int) {
    guard let log = data.nodes[name]?.log else { return (0, 0) }
    return (log.epoch(at: log.lastSeq) ?? 0, log.lastSeq)
  }

  package mutating func joinRaft(_ name: String, in data: inout DataPlane) {
    var s = elections.raft[name] ?? RaftState()
    s.active = true
    s.rounds = 0
    s.candidateTerm = nil
    s.votes = []
    elections.raft[name] = s
    startRaftTimer(name, in: &data)
  }

  /// Draws a fresh randomized election timeout from the seeded generator.
  @discardableResult
  package mutating func startRaftTimer(_ name: String, in data: inout DataPlane) -> SimTime {
    let timeout = data.randomDelay(in: ElectionState.raftTimeout)
    elections.raft[name, default: RaftState()].generation += 1
    elections.raft[name]!.timeout = timeout
    let g = elections.raft[name]!.generation
    schedule(.raftElectionTimeout(node: name, generation: g), at: data.now + timeout, in: &data)
    return timeout
  }

  /// The election timeout fired with no leader: stand as candidate in the next term.
  package mutating func raftTimedOut(_ name: String, generation: Int, in data: inout DataPlane) {
    guard let s = elections.raft[name], s.active, s.generation == generation,
      let n = data.nodes[name], n.isUp, n.role == .replica
    else { return }
    if priority(of: name) == 0 {
      elections.raft[name]!.active = false
      noteControl(.sitsOut(node: name), in: &data)
      return
    }
    // Pre-vote first (Raft thesis 9.6): a node whose log the others would refuse never raises
    // their terms nor takes its own vote away from a node that can win.
    let term = raftTerm(name, in: &data) + 1
    elections.raft[name]!.candidateTerm = nil
    elections.raft[name]!.votes = []
    elections.raft[name]!.preVotes = [name]
    elections.raft[name]!.rounds += 1
    noteControl(.preVote(node: name, term: term, timeout: s.timeout, again: s.rounds > 0), in: &data)
    startRaftTimer(name, in: &data)
    if Self.majority(of: data) <= 1 {
      raftStand(name, in: &data)
      return
    }
    let last = lastEntry(name, in: &data)
    for other in data.nodeNames where other != name {
      signal(.preVote(term: term, lastEpoch: last.epoch, lastSeq: last.seq), from: name, to: other, in: &data)
    }
  }

  /// A pre-vote arrives: would this node vote for the sender in `term`? It answers without changing
  /// its own term or vote.
  package mutating func preVoteRequested(
    at voter: String, by candidate: String, term: Int, lastEpoch: Int, lastSeq: Int, in data: inout DataPlane
  ) {
    guard let v = data.nodes[voter], v.isUp, v.role == .replica else { return }
    let mine = lastEntry(voter, in: &data)
    let myTerm = raftTerm(voter, in: &data)
    var refusal: ControlEvent.VoteReason?
    if term <= myTerm {
      refusal = .staleTerm(mine: myTerm)
    } else if (lastEpoch, lastSeq) < (mine.epoch, mine.seq) {
      refusal = .myLogIsNewer(mine: mine.seq, theirs: lastSeq, myEpoch: mine.epoch, theirEpoch: lastEpoch)
    }
    if let refusal {
      noteControl(.preVoteRefused(voter: voter, candidate: candidate, term: term, reason: refusal), in: &data)
    }
    let granted = refusal == nil
    signal(.preVoteReply(term: term, granted: granted), from: voter, to: candidate, in: &data)
  }

  package mutating func preVoteReplyReceived(
    at candidate: String, from voter: String, term: Int, granted: Bool, in data: inout DataPlane
  ) {
    guard granted, let s = elections.raft[candidate], s.active, var pre = s.preVotes, !pre.contains(voter),
      term == raftTerm(candidate, in: &data) + 1, data.nodes[candidate]?.role == .replica
    else { return }
    pre.append(voter)
    elections.raft[candidate]!.preVotes = pre
    if pre.count >= Self.majority(of: data) { raftStand(candidate, in: &data) }
  }

  /// A majority would vote: stand as candidate in the next term and ask for real votes.
  package mutating func raftStand(_ name: String, in data: inout DataPlane) {
    let term = raftTerm(name, in: &data) + 1
    elections.raft[name]!.preVotes = nil
    elections.raft[name]!.candidateTerm = term
    elections.raft[name]!.votes = [name]
    elections.raft[name]!.votedFor[term] = name
    noteControl(.candidate(node: name, term: term, timeout: elections.raft[name]!.timeout, again: false), in: &data)
    if Self.majority(of: data) <= 1 {
      raftWin(name, term: term, in: &data)
      return
    }
    let last = lastEntry(name, in: &data)
    for other in data.nodeNames where other != name {
      signal(.requestVote(term: term, lastEpoch: last.epoch, lastSeq: last.seq), from: name, to: other, in: &data)
    }
    startRaftTimer(name, in: &data)
  }

  /// RequestVote arrives: one vote per term, only for a log at least as up to date as the voter's.
  /// A node acting as master does not vote (the lab's simplification).
  package mutating func voteRequested(
    at voter: String, by candidate: String, term: Int, lastEpoch: Int, lastSeq: Int, in data: inout DataPlane
  ) {
    guard let v = data.nodes[voter], v.isUp, v.role == .replica else { return }
    adoptRaftTerm(term, at: voter, in: &data)
    let myTerm = raftTerm(voter, in: &data)
    let mine = lastEntry(voter, in: &data)
    let reason: ControlEvent.VoteReason
    if term < myTerm {
      reason = .staleTerm(mine: myTerm)
    } else if let other = elections.raft[voter]?.votedFor[term], other != candidate {
      reason = .alreadyVoted(for: other)
    } else if (lastEpoch, lastSeq) < (mine.epoch, mine.seq) {
      reason = .myLogIsNewer(mine: mine.seq, theirs: lastSeq, myEpoch: mine.epoch, theirEpoch: lastEpoch)
    } else {
      reason = .granted
    }
    if reason == .granted {
      elections.raft[voter, default: RaftState()].votedFor[term] = candidate
    }
    noteControl(.voted(voter: voter, candidate: candidate, term: term, reason: reason), in: &data)
    // The answer carries the voter's own term, so a candidate in an older one learns of it.
    signal(.vote(term: max(term, myTerm), granted: reason == .granted), from: voter, to: candidate, in: &data)
    // Granting a vote restarts the voter's own election timer, so it does not compete.
    if reason == .granted, elections.raft[voter]?.active == true { startRaftTimer(voter, in: &data) }
  }

  package mutating func voteReceived(
    at candidate: String, from voter: String, term: Int, granted: Bool, in data: inout DataPlane
  ) {
    adoptRaftTerm(term, at: candidate, in: &data)
    guard let s = elections.raft[candidate], s.active, s.candidateTerm == term,
      data.nodes[candidate]?.role == .replica, granted, !s.votes.contains(voter)
    else { return }
    elections.raft[candidate]!.votes.append(voter)
    if s.votes.count + 1 >= Self.majority(of: data) { raftWin(candidate, term: term, in: &data) }
  }

  /// A majority voted for `name`: it takes over in epoch `term` and tells every node.
  package mutating func raftWin(_ name: String, term: Int, in data: inout DataPlane) {
    let votes = elections.raft[name]?.votes ?? [name]
    noteControl(.wonVote(node: name, term: term, votes: votes, clusterSize: data.nodeNames.count), in: &data)
    let epoch = installMaster(name, epoch: max(term, data.epoch + 1), method: .raft, in: &data)
    for other in data.nodeNames where other != name { signal(.leader(term: epoch), from: name, to: other, in: &data) }
    signal(.leader(term: epoch), from: name, to: orchestratorName, in: &data)
  }
}

extension Cluster {
  /// Votes a raft-style candidate needs: a majority of every node in the cluster, up or down.
  public var majority: Int { ControlPlane.majority(of: data) }
}
