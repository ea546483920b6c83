/// How the lab names a place in the replication log (`positions seq|file|gtid`).
///
/// The lab numbers every write with one cluster-wide sequence number. Real servers do not: MySQL
/// without global transaction ids names a place as a byte offset in one server's own binary log,
/// and with them as a set of `server_uuid:N` ids that mean the same on every server.
public enum PositionView: String, Sendable, CaseIterable {
  /// The lab's own sequence numbers: every node agrees on them, so re-pointing is automatic.
  case seq
  /// MySQL with gtid_mode=OFF: (binary log file, byte offset) on one server.
  case file
  /// MySQL with gtid_mode=ON: GTID sets, and SOURCE_AUTO_POSITION=1 when re-pointing.
  case gtid
}
