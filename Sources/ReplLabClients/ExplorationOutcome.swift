import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// How one run of an explored scenario ended, judged from outside as a checker would: from what the
/// clients were told and read, and from the cluster after its recovery.
public struct ExplorationOutcome: Sendable, Equatable {
  /// Writes acknowledged to their client that the final master's log does not hold.
  public var lostWrites: [ClientOperation] = []
  /// Reads that returned a value whose write was lost later.
  public var readThenLost: [ClientOperation] = []
  /// Two nodes acted as master at once, or a client wrote to a deposed master.
  public var splitBrain = false
  /// Reads that broke a guarantee their client asked for.
  public var staleReads: [Violation] = []
  /// Writes whose client heard no OK: blocked, cut off by a crash, or refused for want of a master.
  public var unacknowledged = 0
  /// After the recovery: one master, no stray, every live node holding exactly the master's log.
  public var recovered = true
  /// Live nodes that applied the master's whole log yet hold other data: a write applied twice
  /// (a replica position not crash-safe), or a statement that ran differently there.
  public var diverged: [String] = []
  /// How long after the fault a master took writes again, when the fault took the master away and
  /// one came back; nil otherwise.
  public var recoveryTime: SimTime?

  public init() {}

  /// The things that can go wrong, in the order reports list them.
  public enum Harm: String, Sendable, CaseIterable, Comparable {
    case lostWrite = "lost-write"
    case readThenLost = "read-lost"
    case splitBrain = "split-brain"
    case staleRead = "stale-read"
    case unacknowledged
    case unrecovered
    case diverged

    public static func < (a: Harm, b: Harm) -> Bool {
      allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
  }

  /// What went wrong in this run: its outcome class (empty when nothing did).
  public var harms: [Harm] {
    var h: [Harm] = []
    if !lostWrites.isEmpty { h.append(.lostWrite) }
    if !readThenLost.isEmpty { h.append(.readThenLost) }
    if splitBrain { h.append(.splitBrain) }
    if !staleReads.isEmpty { h.append(.staleRead) }
    if unacknowledged > 0 { h.append(.unacknowledged) }
    if !recovered { h.append(.unrecovered) }
    if !diverged.isEmpty { h.append(.diverged) }
    return h
  }

  /// Judges the run: `clients` holds the scenario's history alone, `cluster` is the cluster after
  /// the recovery. The other facts are the explorer's, seen while the run went on.
  public static func judge(
    clients: ClientTable, cluster: Cluster, splitBrain: Bool, refusedWrites: Int, recoveryTime: SimTime?
  ) -> ExplorationOutcome {
    var o = ExplorationOutcome()
    let ops = Array(clients.history.operations)
    // The log writes are judged against: the master's, or with none, the newest live node's.
    let judge =
      cluster.master.flatMap { $0.isUp ? $0 : nil }
      ?? cluster.orderedNodes.filter(\.isUp).max {
        ($0.log.lastEpoch, $0.log.lastSeq) < ($1.log.lastEpoch, $1.log.lastSeq)
      }
    func survives(_ seq: Int, epoch: Int) -> Bool {
      guard let log = judge?.log, seq <= log.lastSeq else { return false }
      return log.epoch(at: seq) == epoch
    }
    var lost: [ClientOperation] = []
    for op in ops {
      guard case .write(_, let seq, let epoch, let acknowledged) = op.kind else { continue }
      if !acknowledged {
        o.unacknowledged += 1
      } else if !survives(seq, epoch: epoch) {
        lost.append(op)
      }
    }
    o.unacknowledged += refusedWrites
    o.lostWrites = lost
    // A read returned the value of the latest write of that seq to that key before it.
    for (i, read) in ops.enumerated() {
      guard case .read(_, _, let version, _) = read.kind, version > 0 else { continue }
      let source = ops[..<i].last { w in
        if case .write(_, let seq, _, _) = w.kind { return seq == version && w.key == read.key }
        return false
      }
      if let source, case .write(_, let seq, let epoch, _) = source.kind, !survives(seq, epoch: epoch) {
        o.readThenLost.append(read)
      }
    }
    o.splitBrain = splitBrain
    o.staleReads = HistoryChecker.check(ops).filter { v in
      clients.sessions[v.read.client]?.guarantees.contains(v.guarantee) ?? false
    }
    o.recovered = converged(cluster)
    o.diverged = divergedNodes(cluster)
    o.recoveryTime = recoveryTime
    return o
  }

  /// Live nodes that have applied exactly the master's log and hold other data than it, in display
  /// order: the log agrees, the data does not, and nothing in the log says so.
  static func divergedNodes(_ c: Cluster) -> [String] {
    guard let m = c.master, m.isUp else { return [] }
    let last = m.log.lastSeq
    return c.orderedNodes.filter { n in
      n.isUp && n.name != m.name && n.log.lastSeq == last && n.applied == last && n.data != m.data
    }.map(\.name)
  }

  /// One live master, no stray, and every live node with the master's whole log applied.
  static func converged(_ c: Cluster) -> Bool {
    guard let m = c.master, m.isUp, c.strayMasters.isEmpty else { return false }
    let last = m.log.lastSeq
    return c.orderedNodes.allSatisfy { n in
      !n.isUp || n.name == m.name
        || (n.log.lastSeq == last && n.applied == last && (last == 0 || n.log.epoch(at: last) == m.log.epoch(at: last)))
    }
  }
}
