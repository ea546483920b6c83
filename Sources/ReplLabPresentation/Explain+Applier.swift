import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// `position-store NODE file|table`.
  public static func positionStore(_ name: String, _ store: PositionStore, in cluster: Cluster) -> String {
    switch store {
    case .file:
      return """
        \(name) now records how far it applied in relay-log.info, written after each transaction \
        commits (relay_log_info_repository=FILE): a crash between the commit and the write leaves \
        the file behind the data.
        """
    case .table:
      return """
        \(name) now records how far it applied in mysql.slave_relay_log_info, inside each applied \
        transaction (relay_log_info_repository=TABLE): position and data commit together.
        """
    }
  }

  /// `apply-workers NODE N`.
  public static func applyWorkers(_ name: String, _ count: Int, in cluster: Cluster) -> String {
    guard count > 1 else {
      return "\(name) applies its log with a single applier again, in log order (as PostgreSQL's startup process does)."
    }
    let order =
      cluster.node(name)?.preserveCommitOrder == false
      ? "Each worker commits as soon as it finishes (replica_preserve_commit_order OFF)."
      : "Commits keep the log's order (replica_preserve_commit_order ON)."
    guard let rate = cluster.node(name)?.applyRate else {
      return """
        \(name) now has \(count) apply workers (replica_parallel_workers \(count)), but it applies each \
        entry as it arrives: the workers change nothing until `slow \(name) RATE/s` limits each of them.
        """
    }
    return """
      \(name) now applies with \(count) workers (replica_parallel_workers \(count), LOGICAL_CLOCK, \
      WRITESET): entries on different keys apply at once, up to \(count) x \(rate) = \(count * rate) \
      entries per second; an entry on a key an earlier one wrote waits for it. \(order)
      """
  }

  /// `preserve-commit-order NODE on|off`.
  public static func preserveCommitOrder(_ name: String, _ on: Bool, in cluster: Cluster) -> String {
    let single =
      (cluster.node(name)?.applyWorkers ?? 1) > 1
      ? "" : " \(name) has a single applier, so this matters only after `apply-workers \(name) N`."
    if on {
      return """
        \(name)'s workers commit in the log's order (replica_preserve_commit_order ON): a worker that \
        finishes early waits for the entries before its own.\(single)
        """
    }
    return """
      \(name)'s workers now commit as soon as they finish (replica_preserve_commit_order OFF): a later \
      write can be visible on \(name) before an earlier one.\(single)
      """
  }

  /// The entries a replica has committed, as ranges: `seq 1-480, 482, 484-485` (gaps between).
  public static func executedSet(applied: Int, ahead: Set<Int>) -> String {
    var ranges: [(Int, Int)] = applied > 0 ? [(1, applied)] : []
    for seq in ahead.sorted() {
      if let last = ranges.last, last.1 + 1 == seq {
        ranges[ranges.count - 1].1 = seq
      } else {
        ranges.append((seq, seq))
      }
    }
    guard !ranges.isEmpty else { return "none" }
    return "seq " + ranges.map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)-\($0.1)" }.joined(separator: ", ")
  }

  /// A line for something a replica's applier did.
  static func applier(_ e: ApplierEvent) -> String {
    switch e {
    case .reapplying(let node, let stored, let applied):
      let twice = seqRange(stored + 1, applied)
      return
        "\(node)'s relay-log.info says it applied up to seq \(stored), but its data already has \(twice) committed (the crash fell between the commit and the file write): it applies \(twice) a second time"
    case .skippingCommitted(let node, let applied, let ahead):
      let list = ahead.map { "seq \($0)" }
      return
        "\(node)'s workers start again after seq \(applied); \(Explain.list(list)) had already committed past a gap and \(ahead.count == 1 ? "is" : "are") skipped (in gtid_executed)"
    }
  }
}

extension Refusal {
  /// An applier setting named the master.
  public static func applierOnMaster(_ name: String, command: String) -> String {
    "\(name) is the master; `\(command)` sets how a replica applies its master's log"
  }
}
