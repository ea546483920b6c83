import ReplLabKernel
import ReplLabModel

/// Heartbeats, terms, votes and check-quorum: the rules of the consensus regime.
extension ConsensusGroup {
  /// A member's priority (0 never stands; otherwise every member may).
  public func priority(of name: String) -> Int { priorities[name] ?? 1 }

  package mutating func note(_ e: ConsensusEvent, in data: inout DataPlane) { data.note(.control(e)) }

  package mutating func send(_ m: ConsensusMessage, from: String, to: String, in data: inout DataPlane) {
    data.send(.control(m), from: from, to: to)
  }

  /// Draws a fresh election timeout: `electionTimeout` plus a random offset from the seeded
  /// generator, so members rarely stand at once.
  package mutating func restartTimer(_ name: String, in data: inout DataPlane) {
    let offset = data.randomDelay(in: 0...(electionTimeout * Self.offsetPercent / 100))
    timersDrawn += 1
    members[name, default: Member()].generation = timersDrawn
    members[name]!.timeout = electionTimeout + offset
    members[name]!.since = data.now
    let timer = ConsensusTimer.electionTimeout(node: name, generation: timersDrawn)
    data.schedule(.control(timer), at: data.now + electionTimeout + offset)
  }

  /// Every heartbeat interval each primary checks that it still hears from a majority, then
  /// heartbeats every member and the client's driver. Members added since the start join here.
  package mutating func heartbeatTick(in data: inout DataPlane) {
    for name in data.nodeNames where members[name] == nil {
      members[name] = Member(term: members.values.map(\.term).max() ?? data.epoch)
      restartTimer(name, in: &data)
    }
    for name in members.keys.sorted() where !data.nodes.contains(name) { members[name] = nil }
    for leader in leaders(in: data) {
      let heard = data.nodeNames.filter {
        $0 == leader || data.now - (members[leader]!.heardFrom[$0] ?? .min / 2) < electionTimeout
      }
      let needed = Self.majority(of: data)
      if heard.count < needed {
        note(.lostMajority(node: leader, heard: heard, needed: needed, within: electionTimeout), in: &data)
        relinquish(leader, in: &data)
        continue
      }
      let term = members[leader]!.term
      for other in data.nodeNames where other != leader {
        send(.heartbeat(term: term), from: leader, to: other, in: &data)
      }
      send(.primaryIs(term: term), from: leader, to: router.endpoint, in: &data)
    }
    data.schedule(.control(ConsensusTimer.heartbeat(node: "", generation: run)), at: data.now + heartbeatInterval)
  }

  /// A member heard from no primary for its whole election timeout: first a dry run (would a
  /// majority vote for it in the next term?), and only then a real election in a new term. A
  /// candidate that has not won by its next timeout starts over with the term after.
  package mutating func electionTimedOut(_ name: String, generation: Int, in data: inout DataPlane) {
    guard let m = members[name], m.generation == generation else { return }
    guard let n = data.nodes[name], n.isUp, !isLeader(name, in: data) else {
      restartTimer(name, in: &data)
      return
    }
    if priority(of: name) == 0 {
      if m.votes == nil, m.preVotes == nil, m.leader == nil { note(.neverStands(node: name), in: &data) }
      restartTimer(name, in: &data)
      return
    }
    restartTimer(name, in: &data)
    if Self.majority(of: data) <= 1 {
      stand(name, in: &data)
      return
    }
    let again = m.votes != nil || m.preVotes != nil
    members[name]!.votes = nil
    members[name]!.leader = nil
    members[name]!.preVotes = [name]
    note(.dryRun(node: name, term: m.term + 1, silence: data.now - m.since, again: again), in: &data)
    let last = Self.lastEntry(name, in: data)
    for other in data.nodeNames where other != name {
      send(.preVote(term: m.term + 1, lastTerm: last.term, lastIndex: last.index), from: name, to: other, in: &data)
    }
  }

  /// A dry run: the voter says whether it would vote, changing nothing of its own. It would not while
  /// it still hears a primary (so a member that was cut off cannot depose a working primary), nor
  /// for a term not newer than its own, nor for an older log.
  package mutating func preVoteRequested(
    at voter: String, by candidate: String, term: Int, lastTerm: Int, lastIndex: Int, in data: inout DataPlane
  ) {
    let me = members[voter]!
    let mine = Self.lastEntry(voter, in: data)
    var refusal: DryRunRefusal?
    if isLeader(voter, in: data) {
      refusal = .hearsPrimary(voter)
    } else if let at = me.heardPrimaryAt, let leader = me.leader, data.now - at < electionTimeout {
      refusal = .hearsPrimary(leader)
    } else if term <= me.term {
      refusal = .staleTerm(mine: me.term)
    } else if !Self.isAtLeastAsUpToDate(theirs: (lastTerm, lastIndex), mine: mine) {
      refusal = .myLogIsNewer(mine: mine.index, theirs: lastIndex, myTerm: mine.term, theirTerm: lastTerm)
    }
    if let refusal { note(.dryRunRefused(voter: voter, candidate: candidate, term: term, reason: refusal), in: &data) }
    let answerTerm = refusal == nil ? term : me.term
    send(.preVoteReply(term: answerTerm, granted: refusal == nil), from: voter, to: candidate, in: &data)
  }

  package mutating func preVoteReplyReceived(
    at candidate: String, from voter: String, term: Int, granted: Bool, in data: inout DataPlane
  ) {
    if !granted {
      adopt(term, at: candidate, from: voter, in: &data)
      return
    }
    guard var pre = members[candidate]!.preVotes, term == members[candidate]!.term + 1, !pre.contains(voter)
    else { return }
    pre.append(voter)
    members[candidate]!.preVotes = pre
    if pre.count >= Self.majority(of: data) { stand(candidate, in: &data) }
  }

  /// The real election: a new term, a vote for itself, RequestVote to every other member.
  package mutating func stand(_ name: String, in data: inout DataPlane) {
    let m = members[name]!
    let term = m.term + 1
    members[name]!.term = term
    members[name]!.votedFor = name
    members[name]!.leader = nil
    members[name]!.preVotes = nil
    members[name]!.votes = [name]
    note(.candidate(node: name, term: term, silence: data.now - m.since, again: false), in: &data)
    if Self.majority(of: data) <= 1 {
      win(name, in: &data)
      return
    }
    let last = Self.lastEntry(name, in: data)
    for other in data.nodeNames where other != name {
      send(.requestVote(term: term, lastTerm: last.term, lastIndex: last.index), from: name, to: other, in: &data)
    }
  }

  /// Any message with a newer term: the receiver adopts it and forgets its vote; a primary steps
  /// down and a candidate stops standing.
  package mutating func adopt(_ term: Int, at name: String, from: String, in data: inout DataPlane) {
    guard term > members[name]!.term else { return }
    let wasLeader = isLeader(name, in: data)
    members[name]!.term = term
    members[name]!.votedFor = nil
    members[name]!.leader = nil
    members[name]!.votes = nil
    members[name]!.preVotes = nil
    note(.newerTerm(node: name, term: term, from: from, wasLeader: wasLeader), in: &data)
    if wasLeader {
      relinquish(name, in: &data)
      restartTimer(name, in: &data)
    }
  }

  /// A primary stops taking writes; it will follow whoever wins the next term.
  package mutating func relinquish(_ name: String, in data: inout DataPlane) {
    members[name]!.leader = nil
    members[name]!.heardFrom = [:]
    data.relinquish(name)
  }

  /// RequestVote: one vote per term, only for a log at least as up to date (last entry's term,
  /// then its index).
  package mutating func voteRequested(
    at voter: String, by candidate: String, term: Int, lastTerm: Int, lastIndex: Int, in data: inout DataPlane
  ) {
    adopt(term, at: voter, from: candidate, in: &data)
    let me = members[voter]!
    let mine = Self.lastEntry(voter, in: data)
    let reason: ControlEvent.VoteReason
    if term < me.term {
      reason = .staleTerm(mine: me.term)
    } else if let other = me.votedFor, other != candidate {
      reason = .alreadyVoted(for: other)
    } else if !Self.isAtLeastAsUpToDate(theirs: (lastTerm, lastIndex), mine: mine) {
      reason = .myLogIsNewer(mine: mine.index, theirs: lastIndex, myEpoch: mine.term, theirEpoch: lastTerm)
    } else {
      reason = .granted
    }
    if reason == .granted {
      members[voter]!.votedFor = candidate
      // Granting a vote restarts the voter's timer, so it does not compete with the candidate.
      restartTimer(voter, in: &data)
    }
    note(.voted(voter: voter, candidate: candidate, term: term, reason: reason), in: &data)
    send(.vote(term: members[voter]!.term, granted: reason == .granted), from: voter, to: candidate, in: &data)
  }

  /// Raft's up-to-date check (section 5.4.1): the later last term wins; with the same last term,
  /// the longer log.
  public static func isAtLeastAsUpToDate(theirs: (term: Int, index: Int), mine: (term: Int, index: Int)) -> Bool {
    if theirs.term != mine.term { return theirs.term > mine.term }
    return theirs.index >= mine.index
  }

  package mutating func voteReceived(
    at candidate: String, from voter: String, term: Int, granted: Bool, in data: inout DataPlane
  ) {
    adopt(term, at: candidate, from: voter, in: &data)
    guard granted, members[candidate]!.term == term, var votes = members[candidate]!.votes, !votes.contains(voter)
    else { return }
    votes.append(voter)
    members[candidate]!.votes = votes
    if votes.count >= Self.majority(of: data) { win(candidate, in: &data) }
  }

  /// A majority voted: the candidate becomes primary in its term and heartbeats at once.
  package mutating func win(_ name: String, in data: inout DataPlane) {
    let term = members[name]!.term
    let votes = members[name]!.votes ?? [name]
    members[name]!.votes = nil
    members[name]!.leader = name
    members[name]!.heardFrom = Dictionary(uniqueKeysWithValues: votes.map { ($0, data.now) })
    note(.elected(node: name, term: term, votes: votes, members: data.nodeNames.count), in: &data)
    let old = data.masterName
    let (epoch, lost) = data.takeOver(name, epoch: term)
    data.note(
      .control(
        ControlEvent.promoted(node: name, epoch: epoch, method: .raft, oldMaster: old, nothingLost: lost.isEmpty)))
    if let old { for l in lost { data.note(.control(ControlEvent.lost(l, newMaster: name, oldMaster: old))) } }
    members[name]!.term = epoch
    if writeConcern == .majority, data.syncMode == .sync {
      // w:"majority" counts every member: the new primary waits for the others, the old one included.
      if let standbys = Self.majorityStandbys(in: data) { try? data.setSyncStandbys(standbys) }
    }
    for other in data.nodeNames where other != name { send(.heartbeat(term: epoch), from: name, to: other, in: &data) }
    tellDriver(from: name, in: &data)
  }

  /// The primary's heartbeat: a member in an older term adopts the newer one; one in a newer term
  /// answers with it (the primary then steps down); otherwise it follows the primary and waits a
  /// fresh election timeout.
  package mutating func heartbeatReceived(at name: String, from leader: String, term: Int, in data: inout DataPlane) {
    adopt(term, at: name, from: leader, in: &data)
    guard term == members[name]!.term else {
      send(.heartbeatReply(term: members[name]!.term), from: name, to: leader, in: &data)
      return
    }
    members[name]!.leader = leader
    members[name]!.votes = nil
    members[name]!.preVotes = nil
    members[name]!.heardPrimaryAt = data.now
    restartTimer(name, in: &data)
    if let n = data.nodes[name], data.nodes[leader] != nil {
      if n.role == .master {
        // A former primary that missed the election (cut off, or restarted before hearing of it).
        _ = data.stepDown(name, toFollow: leader, epoch: term)
        note(.followsNewLeader(node: name, leader: leader, term: term), in: &data)
        data.rejoin(name)
      } else if n.masterName != leader || n.epoch < term {
        // It applies what it logged first (a former primary's waiting writes, a restarted node's
        // backlog); the new primary rolls back what it never had, as after a step-down.
        data.resumeApplying(name)
        data.follow(name, master: leader, epoch: term)
        data.note(.rejoined(node: name, master: leader, epoch: term))
      }
    }
    send(.heartbeatReply(term: term), from: name, to: leader, in: &data)
  }

  package mutating func heartbeatReplyReceived(
    at leader: String, from member: String, term: Int, in data: inout DataPlane
  ) {
    adopt(term, at: leader, from: member, in: &data)
    guard term == members[leader]!.term, isLeader(leader, in: data) else { return }
    members[leader]!.heardFrom[member] = data.now
  }

  /// The primary tells the client's driver (or the proxy) that it is primary, as a driver learns by
  /// monitoring every member.
  package mutating func tellDriver(from primary: String, in data: inout DataPlane) {
    send(.primaryIs(term: members[primary]!.term), from: primary, to: router.endpoint, in: &data)
  }

  /// The driver believes the primary of the newest term it has heard of.
  package mutating func driverLearns(primary: String, term: Int, at endpoint: String, in data: inout DataPlane) {
    guard endpoint == router.endpoint, term >= router.epoch, data.nodes.contains(primary) else { return }
    if router.master != primary {
      router.master = primary
      data.note(.control(ControlEvent.announced(endpoint: endpoint, master: primary, epoch: term)))
      data.mark(endpoint, .repointed(master: primary))
    }
    router.epoch = term
  }
}
