import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// `OK`, the word a terminal shows in colour for an acknowledged write.
  static let ok = Styled.mark("OK", .ok)

  /// The answer to `set`/`del`/`incr`.
  public static func write(_ w: WriteOutcome, in cluster: Cluster? = nil) -> String {
    let level = cluster?.commitLevel ?? .remoteApply
    // The answer to nearly every write of a long script, in one piece.
    if case .immediate(false, false) = w.result, w.mode != .sync {
      // Said every time it happens: with no replica connected the write has nowhere to go yet.
      if let c = cluster,
        !c.nodeNames.contains(where: { c.nodes[$0]?.isUp == true && c.nodes[$0]?.masterName == w.master })
      {
        return
          "\(ok)  seq \(w.seq) on \(w.master) (master, epoch \(w.epoch)). \(w.mode.rawValue): acknowledged, and no replica is connected: for now the write exists only on \(w.master)."
      }
      return
        "\(ok)  seq \(w.seq) on \(w.master) (master, epoch \(w.epoch)). \(w.mode.rawValue): acknowledged before any replica has it."
    }
    let head = "seq \(w.seq) on \(w.master) (master, epoch \(w.epoch))"
    switch w.result {
    case .immediate(let semiOff, let degraded):
      if semiOff { return "\(ok)  \(head). semi-sync is OFF after a timeout, so: \(SyncMode.async.promise)." }
      if degraded {
        return
          "\(ok)  \(head). Too few synchronous standbys are connected and sync-fallback is async, so: \(SyncMode.async.promise)."
      }
      if w.mode == .sync && !level.waitsForStandbys {
        return
          "\(ok)  \(head). sync-commit \(level.rawValue): only the master's own flush counts; replicas get it asynchronously."
      }
      return "\(ok)  \(head). \(w.mode.rawValue): \(SyncMode.async.promise)."
    case .acknowledged(let waited, let by, let degraded):
      let standbys = cluster?.passiveStandbys ?? []
      let viaStandby = by.filter { standbys.contains($0) }
      let others = by.filter { !standbys.contains($0) }
      var parts: [String] = []
      if !viaStandby.isEmpty {
        parts.append("the standby \(list(viaStandby)) had received it")
      }
      if !others.isEmpty {
        parts.append("\(list(others)) had \(verb(for: w.mode, level: level)) it")
      }
      let label: String
      switch w.mode {
      case .async: label = "async with a passive standby"
      case .semi: label = "semi-sync"
      case .sync: label = "sync (\(level.rawValue))"
      }
      var text =
        "\(ok)  \(head). \(label): acknowledged after \(waited.durationText), once \(parts.joined(separator: " and "))."
      if degraded { text += " Some synchronous standbys are missing; sync-fallback async let it through." }
      if w.mode == .async && !viaStandby.isEmpty { text += " The replicas get it asynchronously." }
      return text
    case .fellBack(let waited):
      let acks = cluster?.semiSync.acks ?? 1
      let holders =
        cluster.map { c in c.nodeNames.filter { $0 != w.master && (c.nodes[$0]?.received ?? 0) >= w.seq } } ?? []
      guard !holders.isEmpty else {
        return
          "\(ok)  \(head), after \(waited.durationText): no replica received it in time, so the master fell back to async; for now the write exists only on \(w.master)."
      }
      return
        "\(ok)  \(head), after \(waited.durationText): only \(list(holders)) received it in time, fewer than the \(acks) replicas semi-sync waits for, so the master fell back to async; for now the write exists on \(list([w.master] + holders))."
    case .blocked(let waited, let missing):
      return
        "WAITING  \(head). \(w.mode == .semi ? "semi-sync" : w.mode == .sync ? "sync" : "standby"): after \(waited.durationText) the client is still blocked: \(list(missing.map(\.description))) \(missing.count == 1 ? "has" : "have") not \(verb(for: w.mode, level: level)) it. The lab will say when it is acknowledged."
    case .cutOff:
      if let n = cluster?.node(w.master), n.isUp, n.role == .replica {
        return
          "FAILED  \(head): \(w.master) stepped down before acknowledging it; the client cannot tell whether it committed."
      }
      return "FAILED  \(head): the master crashed before acknowledging it; the client cannot tell whether it committed."
    case .splitBrain(let clusterMaster, let epoch, let client):
      return
        "\(ok)  \(head). \(client) still sends writes to \(w.master), which still takes them although \(clusterMaster ?? "another node") became master in epoch \(epoch): split brain. This write exists only on \(w.master)."
    }
  }

  /// What a replica must have done with a write for this mode to count it.
  package static func verb(for mode: SyncMode, level: CommitLevel) -> String {
    switch mode {
    case .async, .semi: "received"
    case .sync:
      switch level {
      case .remoteWrite: "written"
      case .on: "flushed"
      case .remoteApply: "applied"
      case .local, .off: "received"
      }
    }
  }

  /// The answer to `get`.
  public static func read(_ r: ReadOutcome) -> String {
    let shown = r.value.map { "\"\($0)\"" } ?? "(nil)"
    let source = "from \(r.node) (\(r.role.rawValue), applied seq \(r.applied))"
    guard r.role == .replica else {
      if let seq = r.unreplicatedSeq {
        return
          "\(shown) \(source). Careful: seq \(seq) is committed on \(r.node) but no replica has acknowledged it yet (AFTER_COMMIT); if \(r.node) fails now, this value can vanish."
      }
      if !r.waitingSeqs.isEmpty {
        return
          "\(shown) \(source). \(r.waitingSeqs.map { "seq \($0)" }.joined(separator: ", ")) for this key \(r.waitingSeqs.count == 1 ? "is" : "are") still waiting for replicas, so not visible yet."
      }
      return "\(shown) \(source)"
    }
    guard let masterApplied = r.masterApplied, let masterValue = r.masterValue else {
      return "\(shown) \(source); the master is down, so nothing newer can be checked."
    }
    let behind = masterApplied - r.applied
    let theirs = masterValue.map { "\"\($0)\"" } ?? "no value"
    if behind <= 0 {
      // As far along as the master, and yet another value: the two hold different data.
      guard masterValue == r.value else {
        return "\(shown) \(source): the master has \(theirs), though \(r.node) has applied as far; their data diverged."
      }
      return "\(shown) \(source), up to date with the master."
    }
    let gap = "\(r.node) is \(plural(behind, "entry")) behind the master (seq \(masterApplied))"
    if masterValue == r.value { return "\(shown) \(source): current for this key, though \(gap)." }
    return "\(shown) \(source): stale, the master has \(theirs); \(gap)."
  }

  /// The answer to `crash`: what kind of crash it was, since that decides what still leaves the node,
  /// and what happens next.
  public static func crash(
    _ name: String, kind: CrashKind, wasMaster: Bool, cutOff: [Int], in cluster: Cluster
  ) -> String {
    var text =
      kind == .host
      ? "\(name)'s host crashed (power loss): nothing more leaves it; what it had sent that had not arrived is lost."
      : "\(name)'s server process was killed (kill -9): its kernel still delivers what \(name) had sent and closes its connections."
    if wasMaster {
      text +=
        cluster.control.regime == .consensus
        ? " Writes fail until the other members elect a primary (once an election timeout passes without its heartbeats) or \(name) restarts."
        : cluster.control.regime == .lease
          ? " Writes fail until its leader key expires and a replica takes it, or \(name) restarts (`restart \(name)`)."
          : cluster.control.failover == .auto
            ? " Writes fail until the failover (failover auto) promotes a replica, or \(name) restarts."
            : " Writes fail until a replica is promoted (`promote`) or \(name) restarts (`restart \(name)`)."
    } else {
      text += " Its log and data survive on disk; until it restarts it misses the master's writes."
    }
    if !cutOff.isEmpty {
      text +=
        "\nThe client waiting for \(cutOff.map { "seq \($0)" }.joined(separator: ", ")) lost its connection: it cannot tell whether the write survives."
    }
    return text
  }

  /// The answer to `restart`.
  public static func restart(_ r: RestartOutcome, in cluster: Cluster? = nil) -> String {
    switch r.kind {
    case .resumedAsMaster(let epoch, let recovered):
      let recovery = recovered > 0 ? " Crash recovery committed the last \(plural(recovered, "write")) in its log." : ""
      return "\(r.node) restarted as master (epoch \(epoch)); its replicas reconnect.\(recovery)"
    case .replicaReconnecting(let master, let from):
      if let c = cluster, c.data.positions == .file, let p = c.data.binlogPosition(of: master, after: from - 1) {
        return
          "\(r.node) restarted and asks \(master) for everything from \(p.text) in \(master)'s binlog (seq \(from) on)."
      }
      return "\(r.node) restarted and asks \(master) for everything from seq \(from)."
    case .replicaRollingBack(let master, let forkAfter, let last):
      let span = forkAfter + 1 == last ? "seq \(last) of its log comes" : "seq \(forkAfter + 1)-\(last) of its log come"
      return
        "\(r.node) restarted, but \(span) from an older epoch that \(master) never had: it rolls \(forkAfter + 1 == last ? "it" : "them") back, then asks \(master) for everything from seq \(forkAfter + 1)."
    case .rejoinedAsReplica(let master, let epoch, let oldEpoch):
      let head =
        "\(r.node) restarted and learns that \(master) is master in epoch \(epoch) (it was master in epoch \(oldEpoch)), so it rejoins as \(master)'s replica"
      switch cluster?.data.rejoinMode ?? .rollback {
      case .rollback: return head + " and will discard any write \(master) never had."
      case .rewind: return head + "; any write \(master) never had is rewound away (pg_rewind)."
      case .manual:
        return head + ", if its timeline allows: PostgreSQL follows only a timeline its own history leads to."
      case .fullResync: return head + "; a write \(master) never had costs it a full resync."
      case .keep: return head + "; nothing undoes a write \(master) never had: it stays, errant."
      }
    case .needsPosition(let master):
      return
        "\(r.node) restarted and learns that \(master) is master, but without GTIDs it cannot just follow: it needs its place in \(master)'s binlog (`repoint \(r.node) \(master) at FILE:POS`), and if it has writes \(master) never had, no place fits and only a rebuild does (`resync \(r.node)`). Until then it is read-only and follows nobody."
    case .noMasterToFollow:
      return "\(r.node) restarted, but there is no master to follow."
    case .strayMaster(let master, let epoch, let masterEpoch):
      if cluster?.control.method == .sentinel {
        return
          "\(r.node) restarted and resumes as master in epoch \(epoch), from its own configuration: Redis does not know that \(master) took over in epoch \(masterEpoch). It takes writes until a Sentinel sees it in INFO (every \(SentinelState.infoPeriod.durationText)) and converts it to a replica; the full resync then discards them."
      }
      return
        "\(r.node) restarted and resumes as master in epoch \(epoch): with step-down off nothing tells it that \(master) took over in epoch \(masterEpoch). Two masters now (split brain); `demote \(r.node)` resolves it."
    }
  }

  /// The answer to `add replica`.
  public static func added(_ a: AddReplicaOutcome) -> String {
    let what =
      a.standby
      ? "a passive standby of \(a.master) (replicated synchronously, serves no reads)" : "a replica of \(a.master)"
    return
      "\(a.node) added as \(what). \(a.master) sends it a snapshot taken at seq \(a.snapshotSeq) (\(plural(a.keys, "key"))), arriving in about \(a.transfer.durationText); then it streams the log from seq \(a.snapshotSeq + 1)."
  }

  /// The answer to `promote`: who, why, who follows, and what is lost.
  public static func promotion(_ p: PromotionReport, in cluster: Cluster) -> String {
    var lines: [String] = []
    let me = p.candidates.first { $0.name == p.newMaster }
    let others = p.candidates.filter { $0.name != p.newMaster }
    var why: String
    if let me {
      if others.isEmpty {
        why = "it was the only live replica (received up to seq \(me.received))"
      } else if !p.chosenByName, p.standby {
        why =
          "it was the passive standby, replicated synchronously for exactly this moment (received up to seq \(me.received))"
      } else if p.chosenByName, let best = p.candidates.first, best.name != p.newMaster {
        why = "as asked, although \(best.name) had more of the log (seq \(best.received) against seq \(me.received))"
      } else {
        let ties = others.filter { $0.received == me.received && $0.epoch == me.epoch }.map(\.name)
        let rest = others.filter { !ties.contains($0.name) }.map { "\($0.name) seq \($0.received)" }
        why =
          p.chosenByName
          ? "as asked; it had received up to seq \(me.received)"
          : "it had received up to seq \(me.received), the most of any live replica"
        if !ties.isEmpty { why += " (\(list(ties)) also seq \(me.received); tie broken by name)" }
        if !rest.isEmpty { why += " (\(rest.joined(separator: ", ")))" }
      }
    } else {
      why = "as asked"
    }
    let follow =
      p.repointed.isEmpty
      ? "" : " \(list(p.repointed)) now \(p.repointed.count == 1 ? "follows" : "follow") \(p.newMaster)."
    lines.append("\(p.newMaster) is now \(Styled.mark("master", .master)) (epoch \(p.epoch)): \(why).\(follow)")
    if let old = p.oldMaster {
      if p.lost.isEmpty {
        lines.append("Nothing lost: \(p.newMaster) has every write \(old) had.")
      }
      for l in p.lost {
        let op = "seq \(l.entry.seq) (\(operation(l.entry.op, in: cluster)))"
        let acked =
          l.acknowledged
          ? "was acknowledged to its client by \(l.writtenBy ?? old)" : "was never acknowledged to its client"
        let link = l.acknowledged ? "but" : "and"
        let reach =
          l.alsoOn.isEmpty
          ? "\(link) never reached any replica"
          : "\(link) never reached \(p.newMaster); \(list(l.alsoOn)) \(l.alsoOn.count == 1 ? "has" : "have") it and will discard it"
        var line = "\(Styled.mark("Lost:", .lost)) \(op) \(acked) \(reach)."
        if let first = l.readAt.first {
          line +=
            " Yet a client read its value from \(old) at t=\(first.secondsText) (AFTER_COMMIT): that client saw data that no longer exists."
        }
        lines.append(line)
      }
    }
    lines.append(contentsOf: positionsAfterPromotion(p, in: cluster))
    return lines.joined(separator: "\n")
  }
}
