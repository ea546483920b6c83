import ReplLab

/// Everything a command could change, captured so that two captures compare with `==`: the clock,
/// the generator's state, every setting, every node (role, positions, log bounds and epoch history,
/// data, its view of its replicas), the network, the control plane, the queue and the clients.
///
/// A refused line must leave it as it was. Taking one copies values, not logs (a log's bounds and
/// epoch history stand for it: a change to the log moves them); the data stores are shared, not
/// copied, so a fuzz run can afford one per line. `differences(to:)` names the fields that differ.
public struct StateDigest: Sendable, Equatable {
  var clock: SimTime
  var random: UInt64
  var seed: UInt64
  var epoch: Int
  var master: String?
  var nodeNames: [String]
  var keys: Int
  var modes: Modes
  var work: [Int]
  var pending: [String]
  var nodes: [NodeState]
  var network: NetworkState
  var control: ControlState
  var clients: [ClientState]
  var history: [Int]

  struct Modes: Sendable, Equatable {
    var sync: SyncMode
    var semiSync: SemiSyncSettings
    var semiSyncActive: Bool
    var commitLevel: CommitLevel
    var standbys: StandbyNames
    var fallback: SyncFallback
    var degraded: Bool
    var logFormat: LogFormat
    var retention: Retention?
    var resync: ResyncMode
  }

  struct NodeState: Sendable, Equatable {
    var name: String
    var role: Role
    var isUp: Bool
    var incarnation: Int
    var epoch: Int
    var follows: String?
    var isStandby: Bool
    var applyRate: Int?
    var awaitingSnapshot: Bool
    var replicationError: String?
    var log: [Int]
    var history: [ReplicationLog.EpochStart]
    var data: KeyValueStore
    var replicas: [String: [Int]]
  }

  struct NetworkState: Sendable, Equatable {
    var jitter: SimTime
    var loss: Double
    var latency: [String: SimTime]
    var cut: Set<Network.Link>
  }

  struct ControlState: Sendable, Equatable {
    var failover: FailoverMode
    var method: ElectionMethod
    var detector: FailureDetector
    var heartbeat: SimTime
    var fencing: Bool
    var recoveryBlock: SimTime
    var priorities: [String: Int]
    var router: Router
    var failingOver: Bool
    var lastAutoFailover: SimTime?
    var suspected: [String]
    var timeline: Int
  }

  struct ClientState: Sendable, Equatable {
    var name: String
    var reads: ReadPolicy
    var sticky: String?
    var fixes: [Guarantee: Fix]
    var timeout: SimTime
    var warnings: Bool
    var token: [SimTime]
    var written: Set<String>
    var positions: [Int]
    var stats: ClientSession.Stats
  }

  public init(_ interpreter: Interpreter) {
    let c = interpreter.cluster
    var r = c.random
    clock = c.now
    random = r.next()
    seed = c.seed
    epoch = c.epoch
    master = c.masterName
    nodeNames = c.nodeNames
    keys = c.keys.count
    modes = Modes(
      sync: c.syncMode, semiSync: c.semiSync, semiSyncActive: c.semiSyncActive, commitLevel: c.commitLevel,
      standbys: c.syncStandbys, fallback: c.syncFallback, degraded: c.syncDegraded, logFormat: c.logFormat,
      retention: c.retention, resync: c.resyncMode)
    work = [c.scheduledEvents, c.messagesInFlight, c.activeLoads, c.exposedReads.count]
    pending = c.pendingWrites.map { "\($0.seq)@\($0.master)/\($0.mode.rawValue)" }
    nodes = c.orderedNodes.map { n in
      NodeState(
        name: n.name, role: n.role, isUp: n.isUp, incarnation: n.incarnation, epoch: n.epoch, follows: n.masterName,
        isStandby: n.isStandby, applyRate: n.applyRate, awaitingSnapshot: n.awaitingSnapshot,
        replicationError: n.replicationError, log: [n.log.firstSeq, n.log.lastSeq, n.applied], history: n.log.history,
        data: n.data,
        replicas: n.replicas.mapValues { p in
          [p.connected ? 1 : 0, p.streaming ? 1 : 0, p.received, p.applied, p.sent, p.sendingSnapshot ? 1 : 0, Int(p.lastAck ?? -1)]
        })
    }
    network = NetworkState(
      jitter: c.network.jitter, loss: c.network.lossRate, latency: c.network.nodeLatency, cut: c.network.cutLinks)
    let p = c.control
    control = ControlState(
      failover: p.failover, method: p.method, detector: p.detector, heartbeat: p.heartbeatInterval, fencing: p.fencing,
      recoveryBlock: p.recoveryBlock, priorities: p.priorities, router: p.router,
      failingOver: p.orchestrator.isFailingOver, lastAutoFailover: p.orchestrator.lastAutoFailover,
      suspected: p.orchestrator.suspected(in: c.nodeNames), timeline: c.timeline.appended)
    clients = interpreter.clients.orderedSessions.map { s in
      ClientState(
        name: s.name, reads: s.reads, sticky: s.stickyReplica, fixes: s.fixes, timeout: s.timeout, warnings: s.warnings,
        token: s.lastWrite.map { [SimTime($0.seq), $0.time] } ?? [], written: s.writtenKeys,
        positions: [s.highestPosition, s.newestSeen], stats: s.stats)
    }
    history = [interpreter.clients.history.recorded, interpreter.clients.history.operations.count]
  }

  /// The fields that differ between two digests, one line each, for a report.
  public func differences(to other: StateDigest) -> [String] {
    var out: [String] = []
    for (a, b) in zip(Mirror(reflecting: self).children, Mirror(reflecting: other).children) {
      let x = String(describing: a.value)
      let y = String(describing: b.value)
      if x != y { out.append("\(a.label ?? "?"): \(x)\n  became \(y)") }
    }
    return out
  }
}
