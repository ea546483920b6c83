import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  // Replication mechanics: semi-sync and sync settings, standby, log formats, retention, traffic.

  /// `incr KEY`, as the default client.
  package mutating func runIncr(_ key: String) throws -> Reply {
    let invoked = cluster.now
    let w = try clients.write(ClientTable.defaultName, key: key, expression: .increment, in: &cluster).write
    return Reply(output: noteWrite(w, invoked: invoked))
  }

  /// `semi-sync [OPTION VALUE]`: alone, the settings; with an option, a change to them.
  package mutating func runSemiSync(_ option: Command.SemiSyncOption?) throws -> Reply {
    guard let option else { return Reply(output: Explain.semiSyncSettings(cluster)) }
    var s = cluster.semiSync
    switch option {
    case .acks(let n):
      let replicas = cluster.replicaNames.count
      guard n <= replicas else {
        throw CommandRegistry.error(
          Refusal.acksAboveReplicas(n, replicas: replicas), command: "semi-sync", form: "acks")
      }
      s.acks = n
    case .timeout(let t): s.timeout = t
    case .waitPoint(let p): s.waitPoint = p
    }
    cluster.setSemiSync(s)
    return Reply(output: Explain.semiSyncSettings(cluster))
  }

  package mutating func runSyncCommit(_ level: CommitLevel) -> Reply {
    cluster.setCommitLevel(level)
    return Reply(output: Explain.syncCommit(level, current: cluster.syncMode))
  }

  package mutating func runSyncStandbys(_ names: StandbyNames) throws -> Reply {
    if let cascaded = names.listed.first(where: { cluster.nodes[$0]?.cascades == true }) {
      throw CommandRegistry.error(
        Refusal.cascadedStandby(cascaded, upstream: cluster.nodes[cascaded]?.masterName ?? "-"),
        command: "sync-standbys")
    }
    try cluster.setSyncStandbys(names)
    return Reply(output: Explain.syncStandbysSet(in: cluster))
  }

  package mutating func runSyncFallback(_ f: SyncFallback) -> Reply {
    cluster.setSyncFallback(f)
    return Reply(output: Explain.syncFallback(f))
  }

  package mutating func runLogFormat(_ f: LogFormat) -> Reply {
    cluster.setLogFormat(f)
    return Reply(output: Explain.logFormatSet(f))
  }

  package mutating func runRetention(_ r: Retention?) -> Reply {
    cluster.setRetention(r)
    return Reply(output: Explain.retention(r))
  }

  package mutating func runResyncMode(_ mode: ResyncMode) -> Reply {
    cluster.setResyncMode(mode)
    return Reply(output: Explain.resyncMode(mode))
  }

  package mutating func runResync(_ raw: String) throws -> Reply {
    let name = try cluster.resolve(raw)
    try cluster.resync(name)
    return Reply(output: Explain.resyncStarted(name, master: cluster.masterName))
  }

  package mutating func runLoad(count: Int, over: SimTime, keys: Int) throws -> Reply {
    guard let m = cluster.masterName, cluster.node(m)?.isUp == true else {
      throw ClusterError.masterDown(master: cluster.masterName ?? "-", liveReplicas: cluster.liveReplicaNames)
    }
    let id = try cluster.startLoad(count: count, over: over, keys: keys)
    return Reply(output: Explain.load(id: id, count: count, over: over, keys: keys))
  }

  package mutating func runSlow(_ raw: String, _ rate: Int?) throws -> Reply {
    let name = try cluster.resolve(raw)
    guard name != cluster.masterName else {
      throw CommandRegistry.error(Refusal.slowMaster(name), command: "slow", form: "RATE/s")
    }
    try cluster.setApplyRate(rate, for: name)
    return Reply(output: Explain.slow(name, rate: rate))
  }
}
