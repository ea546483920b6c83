import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  // What a failure-detection, failover or network-fault setting now means, said when it is set.

  /// `failover manual|auto`.
  public static func failoverMode(_ mode: FailoverMode, method: ElectionMethod) -> String {
    let orch = ControlPlane.orchestratorName
    return mode == .auto
      ? "failover auto: when \(orch) suspects the master it runs the \(method.rawValue) election, promotes the winner, re-points the replicas and tells the client, printing each step."
      : "failover manual: when \(orch) suspects the master it raises the alarm and waits for `promote` or `restart`."
  }

  /// `manager orchestrator|consensus`: who decides the master from now on.
  public static func manager(_ kind: RegimeKind, in cluster: Cluster) -> String {
    switch kind {
    case .orchestrator:
      let orch = ControlPlane.orchestratorName
      return
        "manager orchestrator: \(orch) watches every node's heartbeats and decides alone (failover \(cluster.control.failover.rawValue), election \(cluster.control.method.rawValue))."
    case .consensus:
      return
        "manager consensus: no outside manager; the nodes elect among themselves, and \(cluster.majority) of \(cluster.nodeNames.count) votes make a primary."
    case .lease:
      let s = cluster.control.lease.settings
      let holder = cluster.control.lease.store.leader?.holder
      return
        "manager lease: a Patroni agent beside each node; \(holder.map { "\($0) holds" } ?? "nobody holds") the leader key in \(LeaseStore.name) (ttl \(s.ttl.durationText)), renewing it every loop_wait (\(s.loopWait.durationText)). A leader that cannot renew within retry_timeout (\(s.retryTimeout.durationText)) demotes itself; when the key expires a replica takes it."
    }
  }

  /// `write-concern majority|1`: when a write is acknowledged, with this cluster's numbers.
  public static func writeConcern(_ w: WriteConcern, in cluster: Cluster) -> String {
    switch w {
    case .majority:
      return
        "write-concern majority: a write is acknowledged once \(cluster.majority) of \(cluster.nodeNames.count) members hold it, the primary counted; a failover cannot lose it."
    case .one:
      return "write-concern 1: a write is acknowledged as soon as the primary has it; a failover can lose it."
    }
  }

  /// `election METHOD`: who would win, with this cluster's names and numbers.
  public static func election(_ m: ElectionMethod, in cluster: Cluster) -> String {
    "election \(m.rawValue): \(electionRule(m, in: cluster))"
  }

  package static func electionRule(_ m: ElectionMethod, in cluster: Cluster) -> String {
    switch m {
    case .mostUpToDate:
      return
        "the orchestrator picks the replica it can reach with the lowest replica-priority, then the most of the log, then the name."
    case .bully:
      let highest = cluster.nodeNames.last ?? "the last node"
      return
        "the live replica with the highest id wins (\(highest) is the highest here), however far behind it is; ELECTION, OK and COORDINATOR messages decide it."
    case .raft:
      return
        "replicas stand after a random timeout of \(ElectionState.raftTimeout.lowerBound)-\(ElectionState.raftTimeout.upperBound) ms; a node votes once per term and only for a log at least as up to date as its own; \(cluster.majority) of \(cluster.nodeNames.count) votes win."
    case .sentinel:
      return
        "three Sentinels (quorum \(SentinelState.quorum)) watch from \(ControlPlane.orchestratorName). After down-after-milliseconds without a reply to PING (+sdown) they agree the master is down (+odown), elect a leader Sentinel in a new config epoch, and the leader sends SLAVEOF NO ONE to the replica with the lowest replica-priority, then the largest offset, then the smaller run ID; clients learn of it about 1.3 s after +sdown."
    }
  }

  /// `detector timeout|phi`: when a node will be suspected; for phi, with the master's heartbeats so far.
  public static func detector(_ d: FailureDetector, in cluster: Cluster) -> String {
    let orch = ControlPlane.orchestratorName
    switch d {
    case .timeout(let t):
      return
        "detector timeout \(t.timeout.durationText): \(orch) suspects a node once it has heard nothing from it for \(t.timeout.durationText) (Sentinel's down-after-milliseconds)."
    case .phiAccrual(let p):
      var text =
        "detector phi accrual, threshold \(PhiAccrualDetector.text(p.threshold)): \(orch) suspects a node when phi, -log10 of the chance that its next heartbeat is still coming, reaches \(PhiAccrualDetector.text(p.threshold))."
      if let m = cluster.masterName, let w = cluster.control.orchestrator.watches[m] {
        text +=
          " With \(m)'s heartbeats so far (every \(SimTime(w.history.mean.rounded()).durationText), std dev \(SimTime(w.history.standardDeviation.rounded()).durationText)) that takes \(p.suspicionDelay(w.history).durationText) of silence."
      }
      return text
    }
  }

  /// `heartbeat-interval DURATION`.
  public static func heartbeatInterval(_ ms: SimTime) -> String {
    "Every node now sends a heartbeat to \(ControlPlane.orchestratorName) every \(ms.durationText)."
  }

  /// `step-down on|off` (or its old name, `fencing on|off`).
  public static func stepDown(_ on: Bool, spelledFencing: Bool) -> String {
    let head =
      spelledFencing
      ? "step-down \(on ? "on" : "off") (`fencing \(on ? "on" : "off")` is its old name)"
      : "step-down \(on ? "on" : "off")"
    let text =
      on
      ? "\(head): a node still acting as master that hears of a newer epoch steps down, refuses writes and rolls back what the new master never had."
      : "\(head): nothing enforces epochs; an old master that is cut off or restarts keeps taking writes beside the new one (split brain)."
    return spelledFencing
      ? text + " That is damage control after the fact, not fencing: `help fencing` says what stops the writes." : text
  }

  /// `fencing stonith|none`.
  public static func stonith(_ on: Bool) -> String {
    on
      ? "fencing stonith: before promoting, \(ControlPlane.orchestratorName) cuts the old master's power through its fence device, so it cannot take writes however cut off it is."
      : "fencing none: \(ControlPlane.orchestratorName) promotes without fencing the old master; a master that is only cut off keeps taking its clients' writes."
  }

  /// `min-replicas-to-write N` and `min-replicas-max-lag SECONDS`.
  public static func minReplicas(_ m: MinReplicas) -> String {
    let lag = "\(m.maxLag / 1000)s"
    guard m.isOn else {
      return
        "min-replicas-to-write 0 (min-replicas-max-lag \(lag)): masters take writes however long they have not heard from their replicas."
    }
    return
      "min-replicas-to-write \(m.toWrite), min-replicas-max-lag \(lag): a master refuses writes (NOREPLICAS) unless \(m.toWrite) \(m.toWrite == 1 ? "replica has" : "replicas have") acknowledged within the last \(lag); replicas acknowledge every second."
  }

  /// `replica-priority NODE N`.
  public static func replicaPriority(_ name: String, _ p: Int) -> String {
    let meaning =
      p == 0
      ? "never promoted"
      : p < ControlPlane.defaultPriority
        ? "preferred over the default 100"
        : p == ControlPlane.defaultPriority
          ? "the default" : "promoted only if no replica with a lower number qualifies"
    return "\(name) replica-priority \(p): \(meaning) (lower is preferred, 0 means never)."
  }

  /// `recovery-block DURATION`.
  public static func recoveryBlock(_ ms: SimTime) -> String {
    ms == 0
      ? "No recovery block: an automatic failover may follow another at once."
      : "After an automatic failover, another automatic one waits \(ms.durationText) (orchestrator's RecoveryPeriodBlockSeconds)."
  }

  /// `proxy on|off`, naming the master the client now writes to.
  public static func proxy(_ on: Bool, master: String?) -> String {
    let m = master ?? "nobody"
    return on
      ? "The client now goes through a proxy in front of the cluster, which sends writes to \(m); after a failover \(ControlPlane.orchestratorName) re-points the proxy, and a read meant for a down replica goes to a live one."
      : "The client connects straight to the master it knows (\(m)); after a failover \(ControlPlane.orchestratorName) has to tell it."
  }

  /// A read the proxy sent to another node because the one named is down.
  public static func proxyRedirect(from name: String, to other: String) -> String {
    "\(name) is down, so the proxy sends the read to \(other) instead."
  }

  /// `partition`: who is on which side, or that nothing changed.
  public static func partition(_ side: [String], from shown: [String], alreadyCut: Bool, window: SimTime? = nil)
    -> String
  {
    if alreadyCut { return "Those links were already cut." }
    // A client named in the partition is cut off with its side; otherwise it still reaches everyone.
    let clientCut = (side + shown).contains { $0 == Router.clientName || $0 == Router.proxyName }
    let until =
      window.map { "for the next \($0.durationText), then the links work again by themselves" } ?? "until `heal`"
    return
      "Partition: \(list(side)) on one side, \(list(shown)) on the other. Messages between the two sides are lost \(until); "
      + (clientCut ? "the client reaches only the nodes on its own side." : "clients still reach every node.")
  }

  /// `heal`: what the healed links let happen.
  public static func heal(
    hadCutLinks: Bool, resynced: [String], reannouncedTo endpoint: String?,
    by teller: String = ControlPlane.orchestratorName
  ) -> String {
    var text = hadCutLinks ? "Healed: every link works again." : "Nothing to heal: no link is cut."
    if !resynced.isEmpty {
      text +=
        " \(list(resynced)) reconnect\(resynced.count == 1 ? "s" : "") to \(resynced.count == 1 ? "its" : "their") master and catch\(resynced.count == 1 ? "es" : "") up."
    }
    if let endpoint {
      text += " \(teller) tells \(self.endpoint(endpoint)) where the master is."
    }
    return text
  }

  /// `loss P`.
  public static func loss(_ p: Double) -> String {
    p == 0
      ? "No message loss."
      : "Each message is now lost with probability \(fixed(p * 100, p * 100 == (p * 100).rounded() ? 0 : 1))%. Heartbeats, votes and announcements are simply lost; replication resends a lost packet after \(DataPlane.retransmitTimeout.durationText), as TCP does."
  }

  /// `jitter DURATION`.
  public static func jitter(_ ms: SimTime) -> String {
    ms == 0
      ? "No jitter: every message takes exactly its link's latency."
      : "Each message now takes up to \(ms.durationText) longer than its link's latency, at random; messages on one link stay in order."
  }

  /// What `timeline --svg FILE` adds after the diagram.
  public static func wroteTimeline(to path: String) -> String {
    "Wrote the same diagram to \(path); open it in a browser."
  }
}
