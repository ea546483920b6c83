import ReplLabKernel

/// Where a replica records how far it applied (MySQL's relay_log_info_repository). In a table the
/// position commits with the data it describes; in a file it is written after the commit, and a
/// crash between the two makes the restarted replica apply the same entries a second time.
extension DataPlane {
  /// `position-store NODE file|table`. The recorded position starts from where the node stands.
  public mutating func setPositionStore(_ store: PositionStore, for name: String) throws(ClusterError) {
    guard nodes.contains(name) else { throw .unknownNode(name, known: nodeNames) }
    nodes[name]!.positionStore = store
    nodes[name]!.storedPosition = nodes[name]!.applied
  }

  /// The applier committed up to `applied`: a table records it in the same transaction; a file is
  /// written in a step of its own, after the commit (a crash can fall between them).
  package mutating func recordAppliedPosition(_ name: String) {
    guard let n = nodes[name] else { return }
    guard n.positionStore == .file else {
      nodes[name]!.storedPosition = n.applied
      return
    }
    guard n.isUp, !n.positionWriteScheduled, n.storedPosition != n.applied else { return }
    nodes[name]!.positionWriteScheduled = true
    schedule(.positionWrite(node: name, incarnation: n.incarnation), at: now)
  }

  /// relay-log.info is written (and, in the lab, synced) with the position the applier has reached.
  package mutating func writePositionFile(_ name: String, incarnation: Int) {
    guard nodes[name]?.isUp == true, nodes[name]!.incarnation == incarnation else { return }
    nodes[name]!.positionWriteScheduled = false
    nodes[name]!.storedPosition = nodes[name]!.applied
  }

  /// A replica restarts: its applier starts from the position it recorded. A file behind the data
  /// makes it run again what it had already committed; a table is exact, and entries parallel
  /// workers committed past a gap are skipped (their GTIDs are in gtid_executed).
  package mutating func recoverAppliedPosition(_ name: String) {
    let n = nodes[name]!
    if n.positionStore == .file, n.storedPosition < n.applied {
      // Entries purged from this node's log cannot run again; the position cannot go below them.
      let from = max(n.storedPosition, n.log.firstSeq - 1)
      if from < n.applied {
        note(.control(ApplierEvent.reapplying(node: name, stored: from, applied: n.applied)))
        nodes[name]!.applied = from
        nodes[name]!.appliedAhead = []
      }
    } else if !n.appliedAhead.isEmpty {
      note(.control(ApplierEvent.skippingCommitted(node: name, applied: n.applied, ahead: n.appliedAhead.sorted())))
    }
    nodes[name]!.storedPosition = nodes[name]!.applied
    nodes[name]!.workers.reset(from: nodes[name]!.applied)
  }
}
