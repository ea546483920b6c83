import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// `x` with exactly `places` decimals, rounded half away from zero (`fixed(8.016, 2)` is `8.02`).
  public static func fixed(_ x: Double, _ places: Int) -> String {
    guard x.isFinite else { return x > 0 ? "inf" : "-inf" }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (abs(x) * scale).rounded()
    guard scaled < 9e15 else { return x > 0 ? ">9e15" : "<-9e15" }
    let n = Int64(scaled)
    let whole = n / Int64(scale)
    var frac = String(n % Int64(scale))
    frac = String(repeating: "0", count: max(0, places - frac.count)) + frac
    let sign = x < 0 && n != 0 ? "-" : ""
    return places == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(frac)"
  }

  /// A phi value for a sentence or a table: two decimals below 10, one above, `>99` beyond.
  public static func phi(_ x: Double) -> String {
    if x >= 99.95 { return ">99" }
    return x < 10 ? fixed(x, 2) : fixed(x, 1)
  }

  /// `the proxy` or `app`.
  package static func endpoint(_ name: String) -> String {
    name == Router.proxyName ? "the proxy" : name
  }

  package static func lostLine(_ l: LostWrite, newMaster: String, oldMaster: String, in cluster: Cluster) -> String {
    let op = "seq \(l.entry.seq) (\(operation(l.entry.op, in: cluster)))"
    let acked =
      l.acknowledged
      ? "was acknowledged to its client by \(l.writtenBy ?? oldMaster)" : "was never acknowledged to its client"
    let reach =
      l.alsoOn.isEmpty
      ? "but never reached any replica"
      : "but never reached \(newMaster); \(list(l.alsoOn)) \(l.alsoOn.count == 1 ? "has" : "have") it and will discard it"
    return "Lost: \(op) \(acked) \(reach)."
  }

  /// The sentence for one control-plane event.
  package static func control(_ e: ControlEvent, in cluster: Cluster) -> String {
    let orch = ControlPlane.orchestratorName
    switch e {
    case .suspected(
      let node, let wasMaster, let lastHeard, let everHeard, let silence, let detector, let phi, let cause):
      let who = "\(node) (\(wasMaster ? "master" : "replica"))"
      let last =
        everHeard
        ? "\(silence.durationText) after its last heartbeat at t=\(lastHeard.secondsText)"
        : "\(silence.durationText) after \(orch) started watching it at t=\(lastHeard.secondsText), with no heartbeat yet"
      var text = "\(orch) suspects \(who) is dead, \(last)"
      if cluster.control.method == .sentinel, case .timeout(let t) = detector {
        let firstPing = lastHeard + silence - t.timeout
        text =
          "+sdown: the Sentinels have had no reply from \(who) to PING for \(t.timeout.durationText) (down-after-milliseconds), counted from the first unanswered PING at t=\(firstPing.secondsText)"
        text += everHeard ? ", not from its last reply at t=\(lastHeard.secondsText)." : "."
      } else if let p = phi, case .phiAccrual(let d) = detector {
        text +=
          ": phi reached \(Explain.phi(p.phi)) (threshold \(PhiAccrualDetector.text(d.threshold)); heartbeats every \(SimTime(p.mean.rounded()).durationText) on average, std dev \(SimTime(p.deviation.rounded()).durationText))."
      } else {
        text += " (detector: \(detector.description))."
      }
      switch cause {
      case .crashed(let at)?:
        text += " It crashed at t=\(at.secondsText): detection took \((lastHeard + silence - at).durationText)."
      case .cutOff?:
        text += " In fact \(node) is up: a partition keeps its heartbeats away."
      case .slow(let latency)?:
        text += " In fact \(node) is up, only slow: its messages take \(latency.durationText) each way."
      case .lossy?:
        text += " In fact \(node) is up: its heartbeats were lost on the way."
      case nil:
        break
      }
      return text
    case .answeringAgain(let node, let suspectedFor):
      return "\(orch) hears from \(node) again; it had been suspected dead for \(suspectedFor.durationText)."
    case .alarm(let master):
      return
        "failover manual: \(orch) raises the alarm and waits for an operator: `promote` picks a replica, `restart \(master)` brings \(master) back."
    case .failoverBlocked(let master, let last, let until):
      return
        "failover auto is blocked for \(master): the last automatic failover finished at t=\(last.secondsText), within the recovery block of \(cluster.control.recoveryBlock.durationText) (orchestrator's RecoveryPeriodBlockSeconds), so no other runs before t=\(until.secondsText). `promote` fails over by hand."
    case .chose(let node, let ranking, let skipped):
      let epochs = Set(ranking.map(\.epoch)).count > 1
      let ranked = ranking.map { c in
        "\(c.name) (priority \(c.priority), \(epochs ? "epoch \(c.epoch) " : "")seq \(c.seq))"
      }
      var text =
        "\(orch) picks \(node), the best replica it can reach by replica-priority, then log position, then name: \(ranked.joined(separator: ", "))"
      let skips = cluster.nodeNames.compactMap { n in skipped[n].map { "\(n) (\($0))" } }
      if !skips.isEmpty { text += "; skipped \(skips.joined(separator: ", "))" }
      return text + ". It tells \(node) to take over."
    case .noCandidate(let master):
      return
        "\(orch) cannot replace \(master): no replica it can reach is eligible (up, answering heartbeats, replica-priority above 0). The cluster stays without a master."
    case .electionCalled(let method, let master, let replicas):
      return "\(orch) declares \(master) dead and asks \(list(replicas)) to elect a new master: \(method.phrase)."
    case .promoted(let node, let epoch, let method, let old, let nothingLost):
      let how: String
      switch method {
      case .mostUpToDate: how = "chosen by \(orch)"
      case .bully: how = "bully coordinator"
      case .raft: how = "elected by a majority"
      case .sentinel: how = "SLAVEOF NO ONE from \(cluster.control.sentinels.leader ?? "the leader Sentinel")"
      }
      var text = "\(node) is now \(Styled.mark("master", .master)) in epoch \(epoch) (\(how))"
      if let old, old != node, nothingLost { text += "; it has every write \(old) had" }
      return text + "."
    case .lost(let l, let newMaster, let oldMaster):
      return lostLine(l, newMaster: newMaster, oldMaster: oldMaster, in: cluster)
    case .announced(let endpoint, let master, let epoch):
      return endpoint == Router.proxyName
        ? "the proxy learns that \(master) is master (epoch \(epoch)) and routes writes there; the clients behind it change nothing."
        : "\(endpoint) is told that \(master) is master (epoch \(epoch)) and sends its writes there."
    case .failoverDone(let old, let new, let detectedAt, let doneAt, let crashedAt, let oldActing):
      let after = doneAt - detectedAt
      if let crashedAt {
        return (cluster.control.method == .sentinel ? "+switch-master: " : "")
          + "failover done: writes had nowhere to go for \((doneAt - crashedAt).durationText), from \(old)'s crash at t=\(crashedAt.secondsText) until the clients learned of \(new): \((detectedAt - crashedAt).durationText) to detect, \(after.durationText) to elect, promote and announce."
      }
      var text = "failover done: the clients learned of \(new) \(after.durationText) after the detection."
      if oldActing {
        text +=
          !cluster.control.stepsDown
          ? " \(old) never crashed and still acts as master, and with step-down off nothing will stop it: split brain."
          : cluster.data.minReplicasRefusal(on: old) != nil
            ? " \(old) never crashed and still acts as master, though min-replicas-to-write keeps it refusing writes; with step-down on it steps down as soon as it hears of epoch \(cluster.epoch)."
            : " \(old) never crashed and still acts as master; with step-down on it steps down as soon as it hears of epoch \(cluster.epoch), and until then takes any write that reaches it."
      }
      return text
    case .failoverUnannounced(let master, let new, let endpoint, let waited):
      return
        "\(new) is master, but \(waited.durationText) after \(orch) declared \(master) dead \(Explain.endpoint(endpoint)) has still not heard of it: the announcement cannot reach it. Its writes still go to \(master) until it learns where the master is."
    case .failoverFailed(let master, let method, let waited):
      return
        "\(orch) gives up: \(waited.durationText) after declaring \(master) dead the election (\(method.rawValue)) has produced no master. Writes fail until the network heals (then \(orch) tries again) or `promote` forces one."
    case .steppedDown(let node, let master, let epoch, let oldEpoch, let from):
      let source = from == orch ? orch : from
      return
        "\(node) learns from \(source) that \(master) is master in epoch \(epoch) (it was master in epoch \(oldEpoch)): it steps down to a replica and refuses writes; it will roll back what \(master) never had."
    case .splitBrain(let node, let epoch, let master, let masterEpoch):
      return
        "split brain: \(node) still acts as master in epoch \(epoch) while \(master) is master in epoch \(masterEpoch), and with step-down off nothing stops it. `diff` shows how they differ; `demote \(node)` resolves it."
    case .ignoredNewerEpoch(let node, let epoch, let from):
      return
        "\(node) hears from \(from) that epoch \(epoch) has begun, but with step-down off it ignores that and keeps acting as master."

    case .bullyElection(let node, let higher):
      return "\(node) holds a bully election: ELECTION to \(list(higher)) (higher ids)."
    case .bullyAnswer(let node, let lower):
      return "\(node) answers OK to \(lower) (its id is higher) and holds its own election."
    case .bullyWins(let node, let waited):
      guard let waited else { return "\(node) has the highest id of all: it declares itself coordinator at once." }
      return
        "no node with a higher id answered \(node) within \(waited.durationText): \(node) declares itself coordinator."
    case .bullyReminds(let node, let lower):
      return "\(node) is already master: it answers OK to \(lower) and repeats its COORDINATOR."
    case .bullyRestart(let node):
      return
        "\(node) heard OK but no COORDINATOR within \(ElectionState.bullyCoordinatorTimeout.durationText): it starts its election again."
    case .sitsOut(let node):
      return "\(node) has replica-priority 0: it stays out of the election."

    case .preVote(let node, let term, let timeout, let again):
      return !again
        ? "\(node)'s election timeout (\(timeout.durationText)) fires: it asks the others whether they would vote for it in term \(term) (pre-vote)."
        : "\(node) has no majority yet; its timeout (\(timeout.durationText)) fires again and it asks again for term \(term)."
    case .preVoteRefused(let voter, let candidate, let term, let reason):
      switch reason {
      case .staleTerm(let mine):
        return "\(voter) would not vote for \(candidate) in term \(term): its own term is already \(mine)."
      case .myLogIsNewer(let mine, let theirs, let myEpoch, let theirEpoch):
        let detail =
          myEpoch == theirEpoch
          ? "seq \(mine) against seq \(theirs)" : "epoch \(myEpoch) against epoch \(theirEpoch)"
        return
          "\(voter) would not vote for \(candidate) in term \(term): its own log is more up to date (\(detail))."
      case .granted, .alreadyVoted:
        return "\(voter) would vote for \(candidate) in term \(term)."
      }
    case .candidate(let node, let term, _, _):
      return
        "\(node) would win a majority: it stands as candidate in term \(term), votes for itself and asks for votes."
    case .voted(let voter, let candidate, let term, let reason):
      switch reason {
      case .granted:
        return
          "\(voter) votes for \(candidate) in term \(term): \(candidate)'s log is at least as up to date as its own."
      case .staleTerm(let mine):
        return "\(voter) refuses \(candidate): term \(term) is older than its own term \(mine)."
      case .alreadyVoted(let other):
        return "\(voter) refuses \(candidate): it already voted for \(other) in term \(term)."
      case .myLogIsNewer(let mine, let theirs, let myEpoch, let theirEpoch):
        let detail =
          myEpoch == theirEpoch
          ? "seq \(mine) against seq \(theirs)" : "epoch \(myEpoch) against epoch \(theirEpoch)"
        return "\(voter) refuses \(candidate) in term \(term): its own log is more up to date (\(detail))."
      }
    case .wonVote(let node, let term, let votes, let size):
      return
        "\(node) wins term \(term) with \(votes.count) of \(size) votes (\(list(votes))); a majority is \(size / 2 + 1)."
    case .sentinel(let news):
      return sentinel(news, in: cluster)
    case .gaveUp(let node, let terms, let votes, let needed):
      return
        "\(node) gives up after \(plural(terms, "term")) as candidate: in the last it gathered \(plural(votes, "vote")), and \(needed) are needed (a majority of \(cluster.nodeNames.count))."
    }
  }
}

extension Explain {
  /// The answer to `demote`.
  public static func demoted(_ d: DemoteReport, in cluster: Cluster) -> String {
    let head = "\(d.node) steps down from master (epoch \(d.oldEpoch)) and follows \(d.master) (epoch \(d.epoch))"
    if let oldest = d.snapshotFrom {
      return head
        + ". Its history parted from \(d.master)'s before seq \(oldest), the oldest entry it still keeps, so it cannot roll back: it discards its data and loads a snapshot of \(d.master)."
    }
    if let mode = d.handledBy {
      let fate =
        switch mode {
        case .rollback: "they are rolled back"
        case .rewind: "pg_rewind takes it back to where its history parted from \(d.master)'s"
        case .manual: "it stays out until `rewind \(d.node)` or `resync \(d.node)`"
        case .fullResync: "a full copy of \(d.master)'s data replaces its own"
        case .keep: "it keeps them, as errant transactions"
        }
      return head + ". It holds writes \(d.master) never had; under `rejoin \(mode.rawValue)` \(fate) (below)."
    }
    guard !d.discarded.isEmpty else { return head + "; it had nothing \(d.master) lacks." }
    let ops = d.discarded.map { "seq \($0.seq) (\(operation($0.op, in: cluster)))" }
    return head
      + ". It rolled back \(plural(d.discarded.count, "write")) \(d.master) never had, now \(Styled.mark("discarded", .lost)): \(ops.joined(separator: ", "))."
  }

  /// How a node appears in views: `master`, `old master` (still acting as master in an older epoch)
  /// or `replica`.
  public static func role(of n: Node, in c: Cluster) -> String {
    n.name == c.masterName ? "master" : (n.role == .master ? "old master" : "replica")
  }
}
