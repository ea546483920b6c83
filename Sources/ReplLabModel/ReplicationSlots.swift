import ReplLabKernel

/// PostgreSQL's physical replication slots on the master: each keeps the log a standby has not yet
/// confirmed, however far behind it is, unless max_slot_wal_keep_size bounds it.
public struct ReplicationSlots: Sendable, Equatable {
  /// One slot, named after the replica that uses it (primary_slot_name).
  public struct Slot: Sendable, Equatable {
    public let replica: String
    /// The newest entry the replica has confirmed; the slot keeps everything after it (restart_lsn).
    public internal(set) var confirmed: Int
    /// Invalidated by max_slot_wal_keep_size: it holds nothing back any more (wal_status lost).
    public internal(set) var lost = false
  }

  /// Slots by replica name.
  public internal(set) var byReplica: [String: Slot] = [:]
  /// max_slot_wal_keep_size in entries; nil is PostgreSQL's -1, no bound.
  public internal(set) var maxKeep: Int?

  public init() {}

  /// Slot names in display order.
  public var names: [String] { byReplica.keys.sorted() }
}

/// pg_replication_slots.wal_status, as the lab tells them apart.
public enum WalStatus: String, Sendable {
  /// The entries the slot needs are within what the master keeps anyway (wal_keep_size).
  case reserved
  /// The slot alone keeps them: the master's log grows beyond its retention for this standby.
  case extended
  /// max_slot_wal_keep_size was exceeded: the entries are gone and the standby needs a new copy.
  case lost
}
