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
        reply.output = Explain.proxyRedirect(from: name, to: other) + "\n" + reply.output
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
    guard x != y else { throw CommandRegistry.error(Refusal.sameNodeTwice(x), command: "diff") }
    return Reply(output: DiffView.render(cluster, x, y))
  }

  /// Failure detection, elections, fencing, routing, network faults and the timeline.
  package mutating func runControl(_ c: ControlCommand) throws -> Reply {
    switch c {
    case .failover(let mode):
      cluster.setFailoverMode(mode)
      return Reply(output: Explain.failoverMode(mode, method: cluster.control.method))
    case .manager(let kind):
      cluster.setManager(kind)
      return Reply(output: Explain.manager(kind, in: cluster))
    case .writeConcern(let w):
      try cluster.setWriteConcern(w)
      return Reply(output: Explain.writeConcern(w, in: cluster))
    case .election(let method):
      cluster.setElectionMethod(method)
      return Reply(output: Explain.election(method, in: cluster))
    case .compareElections:
      return Reply(output: try ElectionCompareView.render(cluster.compareElections(), in: cluster))
    case .detector(let d):
      cluster.setDetector(d)
      return Reply(output: Explain.detector(d, in: cluster))
    case .heartbeatInterval(let ms):
      cluster.setHeartbeatInterval(ms)
      return Reply(output: Explain.heartbeatInterval(ms))
    case .heartbeats:
      return Reply(output: HeartbeatView.render(cluster))
    case .stepDown(let on, let spelledFencing):
      cluster.setStepDown(on)
      return Reply(output: Explain.stepDown(on, spelledFencing: spelledFencing))
    case .stonith(let on):
      cluster.setStonith(on)
      return Reply(output: Explain.stonith(on))
    case .patroni(let name, let value):
      return try runPatroni(name, value)
    case .replicaPriority(let raw, let p):
      let name = try cluster.resolve(raw)
      try cluster.setPriority(p, for: name)
      return Reply(output: Explain.replicaPriority(name, p))
    case .recoveryBlock(let ms):
      cluster.setRecoveryBlock(ms)
      return Reply(output: Explain.recoveryBlock(ms))
    case .proxy(let on):
      cluster.setProxy(on)
      return Reply(output: Explain.proxy(on, master: cluster.masterName))
    case .partition(let rawSide, let rawOther, let window):
      return try runPartition(rawSide, rawOther, for: window)
    case .heal:
      let had = cluster.network.cutLinks.count
      let r = cluster.heal()
      return Reply(
        output: Explain.heal(
          hadCutLinks: had > 0, resynced: r.resynced,
          reannouncedTo: r.reannounced ? cluster.control.router.endpoint : nil,
          by: cluster.control.regime == .consensus ? cluster.masterName ?? "the primary" : ControlPlane.orchestratorName
        ))
    case .loss(let p):
      cluster.setLoss(p)
      return Reply(output: Explain.loss(p))
    case .jitter(let ms):
      cluster.setJitter(ms)
      return Reply(output: Explain.jitter(ms))
    case .demote(let raw):
      if cluster.control.regime == .consensus {
        throw CommandRegistry.error(Refusal.membersElect("demote"), command: "demote")
      }
      let name = try cluster.resolve(raw)
      return Reply(output: Explain.demoted(try cluster.demote(name), in: cluster))
    case .timeline(let range, let svg, let force):
      var text = TimelineView.render(cluster, range: range)
      if let svg {
        try writeFile(
          TimelineSVG.render(cluster, range: range, notes: pictures), to: svg, force: force, command: "timeline")
        text += "\n" + Explain.wroteTimeline(to: svg)
      }
      return Reply(output: text)
    }
  }

  package mutating func runPartition(_ rawSide: [String], _ rawOther: [String]?, for window: SimTime?) throws -> Reply {
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
      throw CommandRegistry.error(Refusal.namedTwice(twice, master: cluster.masterName), command: "partition")
    }
    // The rest of the network: the nodes, the clients, and whichever of the orchestrator and the
    // lease store the running regime uses (the other takes no part, and views do not name it).
    let idle = cluster.control.regime == .lease ? ControlPlane.orchestratorName : LeaseStore.name
    let other = named ?? cluster.endpointNames.filter { !side.contains($0) && $0 != idle }
    guard !other.isEmpty else { throw CommandRegistry.error(Refusal.nothingOnTheOtherSide, command: "partition") }
    let wasCut = cluster.network.cutLinks
    cluster.partition(side, from: other, for: window)
    // Name the client and the proxy only when they matter: when named, or when the client listens.
    let shown = other.filter { named != nil || cluster.node($0) != nil || $0 == cluster.control.deciderEndpoint }
    let already = cluster.network.cutLinks == wasCut
    return Reply(output: Explain.partition(side, from: shown, alreadyCut: already, window: window))
  }
}
