/// A rule of replication that a run broke, where it showed, and what was seen.
public struct InvariantViolation: Sendable, Equatable, CustomStringConvertible {
  /// The rules the fault schedules check.
  public enum Invariant: String, Sendable, CaseIterable {
    /// A write acknowledged with replicas (sync, semi-sync while on, a standby) survives when one of
    /// the nodes that acknowledged it is promoted.
    case durability
    /// One writer per epoch; a node that knows a newer epoch stores no write of a superseded one.
    case fencing
    /// Under a lease (`manager lease`) no two nodes take writes at the same simulated instant: no
    /// node promotes while another still acts as master.
    case leases
    /// After every fault is repaired and the cluster settles, every replica holds the master's data,
    /// except keys that statement-based replication of unsafe functions made differ, which `diff`
    /// reports.
    case convergence
    /// applied <= received <= the master's last seq, on every node and in the master's view.
    case positions
    /// When `settle` says nothing is in flight, every live replica that follows a live master over
    /// a working link has received everything that master logged: replication never stops unseen.
    case progress
    /// The same schedule and seed give byte-identical output.
    case determinism
    /// Under `manager consensus`: at most one primary per term, and once every fault is repaired a
    /// single primary within a bounded number of election timeouts (elections terminate).
    case election
  }

  public let invariant: Invariant
  /// The 1-based lesson line after which it showed.
  public let line: Int
  /// One line saying what was seen.
  public let detail: String

  public init(_ invariant: Invariant, line: Int, _ detail: String) {
    self.invariant = invariant
    self.line = line
    self.detail = detail
  }

  public var description: String { "\(invariant.rawValue) broken at line \(line): \(detail)" }
}
