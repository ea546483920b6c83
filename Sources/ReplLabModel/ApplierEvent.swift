import ReplLabKernel

/// Something a replica's applier did worth a line: carried as a `ClusterEvent.Happening.control`
/// notice, like the control plane's.
public enum ApplierEvent: ControlNotice, Sendable, Equatable {
  /// A restarted replica whose position file (relay-log.info) said `stored` although its data had
  /// seq `stored + 1 ... applied` committed: it applies those again.
  case reapplying(node: String, stored: Int, applied: Int)
  /// A restarted parallel applier found entries its workers had committed past a gap, and skips
  /// them as it fills the gaps (MySQL's GTID auto-skip, START REPLICA UNTIL SQL_AFTER_MTS_GAPS).
  case skippingCommitted(node: String, applied: Int, ahead: [Int])
}
