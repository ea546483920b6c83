extension Explain {
  /// The answer to `set`/`del`.
  public static func write(_ w: WriteOutcome) -> String {
    let head = "seq \(w.seq) on \(w.master) (master, epoch \(w.epoch))"
    switch w.result {
    case .immediate(let semiOff):
      return semiOff
        ? "OK  \(head). semi-sync is OFF after a timeout, so: \(SyncMode.async.promise)."
        : "OK  \(head). \(w.mode.rawValue): \(SyncMode.async.promise)."
    case .acknowledged(let waited, let by):
      let how = w.mode == .semi ? "received" : "applied"
      return "OK  \(head). \(w.mode == .semi ? "semi-sync" : "sync"): acknowledged after \(waited.durationText), once \(list(by)) had \(how) it."
    case .fellBack(let waited):
      return "OK  \(head), after \(waited.durationText): no replica received it in time, so the master fell back to async; for now the write exists only on \(w.master)."
    case .blocked(let waited, let missing):
      return "WAITING  \(head). sync: after \(waited.durationText) the client is still blocked: \(list(missing.map(\.description))) \(missing.count == 1 ? "has" : "have") not applied it. The lab will say when it is acknowledged."
    case .cutOff:
      return "FAILED  \(head): the master crashed before acknowledging it; the client cannot tell whether it committed."
    case .splitBrain(let clusterMaster, let epoch, let client):
      return "OK  \(head). \(client) still sends writes to \(w.master), which still takes them although \(clusterMaster ?? "another node") became master in epoch \(epoch): split brain. This write exists only on \(w.master)."
    }
  }

  /// The answer to `get`.
  public static func read(_ r: ReadOutcome) -> String {
    let shown = r.value.map { "\"\($0)\"" } ?? "(nil)"
    let where_ = "from \(r.node) (\(r.role.rawValue), applied seq \(r.applied))"
    guard r.role == .replica else { return "\(shown) \(where_)" }
    guard let masterApplied = r.masterApplied, let masterValue = r.masterValue else {
      return "\(shown) \(where_); the master is down, so nothing newer can be checked."
    }
    let behind = masterApplied - r.applied
    if behind <= 0 { return "\(shown) \(where_), up to date with the master." }
    let gap = "\(r.node) is \(plural(behind, "entry")) behind the master (seq \(masterApplied))"
    if masterValue == r.value { return "\(shown) \(where_): current for this key, though \(gap)." }
    let theirs = masterValue.map { "\"\($0)\"" } ?? "no value"
    return "\(shown) \(where_): stale, the master has \(theirs); \(gap)."
  }

  /// The answer to `crash`.
  public static func crash(_ name: String, wasMaster: Bool, cutOff: [Int]) -> String {
    var text = wasMaster
      ? "\(name) crashed. Writes fail until a replica is promoted (`promote`) or \(name) restarts (`restart \(name)`)."
      : "\(name) crashed. Its log and data survive on disk; until it restarts it misses the master's writes."
    if !cutOff.isEmpty {
      text += "\nThe client waiting for \(cutOff.map { "seq \($0)" }.joined(separator: ", ")) lost its connection: it cannot tell whether the write survives."
    }
    return text
  }

  /// The answer to `restart`.
  public static func restart(_ r: RestartOutcome) -> String {
    switch r.kind {
    case .resumedAsMaster(let epoch, let recovered):
      let recovery = recovered > 0 ? " Crash recovery committed the last \(plural(recovered, "write")) in its log." : ""
      return "\(r.node) restarted as master (epoch \(epoch)); its replicas reconnect.\(recovery)"
    case .replicaReconnecting(let master, let from):
      return "\(r.node) restarted and asks \(master) for everything from seq \(from)."
    case .rejoinedAsReplica(let master, let epoch, let oldEpoch):
      return "\(r.node) restarted and learns that \(master) is master in epoch \(epoch) (it was master in epoch \(oldEpoch)), so it rejoins as \(master)'s replica and will discard any write \(master) never had."
    case .noMasterToFollow:
      return "\(r.node) restarted, but there is no master to follow."
    case .strayMaster(let master, let epoch, let masterEpoch):
      return "\(r.node) restarted and resumes as master in epoch \(epoch): with fencing off nothing tells it that \(master) took over in epoch \(masterEpoch). Two masters now (split brain); `demote \(r.node)` resolves it."
    }
  }

  /// The answer to `add replica`.
  public static func added(_ a: AddReplicaOutcome) -> String {
    "\(a.node) added as a replica of \(a.master): it starts from a snapshot at seq \(a.snapshotSeq) (\(plural(a.keys, "key"))) and streams the log from seq \(a.snapshotSeq + 1)."
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
      } else if p.chosenByName, let best = p.candidates.first, best.name != p.newMaster {
        why = "as asked, although \(best.name) had more of the log (seq \(best.received) against seq \(me.received))"
      } else {
        let ties = others.filter { $0.received == me.received && $0.epoch == me.epoch }.map(\.name)
        let rest = others.filter { !ties.contains($0.name) }.map { "\($0.name) seq \($0.received)" }
        why = p.chosenByName ? "as asked; it had received up to seq \(me.received)" : "it had received up to seq \(me.received), the most of any live replica"
        if !ties.isEmpty { why += " (\(list(ties)) also seq \(me.received); tie broken by name)" }
        if !rest.isEmpty { why += " (\(rest.joined(separator: ", ")))" }
      }
    } else {
      why = "as asked"
    }
    let follow = p.repointed.isEmpty ? "" : " \(list(p.repointed)) now \(p.repointed.count == 1 ? "follows" : "follow") \(p.newMaster)."
    lines.append("\(p.newMaster) is now master (epoch \(p.epoch)): \(why).\(follow)")
    if let old = p.oldMaster {
      if p.lost.isEmpty {
        lines.append("Nothing lost: \(p.newMaster) has every write \(old) had.")
      }
      for l in p.lost {
        let op = "seq \(l.entry.seq) (\(operation(l.entry.op, in: cluster)))"
        let acked = l.acknowledged ? "was acknowledged to its client by \(old)" : "was never acknowledged to its client"
        let reach = l.alsoOn.isEmpty
          ? "but never reached any replica"
          : "but never reached \(p.newMaster); \(list(l.alsoOn)) \(l.alsoOn.count == 1 ? "has" : "have") it and will discard it"
        lines.append("Lost: \(op) \(acked) \(reach).")
      }
    }
    return lines.joined(separator: "\n")
  }
}
