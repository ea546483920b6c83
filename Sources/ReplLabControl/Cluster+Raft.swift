import ReplLabKernel
import ReplLabModel
/// A Raft-style election (Ongaro and Ousterhout, section 5.2 and 5.4.1). Each replica waits a
/// randomized election timeout; the first to time out becomes candidate for the next term, votes for
/// itself and asks every other node for its vote. A node votes at most once per term, and only for a
/// candidate whose log is at least as up to date as its own (newer last epoch, or the same epoch and
/// at least as long). A candidate needs a majority of the whole cluster, so a minority partition can
/// never elect. The term becomes the new master's epoch.
extension Cluster {
  /// Votes needed to win: a majority of every node in the cluster, up or down.
  public var majority: Int { data.nodeNames.count / 2 + 1 }

  /// The term a node is in: the newest of its epoch and any term it has voted or stood in.
  package func raftTerm(_ name: String) -> Int {
    max(data.nodes[name]?.epoch ?? 0, control.elections.raft[name]?.votedFor.keys.max() ?? 0)
  }

  /// Epoch and position of a node's last log entry: what RequestVote compares.
  package func lastEntry(_ name: String) -> (epoch: Int, seq: Int) {
    guard let log = data.nodes[name]?.log else { return (0, 0) }
    return (log.epoch(at: log.lastSeq) ?? 0, log.lastSeq)
  }

  package mutating func joinRaft(_ name: String) {
    var s = control.elections.raft[name] ?? RaftState()
    s.active = true
    s.rounds = 0
    s.candidateTerm = nil
    s.votes = []
    control.elections.raft[name] = s
    startRaftTimer(name)
  }

  /// Draws a fresh randomized election timeout from the seeded generator.
  @discardableResult
  package mutating func startRaftTimer(_ name: String) -> SimTime {
    let timeout = data.randomDelay(in: ElectionState.raftTimeout)
    control.elections.raft[name, default: RaftState()].generation += 1
    control.elections.raft[name]!.timeout = timeout
    let g = control.elections.raft[name]!.generation
    schedule(.raftElectionTimeout(node: name, generation: g), at: data.now + timeout)
    return timeout
  }

  /// The election timeout fired with no leader: stand as candidate in the next term.
  package mutating func raftTimedOut(_ name: String, generation: Int) {
    guard let s = control.elections.raft[name], s.active, s.generation == generation,
      let n = data.nodes[name], n.isUp, n.role == .replica
    else { return }
    if control.priority(of: name) == 0 {
      control.elections.raft[name]!.active = false
      noteControl(.sitsOut(node: name))
      return
    }
    if s.candidateTerm != nil, s.rounds >= ElectionState.raftMaxRounds {
      control.elections.raft[name]!.active = false
      control.elections.raft[name]!.candidateTerm = nil
      noteControl(.gaveUp(node: name, terms: s.rounds, votes: s.votes.count, needed: majority))
      return
    }
    let term = raftTerm(name) + 1
    control.elections.raft[name]!.candidateTerm = term
    control.elections.raft[name]!.votes = [name]
    control.elections.raft[name]!.votedFor[term] = name
    control.elections.raft[name]!.rounds += 1
    noteControl(.candidate(node: name, term: term, timeout: s.timeout, again: s.candidateTerm != nil))
    if majority <= 1 {
      raftWin(name, term: term)
      return
    }
    let last = lastEntry(name)
    for other in data.nodeNames where other != name {
      signal(.requestVote(term: term, lastEpoch: last.epoch, lastSeq: last.seq), from: name, to: other)
    }
    startRaftTimer(name)
  }

  /// RequestVote arrives: one vote per term, only for a log at least as up to date as the voter's.
  /// A node acting as master does not vote (the lab's simplification).
  package mutating func voteRequested(at voter: String, by candidate: String, term: Int, lastEpoch: Int, lastSeq: Int) {
    guard let v = data.nodes[voter], v.isUp, v.role == .replica else { return }
    let myTerm = raftTerm(voter)
    let mine = lastEntry(voter)
    let reason: ControlEvent.VoteReason
    if term < myTerm {
      reason = .staleTerm(mine: myTerm)
    } else if let other = control.elections.raft[voter]?.votedFor[term], other != candidate {
      reason = .alreadyVoted(for: other)
    } else if (lastEpoch, lastSeq) < (mine.epoch, mine.seq) {
      reason = .myLogIsNewer(mine: mine.seq, theirs: lastSeq, myEpoch: mine.epoch, theirEpoch: lastEpoch)
    } else {
      reason = .granted
    }
    if term > myTerm, let t = control.elections.raft[voter]?.candidateTerm, t < term {
      // A newer term: a candidate of an older one goes back to being a follower.
      control.elections.raft[voter]!.candidateTerm = nil
    }
    if reason == .granted {
      control.elections.raft[voter, default: RaftState()].votedFor[term] = candidate
    }
    noteControl(.voted(voter: voter, candidate: candidate, term: term, reason: reason))
    signal(.vote(term: term, granted: reason == .granted), from: voter, to: candidate)
    // Granting a vote restarts the voter's own election timer, so it does not compete.
    if reason == .granted, control.elections.raft[voter]?.active == true { startRaftTimer(voter) }
  }

  package mutating func voteReceived(at candidate: String, from voter: String, term: Int, granted: Bool) {
    guard let s = control.elections.raft[candidate], s.active, s.candidateTerm == term,
      data.nodes[candidate]?.role == .replica, granted, !s.votes.contains(voter)
    else { return }
    control.elections.raft[candidate]!.votes.append(voter)
    if s.votes.count + 1 >= majority { raftWin(candidate, term: term) }
  }

  /// A majority voted for `name`: it takes over in epoch `term` and tells every node.
  package mutating func raftWin(_ name: String, term: Int) {
    let votes = control.elections.raft[name]?.votes ?? [name]
    noteControl(.wonVote(node: name, term: term, votes: votes, clusterSize: data.nodeNames.count))
    let epoch = installMaster(name, epoch: max(term, self.epoch + 1), method: .raft)
    for other in data.nodeNames where other != name { signal(.leader(term: epoch), from: name, to: other) }
    signal(.leader(term: epoch), from: name, to: orchestratorName)
  }
}
