import ReplLabKernel
import ReplLabModel

/// What one election method would do if the master failed now.
public struct ElectionOutcome: Sendable {
  public let method: ElectionMethod
  /// Every node that became master (more than one is split brain).
  public let winners: [String]
  public let epoch: Int?
  /// From the orchestrator declaring the master dead to the client knowing the new one, or to
  /// giving up.
  public let took: SimTime
  /// Control messages sent: election messages, votes, orders and announcements.
  public let messages: Int
  /// The old master's writes the winner lacks.
  public let lost: [LostWrite]
  /// Whether the orchestrator gave up without a master.
  public let failed: Bool
}

/// `election compare`: the same failure, run once per method on copies of the cluster.
public struct ElectionComparison: Sendable {
  public let oldMaster: String
  /// Whether the comparison had to crash the master first (it was up).
  public let crashedIt: Bool
  public let at: SimTime
  public let outcomes: [ElectionOutcome]
  /// Key names as the copies knew them: traffic still running in a copy may write keys the cluster
  /// has never seen, and a later failover in that copy may lose them.
  public let keys: KeyTable
}

extension Cluster {
  /// Runs the failover once per election method, each on its own copy of the cluster, from the
  /// moment the orchestrator declares the master dead. The cluster itself does not change.
  public func compareElections() throws(ClusterError) -> ElectionComparison {
    guard let old = data.masterName, data.nodes.contains(old) else { throw .noMaster }
    let crashIt = data.nodes[old]!.isUp
    var outcomes: [ElectionOutcome] = []
    var names = data.keys
    for method in ElectionMethod.compared {
      var c = self
      c.data.clearJournal()
      if crashIt { _ = try? c.crash(old) }
      c.control.method = method
      c.control.failover = .auto
      c.control.orchestrator.run = nil
      c.control.orchestrator.watches[old]?.suspectedAt = c.data.now
      let start = c.data.now
      let before = c.data.timeline.appended
      c.control.beginFailover(from: old, in: &c.data)
      c.run(until: start + Orchestrator.failoverDeadline + 1, controlDone: { $0.orchestrator.run == nil })
      let took = c.data.now - start
      var winners: [String] = []
      var epoch: Int?
      var lost: [LostWrite] = []
      var failed = false
      for e in c.drainEvents() {
        guard case .control(let notice) = e.what, let ce = notice as? ControlEvent else { continue }
        switch ce {
        case .promoted(let node, let ep, _, _, _):
          winners.append(node)
          epoch = ep
        case .lost(let l, _, _):
          lost.append(l)
        case .failoverFailed, .noCandidate:
          failed = true
        default:
          break
        }
      }
      let fresh = c.data.timeline.records.suffix(c.data.timeline.appended - before)
      let messages = fresh.filter { r in
        guard case .message(let m, _) = r.entry, case .control(let signal) = m.body,
          let body = signal as? ControlMessage
        else { return false }
        if case .heartbeat = body { return false }
        return true
      }.count
      // Keys are only ever appended, so the copy that saw most names them all.
      if c.data.keys.count > names.count { names = c.data.keys }
      outcomes.append(
        ElectionOutcome(
          method: method, winners: winners, epoch: epoch, took: took, messages: messages, lost: lost,
          failed: failed || winners.isEmpty))
    }
    return ElectionComparison(oldMaster: old, crashedIt: crashIt, at: data.now, outcomes: outcomes, keys: names)
  }
}
