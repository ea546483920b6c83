import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  // What the lab's own commands did: time, topology, replication settings and traffic.

  /// `settle`: whether the network went quiet, and how long it took.
  public static func settled(quiet: Bool, took: SimTime, inFlight: Int) -> String {
    quiet
      ? "settled after \(took.durationText): nothing in flight."
      : "still \(inFlight) message(s) in flight after \(took.durationText); stopped waiting."
  }

  /// `delay NODE DURATION`.
  public static func delay(_ name: String, _ ms: SimTime) -> String {
    "Messages to and from \(name) now take \(ms.durationText) each way."
  }

  /// `remove NODE`.
  public static func removed(_ name: String) -> String { "\(name) removed from the cluster." }

  /// `reset`: the fresh cluster, and what became of the clients.
  public static func reset(seed: UInt64, clients: ClientTable) -> String {
    "A fresh cluster: db1 (master), db2 and db3 (replicas), async, t=0, seed \(seed)." + clientsAfterReset(clients)
  }

  /// `seed N`.
  public static func reseeded(_ n: UInt64) -> String { "Random generator restarted from seed \(n)." }

  /// `ops clear`.
  public static let opsCleared =
    "History cleared: `ops check` now judges only what happens next. Clients keep their settings and tokens."

  /// `sync-mode MODE`, and the writes the change let through.
  public static func syncMode(_ mode: SyncMode, released: Int) -> String {
    var text = "sync-mode \(mode.rawValue): \(mode.promise)."
    if released > 0 { text += " \(plural(released, "waiting write")) released." }
    return text
  }

  /// `sync-commit LEVEL`, reminding when `sync-mode` is not `sync`.
  public static func syncCommit(_ level: CommitLevel, current: SyncMode) -> String {
    "synchronous_commit = \(level.rawValue): \(commitLevel(level))" + modeHint(.sync, current: current)
  }

  /// `sync-standbys ...`, reminding when `sync-mode` is not `sync`.
  public static func syncStandbysSet(in cluster: Cluster) -> String {
    syncStandbys(cluster) + modeHint(.sync, current: cluster.syncMode)
  }

  /// A reminder when a setting only matters in another mode.
  package static func modeHint(_ mode: SyncMode, current: SyncMode) -> String {
    current == mode ? "" : " (This applies under `sync-mode \(mode.rawValue)`.)"
  }

  /// `sync-fallback wait|async`.
  public static func syncFallback(_ f: SyncFallback) -> String {
    f == .wait
      ? "sync-fallback wait: with too few synchronous standbys, commits wait for them."
      : "sync-fallback async: with too few synchronous standbys, commits go through without them, and the lab says so."
  }

  /// `cancel`: PostgreSQL's WARNING, then what it means for the writes.
  public static func cancelled(_ c: DataPlane.CancelledWait) -> String {
    var lines: [String] = []
    let writes = zip(c.seqs, c.keys).map { "seq \($0) (\($1))" }
    if !writes.isEmpty {
      lines.append(
        "WARNING:  canceling wait for synchronous replication due to user request"
      )
      lines.append(
        "DETAIL:  The transaction has already committed locally, but might not have been replicated to the standby."
      )
    }
    var what = writes.isEmpty ? "" : Explain.list(writes)
    if c.loadWrites > 0 {
      let loads = "\(c.loadWrites) waiting write\(c.loadWrites == 1 ? "" : "s") of `load`"
      what = what.isEmpty ? loads : "\(what) and \(loads)"
    }
    let one = writes.count + c.loadWrites == 1
    let (verb, it) = one ? ("is", "it") : ("are", "them")
    let confirmed = c.missing.isEmpty ? "" : ", though \(Explain.list(c.missing)) never confirmed \(it)"
    lines.append(
      "\(what) \(verb) committed on \(c.master) and visible there now\(confirmed). \(one ? "It reaches" : "They reach") \(c.missing.isEmpty ? "the standbys" : list(c.missing)) when \(c.missing.count == 1 ? "it returns" : "they return"); a failover to a node without \(it) loses \(it), although the client may believe \(one ? "it" : "they") committed."
    )
    return lines.joined(separator: "\n")
  }

  /// `log-format FORMAT`.
  public static func logFormatSet(_ f: LogFormat) -> String {
    "binlog_format = \(f.rawValue.uppercased()): \(logFormat(f))"
  }

  /// `retention ...`.
  public static func retention(_ r: Retention?) -> String {
    r.map { "Every node now keeps \($0.text); older entries are purged." } ?? "Every node keeps its whole log."
  }

  /// `resync auto|manual`.
  public static func resyncMode(_ mode: ResyncMode) -> String {
    mode == .auto
      ? "resync auto: a replica whose log was purged gets a fresh snapshot at once."
      : "resync manual: a replica whose log was purged stops with an error until `resync NODE`."
  }

  /// `resync NODE`.
  public static func resyncStarted(_ name: String, master: String?) -> String {
    "\(name) asks \(master ?? "the master") for a full snapshot."
  }

  /// `load N [over D] [keys K]`.
  public static func load(id: Int, count: Int, over: SimTime, keys: Int) -> String {
    let when = over > 0 ? "over \(over.durationText) (about \(Int64(count) * 1000 / over) per second)" : "all at once"
    return
      "load \(id): \(plural(count, "write")) to \(plural(keys, "key")) \(when); they happen as time passes (`wait`, `settle`)."
  }

  /// `slow NODE RATE/s|off`.
  public static func slow(_ name: String, rate: Int?) -> String {
    rate.map {
      "\(name) now applies at most \($0 == 1 ? "1 entry" : "\($0) entries") per second; it still receives everything at once."
    }
      ?? "\(name) applies entries as they arrive again."
  }
}
