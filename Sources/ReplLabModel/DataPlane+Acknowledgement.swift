import ReplLabKernel

/// When the master may answer a waiting client: semi-sync acknowledgements, synchronous standbys,
/// the passive standby.
extension DataPlane {
  /// Who acknowledged a write, and whether it went through only because the rules were relaxed.
  package struct Acknowledgement {
    package var by: [String] = []
    /// Too few synchronous standbys were connected and `sync-fallback async` let the write through.
    package var degraded = false
  }

  /// Passive standbys following the current master, in display order.
  public var passiveStandbys: [String] {
    // Most clusters have none: say so without building the list of replicas (every write asks).
    guard nodes.contains(where: { $0.isStandby }) else { return [] }
    return replicaNames.filter { nodes[$0]?.isStandby == true }
  }

  /// Replicas that are not passive standbys.
  package var ordinaryReplicaNames: [String] {
    replicaNames.filter { nodes[$0]?.isStandby != true }
  }

  /// Connected as the master sees it: a replica whose host died stays connected until the master's
  /// sender times out (`senderTimeout`), and a commit waiting for it waits that long.
  package func isConnected(_ replica: String) -> Bool {
    master?.replicas[replica]?.connected == true
  }

  /// Connected and caught up once since connecting (pg_stat_replication's `streaming`).
  package func isStreaming(_ replica: String) -> Bool {
    isConnected(replica) && master?.replicas[replica]?.streaming == true
  }

  /// The position a commit made at `level` waits for.
  package func syncPosition(_ replica: String, at level: CommitLevel) -> Int {
    guard let p = master?.replicas[replica] else { return 0 }
    return level == .remoteApply ? p.applied : p.received
  }

  /// The synchronous standbys right now under FIRST n: the first n connected ones in priority order.
  public func currentSyncSet() -> [String] {
    switch syncStandbys {
    // PostgreSQL picks synchronous standbys only among walsenders in the streaming state: one still
    // catching up is no candidate yet.
    case .first(let n, let list): Array(list.filter { isStreaming($0) }.prefix(n))
    case .any(_, let list): list
    case .all: ordinaryReplicaNames
    }
  }

  /// The acknowledgements that release write `w`, or nil while it must still wait.
  package func acknowledgers(of w: PendingWrite) -> Acknowledgement? {
    acknowledgers(of: w, standbys: passiveStandbys)
  }

  /// `acknowledgers(of:)` with the passive standbys already known (they do not change while
  /// waiting writes are released, and finding them costs more than an asynchronous write).
  package func acknowledgers(of w: PendingWrite, standbys: [String]) -> Acknowledgement? {
    guard let mName = masterName, nodes.contains(mName) else { return nil }
    var ack = Acknowledgement()
    if w.mode == .async && standbys.isEmpty { return ack }
    let m = nodes[mName]!
    // A passive standby is replicated synchronously whatever the mode.
    for s in standbys {
      if isConnected(s) {
        guard (m.replicas[s]?.received ?? 0) >= w.seq else { return nil }
        ack.by.append(s)
      } else if syncFallback == .wait {
        return nil
      } else {
        ack.degraded = true
      }
    }
    switch w.mode {
    case .async:
      break
    case .semi:
      guard semiSyncActive else { break }
      let have = replicaNames.filter { (m.replicas[$0]?.received ?? 0) >= w.seq && !ack.by.contains($0) }
      guard have.count + ack.by.count >= semiSync.acks else { return nil }
      ack.by += have
    case .sync:
      guard w.level.waitsForStandbys else { break }
      switch syncStandbys {
      case .all:
        for r in ordinaryReplicaNames {
          if syncPosition(r, at: w.level) >= w.seq {
            ack.by.append(r)
          } else if syncFallback == .async && !isConnected(r) {
            ack.degraded = true
          } else {
            return nil
          }
        }
      case .first(let n, _):
        let chosen = currentSyncSet()
        guard chosen.allSatisfy({ syncPosition($0, at: w.level) >= w.seq }) else { return nil }
        if chosen.count < n {
          guard syncFallback == .async else { return nil }
          ack.degraded = true
        }
        ack.by += chosen
      case .any(let n, let list):
        let reached = list.filter { syncPosition($0, at: w.level) >= w.seq }
        if reached.count >= n {
          ack.by += reached
        } else if syncFallback == .async && list.filter({ isConnected($0) }).count < n {
          ack.by += reached
          ack.degraded = true
        } else {
          return nil
        }
      }
    }
    return ack
  }

  /// Acknowledges every waiting write whose condition now holds, oldest first.
  package mutating func releaseWaitingWrites() {
    // The name only: a copy of the master node alive here would make every commit copy its log.
    guard let name = masterName, nodes.contains(name) else { return }
    guard !pendingWrites.isEmpty else { return }
    let standbys = passiveStandbys
    var released = 0
    for w in pendingWrites {
      guard w.master == name, let ack = acknowledgers(of: w, standbys: standbys) else { break }
      commitOnMaster(through: w.seq)
      if ack.degraded != syncDegraded {
        syncDegraded = ack.degraded
        note(ack.degraded ? .syncDegraded(master: name, seq: w.seq) : .syncRestored(master: name, seq: w.seq))
      }
      let fellBack = w.mode == .semi && !semiSyncActive && now > w.start
      if audit.isOn, !ack.by.isEmpty {
        audit.events.append(
          .acknowledged(
            Audit.Acknowledgement(
              seq: w.seq, epoch: nodes[name]!.log.epoch(at: w.seq) ?? 0, master: name, mode: w.mode,
              semiSyncOn: w.mode == .semi && semiSyncActive, waitPoint: semiSync.waitPoint, by: ack.by,
              degraded: ack.degraded, at: now)))
      }
      if let load = w.load {
        loadAcknowledged(load)
      } else if w.reported {
        note(.lateAcknowledgement(seq: w.seq, waited: now - w.start, mode: w.mode, level: w.level, by: ack.by))
      } else {
        releasedWrites[w.seq] = Release(at: now, by: ack.by, fellBack: fellBack, degraded: ack.degraded)
      }
      released += 1
    }
    if released > 0 {
      pendingWrites.removeFirst(released)
      // Committed now, so retention may drop them from the log.
      enforceRetention(on: name)
    }
  }

  /// Replicas a waiting write still needs, for the "still blocked" sentence.
  package func missingAcknowledgers(of w: PendingWrite) -> [String] {
    guard let m = master else { return [] }
    var missing = passiveStandbys.filter { (m.replicas[$0]?.received ?? 0) < w.seq }
    switch w.mode {
    case .async: break
    case .semi: missing += replicaNames.filter { (m.replicas[$0]?.received ?? 0) < w.seq && !missing.contains($0) }
    case .sync:
      let candidates: [String]
      switch syncStandbys {
      case .all: candidates = ordinaryReplicaNames
      case .first(let n, let list):
        let chosen = currentSyncSet()
        candidates = chosen.count < n ? list : chosen
      case .any(_, let list): candidates = list
      }
      missing += candidates.filter { syncPosition($0, at: w.level) < w.seq }
    }
    return missing
  }

  /// pg_stat_replication's sync_state for a replica, in the lab's modes.
  public func syncState(of replica: String) -> SyncState {
    if nodes[replica]?.isStandby == true { return .standby }
    switch syncMode {
    case .async: return .async
    case .semi: return .semi(on: semiSyncActive)
    case .sync:
      guard commitLevel.waitsForStandbys else { return .async }
      switch syncStandbys {
      case .all: return .sync
      case .first(_, let list):
        if currentSyncSet().contains(replica) { return .sync }
        return list.contains(replica) ? .potential : .async
      case .any(_, let list):
        return list.contains(replica) ? .quorum : .async
      }
    }
  }

  /// The synchronous set, for `noteSyncSetChange` to compare with afterwards; empty when it cannot
  /// change (only FIRST n under `sync-mode sync` moves), so async traffic does not pay for it.
  package func syncSetSnapshot() -> [String] {
    guard syncMode == .sync, case .first = syncStandbys else { return [] }
    return currentSyncSet()
  }

  /// Says so when a FIRST-n synchronous set changed because standbys came or went.
  package mutating func noteSyncSetChange(from before: [String]) {
    guard syncMode == .sync, case .first = syncStandbys, let m = masterName else { return }
    let after = currentSyncSet()
    if after != before {
      note(.syncStandbysChanged(master: m, now: after, before: before))
      releaseWaitingWrites()
    }
  }
}
