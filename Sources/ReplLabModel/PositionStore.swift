/// Where a replica's applier records how far it has applied (MySQL's relay_log_info_repository).
public enum PositionStore: String, Sendable, CaseIterable, Equatable {
  /// relay-log.info, written after each transaction commits: a crash between the commit and the
  /// write leaves the recorded position behind the data (MySQL before 8.0).
  case file
  /// mysql.slave_relay_log_info, updated inside the applied transaction itself: the position and
  /// the data commit together (MySQL's default since 8.0).
  case table
}
