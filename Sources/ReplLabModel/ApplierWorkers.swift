import ReplLabKernel

/// A parallel applier's state in memory (MySQL's coordinator and its replica_parallel_workers):
/// what the coordinator has handed out and what the workers are doing. A crash forgets it; what
/// the workers committed is on disk (`Node.applied`, `Node.appliedAhead`).
package struct ApplierWorkers: Sendable {
  /// The highest seq the coordinator handed to a worker: it hands them out in log order.
  package var dispatched = 0
  /// Entries a worker holds, by seq: `true` once applied and waiting for its turn to commit.
  package var running: [Int: Bool] = [:]
  /// The last entry handed out that wrote each key (the writeset history): a later entry on the
  /// same key depends on it.
  package var lastWriter: [KeyTable.ID: Int] = [:]
  /// Bumped whenever the workers are stopped, so a stopped worker's completion is ignored.
  package var generation = 0

  /// Stops every worker; the coordinator starts again after `applied`.
  package mutating func reset(from applied: Int) {
    dispatched = applied
    running = [:]
    lastWriter = [:]
    generation &+= 1
  }
}
