import ReplLabKernel

/// A delayed replica (PostgreSQL's recovery_min_apply_delay, MySQL's SOURCE_DELAY): it receives and
/// acknowledges the log at once, but applies each entry only once its master's commit time is at
/// least the delay in the past, so its data shows the master as it was that long ago.
extension DataPlane {
  /// `apply-delay NODE DURATION|off`. Turning the delay off (or shortening it) applies what has
  /// become due at once, as a replica would on its next look.
  public mutating func setApplyDelay(_ delay: SimTime?, for name: String) throws(ClusterError) {
    guard nodes.contains(name) else { throw .unknownNode(name, known: nodeNames) }
    nodes[name]!.applyDelay = delay
    guard nodes[name]!.isUp, name != masterName else { return }
    if nodes[name]!.appliesOnReceipt {
      applyOnReplica(name, through: nodes[name]!.log.lastSeq)
    } else {
      // What is due under the new delay is applied now. A tick scheduled for the old delay may come
      // too late for the new one, so the next entry gets its own; the old tick, when it comes,
      // applies only what is due by then.
      if nodes[name]!.applyRate == nil {
        applyOnReplica(name, through: delayedApplyLimit(name))
        if let due = nextDelayedApply(name) {
          nodes[name]!.applyTickScheduled = true
          schedule(.applyTick(node: name, incarnation: nodes[name]!.incarnation), at: due)
        }
      } else {
        scheduleApplyTick(name)
      }
    }
  }

  /// The highest seq a delayed replica may apply now: entries commit in order, so the first one
  /// not yet due stops it.
  package func delayedApplyLimit(_ name: String) -> Int {
    let n = nodes[name]!
    guard let delay = n.applyDelay else { return n.log.lastSeq }
    var seq = n.applied
    while seq < n.log.lastSeq, let e = n.log.entry(seq + 1), e.time + delay <= now { seq += 1 }
    return seq
  }

  /// When a delayed replica's next entry falls due, or nil when it has nothing to wait for.
  package func nextDelayedApply(_ name: String) -> SimTime? {
    let n = nodes[name]!
    guard let delay = n.applyDelay, n.applied < n.log.lastSeq, let e = n.log.entry(n.applied + 1) else { return nil }
    return max(now + 1, e.time + delay)
  }
}

extension Node {
  /// Applies each entry as it arrives: neither an apply rate nor an apply delay holds it back.
  public var appliesOnReceipt: Bool { applyRate == nil && applyDelay == nil }
}
