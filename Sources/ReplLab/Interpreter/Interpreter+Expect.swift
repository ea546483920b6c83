import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `expect ...`: checks one fact. A false one is a refusal that also marks the reply, so a lesson
  /// replay fails; it changes nothing either way.
  package func runExpect(_ e: Expectation) throws -> Reply {
    do {
      let (held, actual) = try evaluate(e)
      if held { return Reply(output: Explain.expectationHeld(e)) }
      return Reply(error: Explain.expectationFailed(e, actual: actual), failedExpectation: true)
    } catch let error as ClusterError {
      return Reply(error: Explain.expectationRefused(e, because: error.message), failedExpectation: true)
    } catch let error as ClientError {
      return Reply(error: Explain.expectationRefused(e, because: error.message), failedExpectation: true)
    }
  }

  /// Whether `e` holds, and what the cluster actually has, in words.
  package func evaluate(_ e: Expectation) throws -> (Bool, String) {
    let c = cluster
    switch e {
    case .value(let key, let expected, let raw):
      let name = try c.resolve(raw)
      let value = c.keys.id(of: key).flatMap { c.nodes[name]!.data[$0] }
      return (value == expected, Explain.actualValue(value, on: name, key: key))
    case .state(let raw, let wanted):
      let name = try c.resolve(raw)
      let states = Self.states(of: c.nodes[name]!, in: c)
      return (states.contains(wanted), Explain.actualStates(states, of: name))
    case .lag(let raw, let op, let n):
      let name = try c.resolve(raw)
      guard let m = c.master else { return (false, Explain.actualLag(nil, of: name)) }
      let lag = max(0, m.log.lastSeq - c.nodes[name]!.applied)
      return (op.holds(lag, n), Explain.actualLag(lag, of: name))
    case .lost(let op, let n):
      let lost = c.lostWrites.count
      return (op.holds(lost, n), Explain.actualLost(lost))
    case .masters(let op, let n):
      let acting = c.nodeNames.filter { c.nodes[$0]!.isUp && c.nodes[$0]!.role == .master }
      return (op.holds(acting.count, n), Explain.actualMasters(acting))
    case .syncMode(let mode):
      return (c.syncMode == mode, Explain.actualSyncMode(c.syncMode))
    case .semiSync(let on):
      let active = c.syncMode == .semi && c.semiSyncActive
      return (active == on, Explain.actualSemiSync(mode: c.syncMode, active: active))
    case .guarantee(let g, let broken, let client):
      if let client, !clients.names.contains(client.lowercased()) {
        throw ClientError.unknownClient(client, known: clients.names)
      }
      let found = HistoryChecker.check(clients.history.operations).filter { v in
        v.guarantee == g && (client == nil || v.read.client == client!.lowercased())
      }
      return (found.isEmpty != broken, Explain.actualBroken(g, reads: found.count))
    case .errant(let op, let n):
      let errant = c.data.errantTransactions
      return (op.holds(errant.count, n), Explain.actualErrant(errant))
    case .semiSyncFallbacks(let op, let n):
      return (op.holds(semiSyncFallbacks, n), Explain.actualFallbacks(semiSyncFallbacks))
    case .clientFix(let client, let g, let on):
      let fix = try clients.session(client).fix(for: g)
      return ((fix != .off) == on, Explain.actualFix(client: client.lowercased(), g, fix))
    case .explored(let what, let op, let n):
      guard let e = lastExploration else { return (false, Explain.actualNoExploration) }
      let count: Int =
        switch what {
        case .runs: e.explored
        case .noHarm: e.classes.first { $0.harms.isEmpty }?.count ?? 0
        case .harm(let h): e.count(with: h)
        }
      return (op.holds(count, n), Explain.actualExplored(count, what.word, of: e.explored))
    }
  }

  /// Every state that describes `n` now.
  package static func states(of n: Node, in c: Cluster) -> [Expectation.NodeState] {
    guard n.isUp else { return [.down] }
    var s: [Expectation.NodeState] = [.up]
    if n.isStandby { s.append(.standby) } else if n.role == .master { s.append(.master) } else { s.append(.replica) }
    if n.replicationError != nil || n.divergedAfter != nil { s.append(.stopped) }
    if n.awaitingSnapshot { s.append(.snapshot) }
    if !c.cutOff(from: n.name).isEmpty { s.append(.partitioned) }
    return s
  }
}
