import ReplLabKernel

/// One database server in the lab.
///
/// What is "on disk" (the log, the applied data and positions, the epoch) survives `crash`; what is in
/// memory (the master's view of its replicas, clients waiting for acknowledgements) does not.
public struct Node: Sendable {
  public let name: String
  public internal(set) var role: Role
  public internal(set) var isUp = true
  /// Bumped on every restart, so a message sent by an earlier life of the node is recognised as stale.
  public internal(set) var incarnation = 0
  /// The life of the node whose messages still arrive although it is down: its process was killed and
  /// its kernel delivers what it had been handed (`CrashKind.process`). Nil after a host crash.
  package var flushingIncarnation: Int?
  /// The highest epoch this node knows of.
  public internal(set) var epoch: Int
  /// The master a replica follows; for a cascading replica (`cascades`), the replica it follows.
  public internal(set) var masterName: String?
  /// Follows another replica rather than the master (`replicate NODE from REPLICA`): cascading
  /// replication. Every transition that re-points the node to a master clears it.
  public internal(set) var cascades = false
  /// How far this node's wall clock is off the lab's true time (`clock NODE OFFSET`), positive
  /// when it runs ahead. Only what reads the wall clock sees it; replication runs on true time.
  public internal(set) var clockOffset: SimTime = 0
  public internal(set) var log = ReplicationLog()
  public internal(set) var data = KeyValueStore()
  /// Highest sequence number applied to `data`.
  public internal(set) var applied = 0
  /// Master only: what it knows of each replica, from their acknowledgements (in memory).
  public internal(set) var replicas: [String: ReplicaProgress] = [:]
  /// A passive standby master: replicated synchronously, serves no reads, first in line for promotion.
  public internal(set) var isStandby = false
  /// Entries applied per second, or nil to apply on receipt (`slow NODE RATE`).
  public internal(set) var applyRate: Int?
  /// Entries are applied only this long after the master committed them, or nil for no delay
  /// (`apply-delay NODE DURATION`: recovery_min_apply_delay, SOURCE_DELAY).
  public internal(set) var applyDelay: SimTime?
  package var applyTickScheduled = false
  /// Why replication stopped, when it did (SHOW REPLICA STATUS's Last_IO_Error).
  public internal(set) var replicationError: String?
  /// A snapshot is on its way to this node; it serves nothing until it loads.
  public internal(set) var awaitingSnapshot = false
  /// Its own binary log files, oldest first: a new one at every start and after loading a snapshot,
  /// as a MySQL server opens a new binlog file each time it starts.
  public internal(set) var binlogFiles = [BinlogFile(number: 1, firstSeq: 1)]
  /// Transactions written here outside the replication stream (errant transactions), oldest first.
  public internal(set) var localTransactions: [LocalTransaction] = []
  /// With `rejoin manual`: its history forked from its master's after this seq and it refuses to
  /// follow until rewound or rebuilt (PostgreSQL: the new timeline is not a child of its history).
  public internal(set) var divergedAfter: Int?
  /// Where the applier records how far it applied (`position-store NODE file|table`).
  public internal(set) var positionStore: PositionStore = .table
  /// The applied position as the position file records it (relay-log.info): with `.file` it is
  /// written after the data commits, so a crash can leave it behind `applied`.
  public internal(set) var storedPosition = 0
  package var positionWriteScheduled = false
  /// Applier worker threads (replica_parallel_workers); 1 is a single applier.
  public internal(set) var applyWorkers = 1
  /// Whether parallel workers commit in log order (replica_preserve_commit_order).
  public internal(set) var preserveCommitOrder = true
  /// Entries after `applied` that workers already committed out of order: below each, a gap.
  public internal(set) var appliedAhead: Set<Int> = []
  /// The parallel applier's coordinator and workers (in memory: a crash forgets them).
  package var workers = ApplierWorkers()

  /// Highest sequence number received (stored in the log).
  public var received: Int { log.lastSeq }

  package init(name: String, role: Role, epoch: Int) {
    self.name = name
    self.role = role
    self.epoch = epoch
  }
}

/// A master's view of one replica, built from the replica's acknowledgements.
public struct ReplicaProgress: Sendable {
  public var received = 0
  public var applied = 0
  /// When the last acknowledgement arrived.
  public var lastAck: SimTime?
  /// Whether the replica has said hello since the master (re)started, so the master streams to it.
  public var connected = false
  /// Caught up since it connected: it has acknowledged everything the master had at that moment.
  /// Until then it is catching up (pg_stat_replication's `catchup` state).
  public var streaming = false
  /// Highest seq shipped to it (the walsender's sent position).
  public var sent = 0
  package var shipScheduled = false
  /// A snapshot is being sent to it.
  public var sendingSnapshot = false

  /// The replica said hello: it is connected, and stands at `common` on the sender's history (its
  /// log's common prefix with the sender's), having applied up to `applied`.
  package mutating func heardHello(at time: SimTime, common: Int, applied: Int) {
    connected = true
    // A hello is feedback too: it tells the sender where the replica stands.
    lastAck = time
    received = common
    self.applied = min(applied, common)
    sent = common
  }
}
