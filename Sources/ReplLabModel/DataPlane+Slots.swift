import ReplLabKernel

/// Replication slots (`slot NODE on|off`, `max-slot-wal-keep N|off`): the master keeps what a
/// slot's replica has not confirmed, beyond `retention`, until max_slot_wal_keep_size says no more.
extension DataPlane {
  /// `slot NODE on|off`: creates a slot for NODE at the position it has confirmed, or drops it.
  public mutating func setSlot(_ on: Bool, for name: String) throws(ClusterError) {
    guard nodes.contains(name) else { throw .unknownNode(name, known: nodeNames) }
    if on {
      let known = masterName.flatMap { nodes[$0]?.replicas[name]?.received } ?? 0
      slots.byReplica[name] = ReplicationSlots.Slot(replica: name, confirmed: max(known, 0))
    } else {
      slots.byReplica[name] = nil
    }
    if let m = masterName, nodes[m]?.isUp == true { enforceRetention(on: m) }
  }

  /// `max-slot-wal-keep N|off`: the most entries a slot may keep beyond what it confirmed.
  public mutating func setMaxSlotKeep(_ n: Int?) {
    slots.maxKeep = n
    if let m = masterName, nodes[m]?.isUp == true { enforceRetention(on: m) }
  }

  /// The oldest seq the master must keep for its slots, after bringing each slot up to what its
  /// replica has confirmed and invalidating those past max_slot_wal_keep_size; nil when no slot holds.
  package mutating func slotHold(master name: String) -> Int? {
    guard !slots.byReplica.isEmpty, name == masterName, let m = nodes[name] else { return nil }
    var hold: Int?
    for replica in slots.names {
      var s = slots.byReplica[replica]!
      if let confirmed = m.replicas[replica]?.received, confirmed > s.confirmed { s.confirmed = confirmed }
      if !s.lost, let max = slots.maxKeep, m.log.lastSeq - s.confirmed > max { s.lost = true }
      slots.byReplica[replica] = s
      if !s.lost { hold = min(hold ?? .max, s.confirmed + 1) }
    }
    return hold
  }

  /// A slot's wal_status against the master's retention.
  public func walStatus(of slot: ReplicationSlots.Slot) -> WalStatus {
    if slot.lost { return .lost }
    guard let m = master else { return .reserved }
    let behind = m.log.lastSeq - slot.confirmed
    switch retention {
    case .entries(let count)?: return behind > count ? .extended : .reserved
    case .age?, nil: return slot.confirmed + 1 < m.log.firstSeq ? .lost : .reserved
    }
  }
}
