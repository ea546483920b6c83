import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension ClientTable {
  /// A client's read: route it (the learner's `from NODE`, else the client's read policy), let the
  /// client's fixes redirect, refuse or wait, read, record it, and check it against the history.
  ///
  /// Everything that can refuse the read is checked before anything changes; waiting runs the
  /// simulation (bounded by the client's timeout), as a real client blocked on a replica would.
  public mutating func read(_ rawName: String, key: String, from explicit: String?, in cluster: inout Cluster) throws
    -> ClientReadOutcome
  {
    let s = try session(rawName)
    let name = s.name
    var notes: [RouteNote] = []

    // 1. Where the learner or the policy sends the read.
    enum Choice {
      case node(String)
      case random([String])
      case turn([String])
    }
    var choice: Choice
    var moveTo: String?
    if let explicit {
      let node = try resolveNode(explicit, cluster)
      if s.keepsSticky, let pin = s.stickyReplica, node != pin,
        let g = Guarantee.allCases.first(where: { s.fix(for: $0) == .sticky })
      {
        throw ClientError.stickyBypass(client: name, sticky: pin, asked: node, guarantee: g)
      }
      choice = .node(node)
    } else {
      let live = cluster.liveReplicas
      switch (s.reads, live.isEmpty) {
      // "The master" is the one this client was told about, which after a failover it may not
      // have heard of yet.
      case (.master, _):
        choice = .node(cluster.routedMaster ?? "")
      case (_, true):
        notes.append(.noLiveReplica)
        choice = .node(cluster.routedMaster ?? "")
      case (.random, false):
        choice = .random(live)
      case (.roundRobin, false):
        choice = .turn(live)
      case (.sticky, false):
        if let pin = s.stickyReplica, live.contains(pin) {
          choice = .node(pin)
        } else {
          let next = Self.hashPick(name, among: live)!
          let old = s.stickyReplica ?? next
          moveTo = next
          notes.append(
            .stickyMoved(
              from: old, to: next, why: Self.whyNotServing(old, in: cluster), onlyChoice: live.count == 1,
              seen: s.highestPosition,
              keepsGuarantee: Guarantee.allCases.first { s.fix(for: $0) == .sticky }))
          choice = .node(next)
        }
      }
    }

    // 2. Read-your-writes may send it to the master instead.
    let masterName = cluster.routedMaster
    var redirect: RouteNote?
    var chosen: String?
    if case .node(let n) = choice { chosen = n }
    if chosen == nil || chosen != masterName {
      let m = masterName ?? ""
      switch s.fix(for: .readYourWrites) {
      case .master where s.writtenKeys.contains(key):
        redirect = .writtenKey(master: m)
      case .window(let window):
        // Judged by the client's wall clock now against the one it wrote down: a clock stepped
        // forward in between makes the window end early.
        if let last = s.lastWrite, cluster.now + s.clockOffset - last.time < window {
          redirect = .window(master: m, since: cluster.now + s.clockOffset - last.time, window: window)
        }
      default:
        break
      }
    }
    if let redirect {
      // The sticky replica (if it moved) is picked on the next read that goes to a replica.
      notes.removeAll()
      notes.append(redirect)
      moveTo = nil
      guard let m = masterName else {
        throw ClientError.masterNeeded(client: name, redirect: redirect, problem: nil)
      }
      do throws(ClusterError) { _ = try cluster.readableNode(key, from: m) } catch {
        throw ClientError.masterNeeded(client: name, redirect: redirect, problem: error)
      }
      choice = .node(m)
    } else if case .node(let n) = choice {
      // Refuse a read of a node that cannot answer (down, no master) before anything changes.
      _ = try cluster.readableNode(key, from: n)
    }

    // Nothing below can refuse the read: from here on the session and the cluster change.
    var target: String
    switch choice {
    case .node(let n):
      target = n
    case .random(let live):
      target = live[cluster.randomIndex(below: live.count)]
    case .turn(let live):
      target = live[sessions[name]!.turn % live.count]
      sessions[name]!.turn += 1
    }
    if let moveTo { sessions[name]!.stickyReplica = moveTo }
    sessions[name]!.stats.reads += 1
    if redirect != nil { sessions[name]!.stats.redirected += 1 }

    // 3. Monotonic reads, refuse: a replica behind the client's position passes the read on.
    let position = s.highestPosition
    if target != masterName, s.fix(for: .monotonicReads) == .refuse, let applied = cluster.nodes[target]?.applied,
      applied < position
    {
      let others = cluster.liveReplicas.filter { $0 != target && (cluster.nodes[$0]?.applied ?? 0) >= position }
      let masterUp = masterName.map { cluster.nodes[$0]?.isUp == true } ?? false
      let next: String? = others.first ?? (masterUp ? masterName : nil)
      notes.append(.refused(by: target, applied: applied, position: position, answeredBy: next))
      sessions[name]!.stats.refused += 1
      guard let next else {
        return noAnswer(name, key: key, node: target, waited: 0, notes: notes, wait: nil, in: cluster)
      }
      target = next
    }

    // 4. Waiting fixes: the replica answers only once it has applied the client's token.
    var wait: WaitReport?
    if target != masterName, let token = waitToken(for: s), let applied = cluster.nodes[target]?.applied,
      applied < token.seq
    {
      let start = cluster.now
      let result = cluster.waitUntilApplied(token.seq, on: target, limit: s.timeout)
      let waited = cluster.now - start
      let report: WaitReport.Result
      switch result {
      case .reached: report = .reached
      case .timedOut: report = .timedOut(applied: cluster.nodes[target]?.applied ?? 0)
      case .nodeDown: report = .nodeDown
      }
      wait = WaitReport(
        node: target, seq: token.seq, guarantee: token.guarantee, viaSticky: token.viaSticky, waited: waited,
        result: report)
      sessions[name]!.stats.waited += waited
      if result != .reached {
        return noAnswer(name, key: key, node: target, waited: waited, notes: notes, wait: wait, in: cluster)
      }
    }

    // 5. The read itself, recorded and checked.
    let r = try cluster.read(key, from: target)
    let version = cluster.data.version(of: key, on: target)
    let op = history.record(
      client: name, time: cluster.now, key: key, node: target,
      kind: .read(value: r.value, applied: r.applied, version: version, waited: wait?.waited ?? 0))
    let violations = checker.observe(op)
    if target == masterName { sessions[name]!.stats.masterReads += 1 }
    if !violations.isEmpty { sessions[name]!.stats.broken += 1 }
    sessions[name]!.highestPosition = max(s.highestPosition, r.applied)
    sessions[name]!.newestSeen = max(s.newestSeen, version)
    return ClientReadOutcome(
      client: name, notes: notes, wait: wait, read: r, operation: op, violations: violations, warnings: s.warnings)
  }

  /// The highest token the client's waiting fixes ask a replica to have applied, and whose it is.
  /// A sticky fix waits too, but only matters when the client has just moved to another replica:
  /// it carries the client's position over, so the move cannot send it back in time.
  package func waitToken(for s: ClientSession) -> (seq: Int, guarantee: Guarantee, viaSticky: Bool)? {
    var best: (seq: Int, guarantee: Guarantee, viaSticky: Bool)?
    func consider(_ seq: Int, _ g: Guarantee, sticky: Bool) {
      if seq > 0, seq > (best?.seq ?? 0) { best = (seq, g, sticky) }
    }
    if s.fix(for: .readYourWrites) == .wait, let last = s.lastWrite {
      consider(last.seq, .readYourWrites, sticky: false)
    }
    switch s.fix(for: .monotonicReads) {
    case .wait: consider(s.highestPosition, .monotonicReads, sticky: false)
    case .sticky: consider(s.highestPosition, .monotonicReads, sticky: true)
    default: break
    }
    switch s.fix(for: .consistentPrefix) {
    case .wait: consider(s.newestSeen, .consistentPrefix, sticky: false)
    case .sticky: consider(s.newestSeen, .consistentPrefix, sticky: true)
    default: break
    }
    return best
  }

  /// A read that got no answer: recorded, counted, not checked (it showed nothing).
  private mutating func noAnswer(
    _ name: String, key: String, node: String, waited: SimTime, notes: [RouteNote], wait: WaitReport?,
    in cluster: Cluster
  ) -> ClientReadOutcome {
    let op = history.record(client: name, time: cluster.now, key: key, node: node, kind: .noAnswer(waited: waited))
    _ = checker.observe(op)
    sessions[name]!.stats.timedOut += 1
    return ClientReadOutcome(
      client: name, notes: notes, wait: wait, read: nil, operation: op, violations: [],
      warnings: sessions[name]!.warnings)
  }

  /// Why a sticky replica cannot serve any more, for the sentence that says the client moved.
  package static func whyNotServing(_ node: String, in cluster: Cluster) -> NotServing {
    guard let n = cluster.nodes[node] else { return .removed }
    if node == cluster.masterName { return .nowMaster }
    if !n.isUp { return .down }
    return .notFollowing
  }
}
