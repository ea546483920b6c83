import ReplLabKernel

/// A client gives up waiting for its synchronous commit (Ctrl-C in psql, `pg_cancel_backend`).
extension DataPlane {
  /// What `cancelWaitingCommits` did.
  public struct CancelledWait: Sendable, Equatable {
    public let master: String
    /// The writes typed at the prompt whose wait was cancelled, oldest first.
    public let seqs: [Int]
    /// Their keys, in the same order.
    public let keys: [String]
    /// How many waiting writes of running `load`s gave up as well.
    public let loadWrites: Int
    /// The standbys the writes were still waiting for.
    public let missing: [String]
  }

  /// Every write waiting on the master for its synchronous standbys stops waiting. PostgreSQL wrote
  /// the commit record before it began to wait, so the transaction stays committed: it becomes
  /// visible on the master and still replicates when a standby returns; only the promise that a
  /// standby had it when the client heard back is gone (the client gets a WARNING, not an error).
  public mutating func cancelWaitingCommits() throws(ClusterError) -> CancelledWait {
    guard let name = masterName, let m = nodes[name], m.isUp else { throw .noMaster }
    let waiting = pendingWrites.filter { $0.master == name }
    guard let last = waiting.last else { throw .nothingWaiting(master: name) }
    guard waiting.allSatisfy({ $0.mode == .sync }) else { throw .cancelNeedsSynchronousCommit(master: name) }
    var missing: [String] = []
    for w in waiting {
      for r in missingAcknowledgers(of: w) where !missing.contains(r) { missing.append(r) }
    }
    pendingWrites.removeAll { $0.master == name }
    commitOnMaster(through: last.seq)
    var typed: [PendingWrite] = []
    var loadWrites = 0
    for w in waiting {
      if let id = w.load {
        loadWrites += 1
        loadAcknowledged(id)
      } else {
        typed.append(w)
      }
    }
    let keys = typed.map { w in nodes[name]!.log.row(w.seq).map { keyName($0.key) } ?? "?" }
    // Committed now, so retention may drop them from the log.
    enforceRetention(on: name)
    return CancelledWait(master: name, seqs: typed.map(\.seq), keys: keys, loadWrites: loadWrites, missing: missing)
  }
}
