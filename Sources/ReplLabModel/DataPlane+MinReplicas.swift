import ReplLabKernel

extension DataPlane {
  /// `min-replicas-to-write N` / `min-replicas-max-lag DURATION`. While the check is on, every
  /// replica acknowledges once a second whether or not there is anything new (REPLCONF ACK).
  public mutating func setMinReplicas(_ settings: MinReplicas) {
    let wasOn = minReplicas.isOn
    minReplicas = settings
    if settings.isOn && !wasOn {
      // A Redis replica acknowledges every second all along; the lab sends those acks only while
      // the check is on, so a replica that could have acknowledged just now counts as having done so.
      for master in nodeNames where nodes[master]!.role == .master && nodes[master]!.isUp {
        for (replica, p) in nodes[master]!.replicas where p.connected && nodes[replica]?.isUp == true {
          guard !network.isCut(master, replica) else { continue }
          nodes[master]!.replicas[replica]!.lastAck = now
        }
      }
    }
    scheduleReplconfAck()
  }

  /// The replicas `master` heard from within min-replicas-max-lag (Redis's "good replicas").
  public func goodReplicas(of master: String) -> [String] {
    guard let m = nodes[master] else { return [] }
    return m.replicas.filter { _, p in
      p.connected && p.lastAck.map { now - $0 <= minReplicas.maxLag } == true
    }.keys.sorted()
  }

  /// Why `master` must refuse a write now, if it must: fewer good replicas than
  /// min-replicas-to-write. Checked where every write enters a master's log, the cluster's master
  /// and a stray one alike.
  package func minReplicasRefusal(on master: String) -> ClusterError? {
    guard minReplicas.isOn else { return nil }
    let good = goodReplicas(of: master)
    guard good.count < minReplicas.toWrite else { return nil }
    let heard = nodes[master]?.replicas.compactMapValues(\.lastAck) ?? [:]
    return .noGoodReplicas(
      master: master, good: good, needed: minReplicas.toWrite, maxLag: minReplicas.maxLag,
      lastHeard: heard.values.max().map { now - $0 })
  }

  /// Keeps the once-a-second acknowledgement tick running while min-replicas-to-write is on.
  package mutating func scheduleReplconfAck() {
    guard minReplicas.isOn, !replconfAckScheduled else { return }
    replconfAckScheduled = true
    schedule(.replconfAck, at: now + MinReplicas.ackInterval)
  }

  /// Every live replica tells its master how far it got (REPLCONF ACK), so the master knows who is
  /// still there even when no write is flowing.
  package mutating func replconfAckTick() {
    replconfAckScheduled = false
    guard minReplicas.isOn else { return }
    for name in nodeNames {
      guard let n = nodes[name], n.isUp, n.role == .replica, let m = n.masterName, !n.awaitingSnapshot,
        nodes[m] != nil
      else { continue }
      sendAck(from: name, to: m)
    }
    scheduleReplconfAck()
  }
}
