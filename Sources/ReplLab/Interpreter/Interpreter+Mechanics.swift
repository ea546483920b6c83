import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation
extension Interpreter {
  /// Replication mechanics: semi-sync and sync settings, standby, log formats, retention, traffic.
  package mutating func runMechanics(_ command: Command) throws -> Reply {
    switch command {
    case .incr(let key):
      let w = try clients.write(ClientTable.defaultName, key: key, expression: .increment, in: &cluster).write
      return Reply(output: Explain.write(w, in: cluster))

    case .semiSync(nil):
      return Reply(output: Explain.semiSyncSettings(cluster))
    case .semiSync(let option?):
      var s = cluster.semiSync
      switch option {
      case .acks(let n):
        let replicas = cluster.replicaNames.count
        guard n <= replicas else {
          throw CommandError("acks \(n) is more than the \(replicas) replicas there are; a write could never be acknowledged", usage: "semi-sync acks N")
        }
        s.acks = n
      case .timeout(let t): s.timeout = t
      case .waitPoint(let p): s.waitPoint = p
      }
      cluster.setSemiSync(s)
      return Reply(output: Explain.semiSyncSettings(cluster))

    case .syncCommit(let level):
      cluster.setCommitLevel(level)
      return Reply(output: "synchronous_commit = \(level.rawValue): \(Explain.commitLevel(level))" + modeHint(.sync))
    case .syncStandbys(let names):
      try cluster.setSyncStandbys(names)
      return Reply(output: Explain.syncStandbys(cluster) + modeHint(.sync))
    case .syncFallback(let f):
      cluster.setSyncFallback(f)
      return Reply(output: f == .wait
        ? "sync-fallback wait: with too few synchronous standbys, commits wait for them."
        : "sync-fallback async: with too few synchronous standbys, commits go through without them, and the lab says so.")

    case .addStandby(let name):
      return Reply(output: Explain.added(try cluster.addReplica(name, standby: true)))

    case .logFormat(let f):
      cluster.setLogFormat(f)
      return Reply(output: "binlog_format = \(f.rawValue.uppercased()): \(Explain.logFormat(f))")
    case .checksum:
      return Reply(output: ChecksumView.render(cluster))

    case .retention(let r):
      cluster.setRetention(r)
      return Reply(output: r.map { "Every node now keeps \($0.text); older entries are purged." } ?? "Every node keeps its whole log.")
    case .resyncMode(let mode):
      cluster.setResyncMode(mode)
      return Reply(output: mode == .auto
        ? "resync auto: a replica whose log was purged gets a fresh snapshot at once."
        : "resync manual: a replica whose log was purged stops with an error until `resync NODE`.")
    case .resync(let raw):
      let name = try cluster.resolve(raw)
      try cluster.resync(name)
      return Reply(output: "\(name) asks \(cluster.masterName ?? "the master") for a full snapshot.")

    case .load(let count, let over, let keys):
      guard let m = cluster.masterName, cluster.node(m)?.isUp == true else {
        throw ClusterError.masterDown(master: cluster.masterName ?? "-", liveReplicas: cluster.liveReplicaNames)
      }
      let id = cluster.startLoad(count: count, over: over, keys: keys)
      let when = over > 0 ? "over \(over.durationText) (about \(Int64(count) * 1000 / over) per second)" : "all at once"
      return Reply(output: "load \(id): \(count) writes to \(keys) keys \(when); they happen as time passes (`wait`, `settle`).")
    case .slow(let raw, let rate):
      let name = try cluster.resolve(raw)
      guard name != cluster.masterName else {
        throw CommandError("\(name) is the master; `slow` limits how fast a replica applies", usage: "slow NODE RATE/s")
      }
      try cluster.setApplyRate(rate, for: name)
      return Reply(output: rate.map { "\(name) now applies at most \($0) entries per second; it still receives everything at once." }
        ?? "\(name) applies entries as they arrive again.")

    default:
      return Reply()
    }
  }

  /// A reminder when a setting only matters in another mode.
  package func modeHint(_ mode: SyncMode) -> String {
    cluster.syncMode == mode ? "" : " (This applies under `sync-mode \(mode.rawValue)`.)"
  }
}
