import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation
extension Interpreter {
  /// `get KEY [from NODE]` as the default client; behind a proxy, a read meant for a down node goes
  /// to a live one.
  package mutating func runGet(_ key: String, from raw: String?) throws -> Reply {
    if cluster.control.router.viaProxy, let raw {
      let name = try cluster.resolve(raw)
      if cluster.node(name)?.isUp == false, let other = cluster.readFallback(for: name) {
        var reply = try runAs(ClientTable.defaultName, .get(key: key, from: other))
        reply.output = "\(name) is down, so the proxy sends the read to \(other) instead.\n" + reply.output
        return reply
      }
    }
    return try runAs(ClientTable.defaultName, .get(key: key, from: raw))
  }

  /// `diff [NODE NODE]`.
  package mutating func runDiff(_ a: String?, _ b: String?) throws -> Reply {
    guard let a, let b else { return Reply(output: DiffView.render(cluster)) }
    let x = try cluster.resolve(a)
    let y = try cluster.resolve(b)
    guard x != y else { throw CommandError("\(x) is named twice; compare two different nodes", usage: "diff [NODE NODE]") }
    return Reply(output: DiffView.render(cluster, x, y))
  }

  /// Failure detection, elections, fencing, routing, network faults and the timeline.
  package mutating func runControl(_ c: ControlCommand) throws -> Reply {
    switch c {
    case .failover(let mode):
      cluster.setFailoverMode(mode)
      return Reply(output: mode == .auto
        ? "failover auto: when \(ControlPlane.orchestratorName) suspects the master it runs the \(cluster.control.method.rawValue) election, promotes the winner, re-points the replicas and tells the client, printing each step."
        : "failover manual: when \(ControlPlane.orchestratorName) suspects the master it raises the alarm and waits for `promote` or `restart`.")
    case .election(let method):
      cluster.setElectionMethod(method)
      return Reply(output: "election \(method.rawValue): \(electionSummary(method))")
    case .compareElections:
      return Reply(output: try ElectionCompareView.render(cluster.compareElections(), in: cluster))
    case .detector(let d):
      cluster.setDetector(d)
      return Reply(output: detectorSummary(d))
    case .heartbeatInterval(let ms):
      cluster.setHeartbeatInterval(ms)
      return Reply(output: "Every node now sends a heartbeat to \(ControlPlane.orchestratorName) every \(ms.durationText).")
    case .heartbeats:
      return Reply(output: HeartbeatView.render(cluster))
    case .fencing(let on):
      cluster.setFencing(on)
      return Reply(output: on
        ? "fencing on: a node still acting as master that hears of a newer epoch steps down, refuses writes and rolls back what the new master never had."
        : "fencing off: nothing enforces epochs; an old master that is cut off or restarts keeps taking writes beside the new one (split brain).")
    case .replicaPriority(let raw, let p):
      let name = try cluster.resolve(raw)
      try cluster.setPriority(p, for: name)
      let meaning = p == 0 ? "never promoted" : p < ControlPlane.defaultPriority ? "preferred over the default 100" : p == ControlPlane.defaultPriority ? "the default" : "promoted only if no replica with a lower number qualifies"
      return Reply(output: "\(name) replica-priority \(p): \(meaning) (lower is preferred, 0 means never).")
    case .recoveryBlock(let ms):
      cluster.setRecoveryBlock(ms)
      return Reply(output: ms == 0
        ? "No recovery block: an automatic failover may follow another at once."
        : "After an automatic failover, another automatic one waits \(ms.durationText) (orchestrator's RecoveryPeriodBlockSeconds).")
    case .proxy(let on):
      cluster.setProxy(on)
      let m = cluster.masterName ?? "nobody"
      return Reply(output: on
        ? "The client now goes through a proxy in front of the cluster, which sends writes to \(m); after a failover \(ControlPlane.orchestratorName) re-points the proxy, and a read meant for a down replica goes to a live one."
        : "The client connects straight to the master it knows (\(m)); after a failover \(ControlPlane.orchestratorName) has to tell it.")
    case .partition(let rawSide, let rawOther):
      return try runPartition(rawSide, rawOther)
    case .heal:
      let had = cluster.network.cutLinks.count
      let r = cluster.heal()
      var text = had == 0 ? "Nothing to heal: no link is cut." : "Healed: every link works again."
      if !r.resynced.isEmpty { text += " \(Explain.list(r.resynced)) reconnect\(r.resynced.count == 1 ? "s" : "") to \(r.resynced.count == 1 ? "its" : "their") master and catch\(r.resynced.count == 1 ? "es" : "") up." }
      if r.reannounced { text += " \(ControlPlane.orchestratorName) tells \(Explain.endpoint(cluster.control.router.endpoint)) where the master is." }
      return Reply(output: text)
    case .loss(let p):
      cluster.setLoss(p)
      return Reply(output: p == 0
        ? "No message loss."
        : "Each message is now lost with probability \(Explain.fixed(p * 100, p * 100 == (p * 100).rounded() ? 0 : 1))%. Heartbeats, votes and announcements are simply lost; replication resends a lost packet after \(DataPlane.retransmitTimeout.durationText), as TCP does.")
    case .jitter(let ms):
      cluster.setJitter(ms)
      return Reply(output: ms == 0 ? "No jitter: every message takes exactly its link's latency." : "Each message now takes up to \(ms.durationText) longer than its link's latency, at random; messages on one link stay in order.")
    case .demote(let raw):
      let name = try cluster.resolve(raw)
      return Reply(output: Explain.demoted(try cluster.demote(name), in: cluster))
    case .timeline(let range, let svg):
      var text = TimelineView.render(cluster, range: range)
      if let svg {
        try FileSystem.writeAtomically(TimelineSVG.render(cluster, range: range), to: outputPath(svg))
        text += "\nWrote the same diagram to \(svg); open it in a browser."
      }
      return Reply(output: text)
    }
  }

  package mutating func runPartition(_ rawSide: [String], _ rawOther: [String]?) throws -> Reply {
    let usage = "partition NODE... [from NODE...]"
    func resolve(_ raw: String) throws -> String {
      if ControlPlane.endpoints.contains(raw) { return raw }
      if cluster.node(raw) == nil, !["master", "leader", "primary"].contains(raw) {
        throw ClusterError.unknownNode(raw, known: cluster.endpointNames)
      }
      return try cluster.resolve(raw)
    }
    let side = try rawSide.map(resolve)
    let named = try rawOther.map { try $0.map(resolve) }
    let all = side + (named ?? [])
    if let twice = all.first(where: { n in all.filter { $0 == n }.count > 1 }) {
      throw CommandError("'\(twice)' is named twice (`master` is \(cluster.masterName ?? "nobody"))", usage: usage)
    }
    let other = named ?? cluster.endpointNames.filter { !side.contains($0) }
    guard !other.isEmpty else { throw CommandError("nothing is left on the other side", usage: usage) }
    let wasCut = cluster.network.cutLinks
    cluster.partition(side, from: other)
    // Name the client and the proxy only when they matter: when named, or when the client listens.
    let shown = other.filter { named != nil || cluster.node($0) != nil || $0 == ControlPlane.orchestratorName }
    let already = cluster.network.cutLinks == wasCut
    return Reply(output: already
      ? "Those links were already cut."
      : "Partition: \(Explain.list(side)) on one side, \(Explain.list(shown)) on the other. Messages between the two sides are lost until `heal`; clients still reach every node.")
  }

  package func electionSummary(_ m: ElectionMethod) -> String {
    switch m {
    case .mostUpToDate:
      return "the orchestrator picks the replica it can reach with the lowest replica-priority, then the most of the log, then the name."
    case .bully:
      let highest = cluster.nodeNames.last ?? "the last node"
      return "the live replica with the highest id wins (\(highest) is the highest here), however far behind it is; ELECTION, OK and COORDINATOR messages decide it."
    case .raft:
      return "replicas stand after a random timeout of \(ElectionState.raftTimeout.lowerBound)-\(ElectionState.raftTimeout.upperBound) ms; a node votes once per term and only for a log at least as up to date as its own; \(cluster.majority) of \(cluster.nodeNames.count) votes win."
    }
  }

  package func detectorSummary(_ d: FailureDetector) -> String {
    let orch = ControlPlane.orchestratorName
    switch d {
    case .timeout(let t):
      return "detector timeout \(t.timeout.durationText): \(orch) suspects a node once it has heard nothing from it for \(t.timeout.durationText) (Sentinel's down-after-milliseconds)."
    case .phiAccrual(let p):
      var text = "detector phi accrual, threshold \(PhiAccrualDetector.text(p.threshold)): \(orch) suspects a node when phi, -log10 of the chance that its next heartbeat is still coming, reaches \(PhiAccrualDetector.text(p.threshold))."
      if let m = cluster.masterName, let w = cluster.control.orchestrator.watches[m] {
        text += " With \(m)'s heartbeats so far (every \(SimTime(w.history.mean.rounded()).durationText), std dev \(SimTime(w.history.standardDeviation.rounded()).durationText)) that takes \(p.suspicionDelay(w.history).durationText) of silence."
      }
      return text
    }
  }
}
