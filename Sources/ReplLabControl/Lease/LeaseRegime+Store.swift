import ReplLabKernel
import ReplLabModel

extension LeaseRegime {
  /// An agent's loop reaches the store: record its position; the leader's compare-and-set renews
  /// its key (or, if the key expired and nobody took it, creates it again).
  package mutating func storeLoop(
    from name: String, loop: Int, position: Int, lastEpoch: Int, renew: Bool, sync: String?, in data: inout DataPlane
  ) {
    store.members[name] = LeaseStore.MemberRecord(position: position, lastEpoch: lastEpoch, at: data.now)
    if renew {
      let key = store.leader(at: data.now)
      if key == nil || key?.holder == name {
        writeKey(holder: name, in: &data)
        store.leaderPosition = position
        store.syncStandby = sync
      }
    }
    answer(name, loop: loop, in: &data)
  }

  /// A replica asks to create the leader key: it gets it only if there is none (prevExist=false).
  package mutating func storeAcquire(
    from name: String, loop: Int, position: Int, lastEpoch: Int, in data: inout DataPlane
  ) {
    store.members[name] = LeaseStore.MemberRecord(position: position, lastEpoch: lastEpoch, at: data.now)
    if store.leader(at: data.now) == nil {
      writeKey(holder: name, in: &data)
      store.leaderPosition = position
      store.syncStandby = nil
      for other in data.nodeNames where other != name {
        data.send(.control(LeaseSignal.keyChanged), from: LeaseStore.name, to: other)
      }
    }
    answer(name, loop: loop, in: &data)
  }

  private mutating func writeKey(holder: String, in data: inout DataPlane) {
    let revision = store.nextRevision
    store.nextRevision += 1
    if store.leader?.holder != holder { store.lastHolder = store.leader?.holder ?? store.lastHolder }
    store.leader = LeaseStore.LeaderKey(
      holder: holder, expiresAt: data.now + settings.ttl, renewedAt: data.now, revision: revision)
    data.schedule(.control(LeaseTimer.keyExpiry(revision: revision)), at: data.now + settings.ttl)
  }

  private mutating func answer(_ name: String, loop: Int, in data: inout DataPlane) {
    let key = store.leader(at: data.now)
    // Positions of the members that wrote recently, leaving out the former leader: its last
    // position is the one the others are measured against, not a rival's.
    let fresh = store.members.filter { member, r in
      data.now - r.at <= settings.ttl && member != key?.holder && member != store.lastHolder
    }.mapValues(\.position)
    data.send(
      .control(
        LeaseSignal.state(
          loop: loop, holder: key?.holder, expiresAt: key?.expiresAt, leaderPosition: store.leaderPosition,
          syncStandby: store.syncStandby, positions: fresh)),
      from: LeaseStore.name, to: name)
  }

  /// The key's lease ran out without a renewal: etcd deletes it and tells every watcher it reaches.
  package mutating func keyExpires(revision: Int, in data: inout DataPlane) {
    guard let k = store.leader, k.revision == revision, k.expiresAt <= data.now else { return }
    store.lastHolder = k.holder
    store.leader = nil
    note(.keyExpired(holder: k.holder, renewedAt: k.renewedAt, expiresAt: k.expiresAt), in: &data)
    for name in data.nodeNames { data.send(.control(LeaseSignal.keyChanged), from: LeaseStore.name, to: name) }
  }
}
