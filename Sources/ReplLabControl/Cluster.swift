import ReplLabKernel
import ReplLabModel

/// The lab's cluster: the data plane (nodes, logs, replication, the network and the clock) joined
/// with the control plane that decides who is master (the orchestrator, its failure detector,
/// elections, fencing) and tells the clients.
///
/// The data plane never calls the control plane: its event loop hands back every control timer and
/// control message (`DataPlane.runUntilControl`), and this type runs them. The control plane changes
/// the data plane only through its named transitions (`takeOver`, `follow`, `stepDown`, `demote`).
/// Views read the data plane's state through this type's dynamic members (`cluster.nodes`).
@dynamicMemberLookup
public struct Cluster: Sendable {
  /// Nodes, logs, the write path and replication.
  public internal(set) var data: DataPlane
  /// The failover regime that runs the cluster (orchestrator, consensus or lease), each regime's
  /// state, step-down and STONITH, and client routing.
  public internal(set) var control = ControlPlane()
  /// Faults waiting for the event loop to run a number of events (`explore`, `after N events
  /// FAULT`), soonest first.
  package var placedFaults: [PendingFault] = []
  /// Where the placed faults fell, in the order they hit.
  public internal(set) var placedMoments: [FaultMoment] = []
  /// Partitions with a window (`partition db2 for 2s`), the soonest to end first.
  public internal(set) var partitionWindows: [PartitionWindow] = []

  /// A cluster of one master and `replicas` replicas named db1, db2, ..., all caught up, with the
  /// orchestrator watching.
  public init(seed: UInt64 = 1, replicas: Int = 2) {
    data = DataPlane(seed: seed, replicas: replicas)
    data.endpoints = ControlPlane.endpoints
    control.start(in: &data)
  }

  /// Reads the data plane's state: `cluster.nodes`, `cluster.now`, `cluster.masterName`...
  public subscript<T>(dynamicMember keyPath: KeyPath<DataPlane, T>) -> T {
    data[keyPath: keyPath]
  }

  /// How long a command waits for a blocked write before giving the prompt back (the client stays
  /// blocked and the lab reports its acknowledgement when it comes).
  public static let blockedWriteWait = DataPlane.blockedWriteWait

  // MARK: Running the simulation

  /// Runs events in time order until `done` holds or the next event is later than `limit`: the data
  /// plane's own, and the control plane's timers and messages as they come due. Returns whether
  /// `done` held; the clock ends at the last event run, or at `limit` if nothing stopped it early.
  /// `controlDone` is checked before each control event: control state changes only there.
  @discardableResult
  package mutating func run(
    until limit: SimTime, stopWhen done: (DataPlane) -> Bool = { _ in false },
    controlDone: (ControlPlane) -> Bool = { _ in false }
  ) -> Bool {
    while true {
      let windowEnd = partitionWindows.first?.ends
      let stop = min(limit, windowEnd ?? limit)
      let held = control.run(&data, until: stop, stopWhen: done, regimeDone: controlDone)
      // The loop paused for a placed fault: it hits, and the run goes on from the same moment.
      if injectPlacedFault() { continue }
      // A partition's window is over: its links work again, and the run goes on.
      if !held, let end = windowEnd, end <= limit, data.now >= end {
        endPartitionWindow()
        continue
      }
      return held
    }
  }

  /// `wait DURATION`: runs everything due in the next `ms` milliseconds.
  public mutating func advance(by ms: SimTime) {
    run(until: data.now + ms)
  }

  /// `settle`: runs until no message is in flight, for at most `limit` ms of simulated time.
  /// Returns whether the network went quiet.
  @discardableResult
  public mutating func settle(limit: SimTime = 3_600_000) -> Bool {
    run(until: data.now + limit, stopWhen: { $0.messagesInFlight == 0 })
  }

  // MARK: Clients' writes and reads

  /// `set KEY VALUE` with a literal value (nil deletes).
  public mutating func write(_ key: String, _ value: String?) throws(ClusterError) -> WriteOutcome {
    try write(key, value.map { Expression.literal($0) })
  }

  /// `set`/`del`/`incr`: goes where the client believes the master is; logs the write there and,
  /// when the mode makes clients wait, runs the simulation until the write is acknowledged,
  /// semi-sync times out, or the client has waited `blockedWriteWait`. `expression` nil deletes.
  public mutating func write(_ key: String, _ expression: Expression?) throws(ClusterError) -> WriteOutcome {
    if let stale = try writeThroughStaleView(key, expression) { return stale }
    switch try data.beginWrite(key, expression) {
    case .answered(let outcome):
      return outcome
    case .waiting(let ticket):
      run(until: data.now + Self.blockedWriteWait, stopWhen: { $0.isAnswered(ticket) })
      return data.finishWrite(ticket)
    }
  }

  /// The node a read of `key` from `nodeName` (default: the master the client knows) would reach, or
  /// why it cannot be served. Changes nothing, so a caller can ask before it commits to a read.
  public func readableNode(_ key: String, from nodeName: String? = nil) throws(ClusterError) -> String {
    try data.readableNode(key, from: nodeName, routed: routedMaster)
  }

  /// `get KEY [from NODE]`: reads what `node` (default: the master the client knows) has applied.
  public mutating func read(_ key: String, from nodeName: String? = nil) throws(ClusterError) -> ReadOutcome {
    try data.read(key, from: nodeName, routed: routedMaster)
  }

  // MARK: Faults

  /// `crash NODE [host|process]`: the node stops. Its disk survives and its memory does not; after a
  /// host crash its undelivered messages are lost too, after a process crash its kernel still delivers
  /// them. The lab remembers when, to say later how long detection took.
  public mutating func crash(_ name: String, kind: CrashKind = .host) throws(ClusterError) -> [Int] {
    let cutOff = try data.crash(name, kind: kind)
    control.nodeCrashed(name, kind: kind, in: &data)
    return cutOff
  }

  /// `restart NODE`: the node comes back with what it had on disk and finds its place; a former
  /// master rejoins as a replica only when step-down is on (it learns of the newer epoch).
  public mutating func restart(_ name: String) throws(ClusterError) -> RestartOutcome {
    // Under a lease a crashed master comes back read-only; its agent promotes it only with the key.
    if control.regime == .lease, data.nodes[name]?.isUp == false, data.nodes[name]?.role == .master {
      data.stepDownToReadOnly(name)
    }
    let outcome = try data.restart(name, fencing: control.fencesReturningMasters)
    control.nodeRestarted(name, in: &data)
    guard control.regime == .consensus else { return outcome }
    // A new process waits a whole election timeout for a primary before it stands.
    control.consensus.restartTimer(name, in: &data)
    if case .resumedAsMaster = outcome.kind {
      // A replica set member always starts as a secondary; it may win the next election.
      data.relinquish(name)
      return RestartOutcome(node: name, kind: .noMasterToFollow)
    }
    return outcome
  }

  /// An index drawn from the lab's seeded generator.
  package mutating func randomIndex(below n: Int) -> Int { data.randomIndex(below: n) }

  /// A copy whose key names come from `keys` (which must extend this cluster's): a what-if run on a
  /// copy may have written keys the cluster has never seen.
  package func naming(_ keys: KeyTable) -> Cluster {
    var c = self
    c.data.adoptKeys(keys)
    return c
  }

  // MARK: Queries on the data plane (methods cannot be reached as dynamic members)

  public func keyName(_ id: KeyTable.ID) -> String { data.keyName(id) }
  public func node(_ name: String) -> Node? { data.node(name) }
  public func syncState(of replica: String) -> SyncState { data.syncState(of: replica) }
  public func currentSyncSet() -> [String] { data.currentSyncSet() }
}
