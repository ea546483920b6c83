import ReplLabKernel

/// The data plane of the simulated cluster: nodes and their logs, the write path, replication, the
/// network between them, the clock, the event queue and the seeded generator.
///
/// It knows nothing of failover: a control plane (`ReplLabControl`) decides who is master and tells
/// it through named transitions (`takeOver`, `follow`, `stepDown`...). Control timers and messages
/// travel through its queue and network as opaque payloads, which its event loop hands back to the
/// control plane (`runUntilControl`).
public struct DataPlane: Sendable {
  /// The clock: simulated milliseconds since the lab started.
  public internal(set) var now: SimTime = 0
  public internal(set) var random: SeededGenerator
  public internal(set) var network = Network()
  public internal(set) var keys = KeyTable()
  /// Nodes by name; `nodeNames` gives their order.
  public internal(set) var nodes = NodeTable()
  /// Node names in the order they were added (db1, db2, ...), which is the order views use.
  public internal(set) var nodeNames: [String] = []
  /// The node the control plane (the operator, the orchestrator) considers master.
  public internal(set) var masterName: String?
  /// The highest epoch ever started; each promotion starts the next one.
  public internal(set) var epoch = 1
  /// Who became master in each epoch: the node that acknowledged the epoch's writes to clients.
  public internal(set) var masterOfEpoch: [Int: String] = [1: "db1"]
  public internal(set) var syncMode: SyncMode = .async
  /// MySQL semi-sync settings: acknowledgements needed, timeout, wait point.
  public internal(set) var semiSync = SemiSyncSettings()
  /// PostgreSQL's synchronous_commit level for `sync-mode sync`.
  public internal(set) var commitLevel: CommitLevel = .remoteApply
  /// PostgreSQL's synchronous_standby_names for `sync-mode sync`.
  public internal(set) var syncStandbys: StandbyNames = .all
  /// What sync commits do when too few synchronous standbys are connected.
  public internal(set) var syncFallback: SyncFallback = .wait
  /// Whether sync commits are currently degraded to async for lack of standbys.
  public internal(set) var syncDegraded = false
  /// binlog_format.
  public internal(set) var logFormat: LogFormat = .row
  /// How much log every node keeps; nil keeps everything.
  public internal(set) var retention: Retention?
  /// What a replica does when the log it needs was purged.
  public internal(set) var resyncMode: ResyncMode = .auto
  /// How views name log positions: the lab's seq, MySQL's binlog file and offset, or GTID sets.
  public internal(set) var positions: PositionView = .seq
  /// What a node holding writes its new master lacks does when it rejoins.
  public internal(set) var rejoinMode: RejoinMode = .rollback
  /// The GTID number the master of each epoch had given its own writes before the epoch began
  /// (its errant transactions, its earlier terms): its writes in the epoch count on from there.
  public internal(set) var gtidBase: [Int: Int] = [:]
  /// Traffic generators started by `load`, by id.
  package var loads: [Int: LoadGenerator] = [:]
  package var nextLoadID = 1
  /// Writes whose clients were still waiting when their master crashed: never acknowledged.
  package var unansweredSeqs: Set<Int> = []
  /// The master that made itself read-only with no successor yet (`stepDownToReadOnly`): the next
  /// takeover counts what it had and the new master lacks.
  package var resignedMaster: String?
  /// Values a client read from the master before any replica had them (AFTER_COMMIT), by seq.
  public internal(set) var exposedReads: [Int: [SimTime]] = [:]
  /// Whether semi-sync is currently in force (MySQL's Rpl_semi_sync_source_status); it goes OFF
  /// after a timeout and back ON when a replica catches up.
  public internal(set) var semiSyncActive = true
  /// Redis's min-replicas-to-write and min-replicas-max-lag (off by default).
  public internal(set) var minReplicas = MinReplicas()
  /// PostgreSQL's replication slots on the master (`slot NODE on`), and their bound.
  public internal(set) var slots = ReplicationSlots()
  package var replconfAckScheduled = false
  /// How long a command waits for a blocked write before giving the prompt back (the client stays
  /// blocked and the lab reports its acknowledgement when it comes).
  public static let blockedWriteWait: SimTime = 10_000
  /// How long a master keeps sending to a replica whose host died before it gives the connection up:
  /// PostgreSQL's wal_sender_timeout (60 s; Redis's repl-timeout is 60 s too). A killed process's
  /// kernel closes the connection at once; a dead host closes nothing.
  public static let senderTimeout: SimTime = 60_000
  /// The most nodes the lab runs: enough for any lesson (a MongoDB replica set allows 50 members),
  /// and a bound on what every heartbeat and acknowledgement costs.
  public static let maxNodes = 50
  /// The most entries a node's log keeps while retention is off: about what fits in a few hundred
  /// megabytes for a four-node cluster. Past it writes are refused; `retention` lifts the bound.
  public static let maxUnretainedEntries = 1_000_000
  /// The most writes (and keys) one `load` command generates: one command stays bounded in time and
  /// memory whatever retention allows over many.
  public static let maxWritesPerLoad = 1_000_000

  package var queue = EventQueue<Scheduled>()
  /// Replication work still queued (messages on the wire, senders, apply batches, traffic);
  /// `settle` runs until this is zero.
  public internal(set) var messagesInFlight = 0
  /// Writes whose clients are still waiting for an acknowledgement, oldest first.
  public internal(set) var pendingWrites: [PendingWrite] = []
  /// Acknowledgements of writes whose commands are still running, by sequence number.
  package var releasedWrites: [Int: Release] = [:]
  /// What happened since the last `drainEvents()`.
  package var journal = EventJournal()
  /// When the running command began (`commandStarts()`): the journal keeps what happened at that
  /// instant apart from what happened later.
  package var commandStart: SimTime = 0
  /// Every message sent and every mark (crash, promotion, write...) for the timeline views.
  public internal(set) var timeline = Timeline()
  /// Network endpoints that are not database nodes (the control plane's orchestrator, clients, a
  /// proxy): they never crash.
  public package(set) var endpoints: [String] = []
  /// Writes a failover took away, by (epoch, seq): acknowledged ones in `lostWrites`, the rest in
  /// `droppedWrites`, so an old master rolling them back later does not count them twice.
  public internal(set) var lostWrites: Set<WriteID> = []
  package var droppedWrites: Set<WriteID> = []
  /// What an outside checker needs (acknowledgements, writers per epoch); off unless started.
  public internal(set) var audit = Audit()
  /// Events the loop has run since the cluster was made: a position within a command that an
  /// exploration can name and come back to (`explore` places a fault after the Nth event).
  public internal(set) var eventsRun = 0
  /// The loop stops before running event number `pauseAt` (see `eventsRun`) and reports
  /// `.paused`, so that a fault can be placed exactly there; `Int.max` for never.
  package var pauseAt = Int.max
  /// A message fault waiting for the next message to arrive (`lose message`, `reorder messages`).
  package var armedMessageFault: MessageFault?
  /// Where message faults fell, oldest first.
  public package(set) var messageFaultHits: [MessageFaultHit] = []
  /// While not nil, the loop notes every message that arrives: `explore` counts the moments a
  /// message fault can hit.
  package var probe: [DeliveryProbe]?

  package enum Scheduled: Sendable {
    case deliver(Message, receiverIncarnation: Int)
    case semiSyncTimeout(master: String, incarnation: Int, seq: Int)
    /// The master's sender for one replica ships everything not yet sent, in one message.
    case ship(master: String, replica: String, incarnation: Int)
    /// A replica with an apply rate applies its next batch of received entries.
    case applyTick(node: String, incarnation: Int)
    /// A traffic generator's next write.
    case loadWrite(id: Int)
    /// TCP gave up retransmitting a replication message: the connection between the two ends
    /// (in these incarnations) breaks, and the replica reconnects.
    case connectionBroken(from: String, to: String, incarnations: (Int, Int), retransmissions: Int)
    /// A control plane's timer (heartbeat ticks, detector deadlines, election timeouts): the data
    /// plane only carries it.
    case control(any ControlTimerPayload)
    /// Replicas acknowledge to their masters once a second while min-replicas-to-write is on.
    case replconfAck
    /// The master's sender to a replica whose host died times out (nothing closed the connection).
    case senderTimeout(master: String, replica: String, replicaIncarnation: Int)
    /// A replica with `position-store file` writes relay-log.info, after the data it describes.
    case positionWrite(node: String, incarnation: Int)
    /// A parallel applier's worker finished applying `seq` (`generation` names the workers' run).
    case workerDone(node: String, seq: Int, generation: Int)
  }

  /// A client write the master has logged but not yet acknowledged.
  public struct PendingWrite: Sendable {
    public let seq: Int
    public let master: String
    public let mode: SyncMode
    /// synchronous_commit when it committed: PostgreSQL fixes the level a commit waits for when the
    /// commit begins to wait, so changing `sync-commit` afterwards does not release it.
    public let level: CommitLevel
    public let start: SimTime
    /// Whether the command that issued it has returned to the prompt (so its acknowledgement is news).
    package var reported = false
    /// The traffic generator that wrote it: counted by that load, never reported one by one. (Loads
    /// running at once interleave their seqs, so a seq range cannot tell whose write it is.)
    package var load: Int?
  }

  /// When and why a waiting write was acknowledged.
  package struct Release: Sendable {
    package let at: SimTime
    package let by: [String]
    /// Semi-sync timed out and the write was acknowledged without any replica.
    package let fellBack: Bool
    /// Too few synchronous standbys and `sync-fallback async` let it through.
    package let degraded: Bool
  }

  /// A cluster of one master and `replicas` replicas named db1, db2, ..., all caught up.
  public init(seed: UInt64 = 1, replicas: Int = 2) {
    random = SeededGenerator(seed: seed)
    addNode(Node(name: "db1", role: .master, epoch: 1))
    masterName = "db1"
    nodes["db1"]!.log = .startingAfter(0, history: [.init(epoch: 1, firstSeq: 1)])
    for i in 0..<replicas {
      let name = "db\(i + 2)"
      var node = Node(name: name, role: .replica, epoch: 1)
      node.masterName = "db1"
      node.log = .startingAfter(0, history: [.init(epoch: 1, firstSeq: 1)])
      addNode(node)
      nodes["db1"]!.replicas[name] = ReplicaProgress(connected: true, streaming: true)
    }
  }

  package mutating func addNode(_ node: Node) {
    nodes[node.name] = node
    nodeNames.append(node.name)
  }

  // MARK: Read-only views

  public var seed: UInt64 { random.seed }
  public var master: Node? { masterName.flatMap { nodes[$0] } }
  /// Nodes in their display order.
  public var orderedNodes: [Node] { nodeNames.compactMap { nodes[$0] } }
  public func node(_ name: String) -> Node? { nodes[name] }

  /// Replicas that follow the current master, in display order: not those that cascade from
  /// another replica, whose connection is to that replica.
  public var replicaNames: [String] {
    nodeNames.filter { $0 != masterName && nodes[$0]?.role == .replica && nodes[$0]?.cascades != true }
  }

  public func keyName(_ id: KeyTable.ID) -> String { keys.name(id) }

  /// The node called `name` (names are case-insensitive), or why there is none. Role words such as
  /// `master` are the command language's business: it resolves them before they reach the model.
  public func existingNode(_ name: String) throws(ClusterError) -> String {
    let lower = name.lowercased()
    guard nodes.contains(lower) else { throw .unknownNode(name, known: nodeNames) }
    return lower
  }

  /// Takes the events recorded since the last call, in the order they happened.
  public mutating func drainEvents() -> [ClusterEvent] {
    guard !journal.isEmpty else { return [] }
    return journal.drain()
  }

  /// A command begins now: see `commandStart`.
  public mutating func commandStarts() {
    commandStart = now
  }

  package mutating func note(_ what: ClusterEvent.Happening) {
    journal.append(ClusterEvent(time: now, what: what), commandStart: commandStart)
  }
}
