import ReplLab

/// Watches a run line by line and judges the cluster against the invariants, from outside: from
/// the cluster's read-only state and its audit (which writes were acknowledged by whom, who became
/// master with which log), never from the lab's own explanations.
///
/// `observe` runs after every line: durability at each promotion, fencing and positions on every
/// node. `checkConverged` runs once, after the run has repaired every fault and settled.
public struct InvariantChecker: Sendable {
  /// Whether fencing stays on for the whole run; the stale-epoch rule applies only then.
  public let fencing: Bool
  /// Whether the run is under the lease regime for its whole length: the single-writer rule.
  public let leases: Bool
  /// Whether the nodes elect among themselves (`manager consensus`).
  public let consensus: Bool
  /// Whether every acknowledgement waits for a majority for the whole run: then no acknowledged
  /// write may be missing from any later primary, whoever acknowledged it.
  public let majorityCommit: Bool
  /// Under consensus, the primary seen in each term.
  var primaries: [Int: String] = [:]

  /// A write that was acknowledged with nodes holding it, by (seq, epoch), and who acknowledged it.
  var durable: [WriteID: Audit.Acknowledgement] = [:]
  /// What the last observation saw of each node: its epoch and the end of its log.
  var seen: [String: (epoch: Int, lastSeq: Int)] = [:]
  /// Keys written with an unsafe function while the log format was statement: replicas may
  /// legitimately hold other values for them, as long as `diff` says so.
  public private(set) var unsafeKeys: Set<String> = []
  /// Durable writes lost because the promoted node was not among those that acknowledged them.
  public private(set) var lostLegitimately = 0
  /// Promotions seen, and acknowledged writes checked at them.
  public private(set) var promotions = 0
  public private(set) var acknowledgements = 0

  struct WriteID: Hashable, Sendable {
    let seq: Int
    let epoch: Int
  }

  public init(fencing: Bool, leases: Bool = false, consensus: Bool = false, majorityCommit: Bool = false) {
    self.fencing = fencing
    self.leases = leases
    self.consensus = consensus
    self.majorityCommit = majorityCommit
  }

  /// Checks the cluster after `line` (lesson line `number`) ran; the first broken rule, if any.
  public mutating func observe(_ line: String, number: Int, in interpreter: inout Interpreter) -> InvariantViolation? {
    let events = interpreter.drainAudit()
    let c = interpreter.cluster
    noteUnsafeWrite(line, format: c.logFormat)
    for e in events {
      switch e {
      case .acknowledged(let a):
        acknowledgements += 1
        durable[WriteID(seq: a.seq, epoch: a.epoch)] = a
      case .promoted(let p):
        promotions += 1
        if leases, !p.alsoActing.isEmpty {
          return InvariantViolation(
            .leases, line: number,
            "\(p.node) became master in epoch \(p.epoch) at t=\(p.at) ms while \(p.alsoActing.joined(separator: ", ")) still acted as master"
          )
        }
        if let v = promoted(p, line: number) { return v }
      }
    }
    if leases {
      let acting = c.nodeNames.filter { c.node($0)?.isUp == true && c.node($0)?.role == .master }
      if acting.count > 1 {
        return InvariantViolation(.leases, line: number, "\(acting.joined(separator: ", ")) all act as master")
      }
    }
    if consensus, let v = onePrimaryPerTerm(c, line: number) { return v }
    if let v = writers(c, line: number) { return v }
    // One copy of the nodes for every rule: a node is a large value, and a line is checked often.
    let nodes = c.orderedNodes
    if fencing, let v = staleEpochs(c, nodes, line: number) { return v }
    if let v = positions(c, nodes, line: number) { return v }
    if line.split(separator: " ").first == "settle", c.messagesInFlight == 0 { return progress(c, nodes, line: number) }
    return nil
  }

  // MARK: Progress

  /// After a quiet `settle`: a live replica connected to a live master (the master streams to it),
  /// linked to it, not waiting for a snapshot and not stopped by an error, holds the master's whole
  /// log. A replica its master does not count as connected waits for whoever re-points it (the
  /// orchestrator, an operator), which is a failover's business, not replication's.
  func progress(_ c: Cluster, _ nodes: [Node], line: Int) -> InvariantViolation? {
    for n in nodes where n.isUp && n.role == .replica {
      guard let mName = n.masterName, let m = c.node(mName), m.isUp, m.role == .master,
        m.replicas[n.name]?.connected == true,
        !c.network.isCut(n.name, mName), !n.awaitingSnapshot, n.replicationError == nil
      else { continue }
      if n.log.lastSeq < m.log.lastSeq {
        let state = c.data.replicationState(of: n.name).map { "\($0)" } ?? "-"
        return InvariantViolation(
          .progress, line: line,
          "settle reported nothing in flight, yet \(n.name) has received up to seq \(n.log.lastSeq) of \(mName)'s \(m.log.lastSeq) (state \(state))"
        )
      }
    }
    return nil
  }

  // MARK: Durability

  /// Each acknowledged write must be on a promoted node that acknowledged it; a write the promoted
  /// node lacks and never acknowledged is lost as a real system would lose it, and no longer counts.
  mutating func promoted(_ p: Audit.Promotion, line: Int) -> InvariantViolation? {
    for id in durable.keys.sorted(by: { ($0.epoch, $0.seq) < ($1.epoch, $1.seq) }) {
      let a = durable[id]!
      let epochThere = p.history.last(where: { $0.firstSeq <= id.seq })?.epoch
      if p.lastSeq >= id.seq && epochThere == id.epoch { continue }
      if majorityCommit {
        return InvariantViolation(
          .durability, line: line,
          "seq \(id.seq) (epoch \(id.epoch)) was acknowledged under write-concern majority by \(a.by.joined(separator: ", ")), but \(p.node) became primary in term \(p.epoch) with its log ending at seq \(p.lastSeq) and without it"
        )
      }
      if a.by.contains(p.node) {
        return InvariantViolation(
          .durability, line: line,
          "seq \(id.seq) (epoch \(id.epoch)) was acknowledged at t=\(a.at) ms under \(describe(a)) by \(a.by.joined(separator: ", ")), but \(p.node), which acknowledged it, became master in epoch \(p.epoch) with its log ending at seq \(p.lastSeq)\(epochThere.map { ", epoch \($0) there" } ?? "") and without it"
        )
      }
      durable[id] = nil
      lostLegitimately += 1
    }
    return nil
  }

  func describe(_ a: Audit.Acknowledgement) -> String {
    switch a.mode {
    case .async: "async (a standby acknowledged)"
    case .semi: "semi-sync \(a.semiSyncOn ? "on" : "off"), \(a.waitPoint.rawValue)"
    case .sync: "sync\(a.degraded ? " (degraded)" : "")"
    }
  }

  mutating func noteUnsafeWrite(_ line: String, format: LogFormat) {
    guard format == .statement else { return }
    let words = line.split(separator: " ").map { $0.lowercased() }
    guard let set = words.firstIndex(of: "set"), set + 2 < words.count,
      ["rand()", "uuid()", "sysdate()"].contains(words[set + 2])
    else { return }
    unsafeKeys.insert(words[set + 1])
  }

  // MARK: Elections

  /// Raft's election safety: two nodes never lead the same term.
  mutating func onePrimaryPerTerm(_ c: Cluster, line: Int) -> InvariantViolation? {
    let group = c.control.consensus
    for leader in group.leaders(in: c.data) {
      let term = group.members[leader]?.term ?? 0
      if let other = primaries[term], other != leader {
        return InvariantViolation(.election, line: line, "\(other) and \(leader) were both primary in term \(term)")
      }
      primaries[term] = leader
    }
    return nil
  }

  /// After the repair (every node up, every link healed, then several election timeouts): exactly
  /// one primary, and every member in its term.
  public func checkElected(_ c: Cluster, line: Int) -> InvariantViolation? {
    let group = c.control.consensus
    let leaders = group.leaders(in: c.data)
    guard leaders.count == 1, let leader = leaders.first else {
      return InvariantViolation(
        .election, line: line,
        "every node up and connected for \(FaultRun.electionWait.durationText), yet \(leaders.count) primaries (\(leaders.joined(separator: ", ")))"
      )
    }
    let term = group.members[leader]?.term ?? 0
    for name in c.nodeNames where group.members[name]?.term != term {
      return InvariantViolation(
        .election, line: line,
        "\(name) is in term \(group.members[name]?.term ?? 0), primary \(leader) in term \(term), after the repair")
    }
    return nil
  }

  // MARK: Fencing

  /// One node writes in each epoch.
  func writers(_ c: Cluster, line: Int) -> InvariantViolation? {
    for (epoch, nodes) in c.audit.writers.sorted(by: { $0.key < $1.key }) where nodes.count > 1 {
      return InvariantViolation(
        .fencing, line: line, "epoch \(epoch) has \(nodes.count) writers: \(nodes.joined(separator: ", "))")
    }
    return nil
  }

  /// A node that knows epoch E stores no entry outside E's timeline that it did not already have
  /// when it learned of E (those wait for its new master's rewind). The master's own log is always
  /// on its epoch's timeline.
  mutating func staleEpochs(_ c: Cluster, _ nodes: [Node], line: Int) -> InvariantViolation? {
    defer { for n in nodes { seen[n.name] = (n.epoch, n.log.lastSeq) } }
    for n in nodes {
      guard let timeline = c.audit.timelines[n.epoch] else { continue }
      let common = n.log.commonPrefix(withHistory: timeline, lastSeq: .max)
      guard common < n.log.lastSeq else { continue }
      let entry = "seq \(common + 1)...\(n.log.lastSeq) of epoch \(n.log.epoch(at: n.log.lastSeq) ?? 0)"
      if n.name == c.masterName && n.role == .master {
        return InvariantViolation(
          .fencing, line: line, "master \(n.name) (epoch \(n.epoch)) holds \(entry), off its own epoch's timeline")
      }
      if let before = seen[n.name], before.epoch == n.epoch, n.log.lastSeq > before.lastSeq {
        return InvariantViolation(
          .fencing, line: line,
          "\(n.name) knew epoch \(n.epoch) and still stored \(entry), which epoch \(n.epoch)'s timeline does not have (its log ended at seq \(before.lastSeq) before)"
        )
      }
    }
    return nil
  }

  // MARK: Positions

  /// applied <= received on every node; no node drops log it has not applied; no node is ahead of
  /// the master on the master's own timeline; the master's view of each replica agrees.
  func positions(_ c: Cluster, _ nodes: [Node], line: Int) -> InvariantViolation? {
    for n in nodes {
      if n.applied > n.log.lastSeq {
        return InvariantViolation(
          .positions, line: line, "\(n.name) applied seq \(n.applied) but received only up to seq \(n.log.lastSeq)")
      }
      if n.applied < n.log.firstSeq - 1 {
        return InvariantViolation(
          .positions, line: line,
          "\(n.name) purged its log up to seq \(n.log.firstSeq - 1) but applied only up to seq \(n.applied)")
      }
    }
    guard let m = c.master else { return nil }
    for n in nodes where n.name != m.name && n.log.lastSeq > m.log.lastSeq {
      // Entries beyond the master's end are legitimate only on a superseded timeline (an old
      // master's last writes, waiting to be rolled back).
      let newest = n.log.epoch(at: n.log.lastSeq) ?? 0
      if newest >= m.epoch {
        return InvariantViolation(
          .positions, line: line,
          "\(n.name) received up to seq \(n.log.lastSeq) in epoch \(newest), beyond master \(m.name)'s last seq \(m.log.lastSeq) in epoch \(m.epoch)"
        )
      }
    }
    for (name, p) in m.replicas.sorted(by: { $0.key < $1.key }) {
      if p.applied > p.received || p.received > m.log.lastSeq {
        return InvariantViolation(
          .positions, line: line,
          "master \(m.name) believes \(name) applied seq \(p.applied) and received seq \(p.received), with its own log at seq \(m.log.lastSeq)"
        )
      }
    }
    return nil
  }

  // MARK: Convergence

  /// After the repair and settle: one master, and every other live node a replica of it with the
  /// same log end, everything applied, on the same timeline and with the same data, except unsafe
  /// keys that `diffOutput` (what `diff` printed) shows.
  public func checkConverged(_ c: Cluster, diffOutput: String, line: Int) -> InvariantViolation? {
    func broken(_ s: String) -> InvariantViolation { InvariantViolation(.convergence, line: line, s) }
    guard let m = c.master, m.isUp, m.role == .master else { return broken("no live master after the repair") }
    if m.applied != m.log.lastSeq {
      return broken("master \(m.name) has applied seq \(m.applied) of \(m.log.lastSeq): writes still wait")
    }
    let diffRows = Set(diffOutput.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
    for n in c.orderedNodes where n.name != m.name {
      guard n.isUp else { return broken("\(n.name) is still down after the repair") }
      guard n.role == .replica else { return broken("\(n.name) still acts as \(n.role) beside master \(m.name)") }
      guard n.masterName == m.name else {
        return broken("\(n.name) follows \(n.masterName ?? "nobody"), not master \(m.name)")
      }
      if n.awaitingSnapshot { return broken("\(n.name) still waits for a snapshot") }
      if let e = n.replicationError { return broken("\(n.name) stopped replicating: \(e)") }
      if n.log.lastSeq != m.log.lastSeq || n.applied != m.applied {
        return broken(
          "\(n.name) received seq \(n.log.lastSeq) and applied seq \(n.applied); master \(m.name) is at seq \(m.log.lastSeq)"
        )
      }
      let common = n.log.commonPrefix(withHistory: m.log.history, lastSeq: m.log.lastSeq)
      if common != m.log.lastSeq {
        return broken("\(n.name) shares only seq 1...\(common) of master \(m.name)'s timeline (seq \(m.log.lastSeq))")
      }
      var ids = Set(m.data.pairs.map(\.0))
      for (id, _) in n.data.pairs { ids.insert(id) }
      for id in ids.sorted() where n.data[id] != m.data[id] {
        let key = c.keyName(id)
        guard unsafeKeys.contains(key) else {
          return broken(
            "\(n.name) holds \(key)=\(n.data[id] ?? "(nil)"), master \(m.name) holds \(key)=\(m.data[id] ?? "(nil)")")
        }
        guard diffRows.contains(key) else {
          return broken(
            "\(n.name) and master \(m.name) differ on \(key) (statement-based, unsafe), but `diff` does not show it")
        }
      }
    }
    return nil
  }
}
