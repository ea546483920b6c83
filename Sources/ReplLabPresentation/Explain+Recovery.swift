import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// `apply-delay NODE DURATION|off`.
  public static func applyDelay(_ name: String, delay: SimTime?, in cluster: Cluster) -> String {
    guard let delay else {
      return "\(name) applies entries as they arrive again (recovery_min_apply_delay 0, SOURCE_DELAY 0)."
    }
    return """
      \(name) now applies each entry \(delay.durationText) after the master committed it \
      (recovery_min_apply_delay, SOURCE_DELAY); it still receives and acknowledges everything at once.
      """
  }
}

extension Refusal {
  public static func delayMaster(_ name: String) -> String {
    "\(name) is the master; `apply-delay` holds back what a replica applies"
  }
}

extension Explain {
  /// `switchover NODE`: each step with its time, the outage, and what was lost (nothing).
  public static func switchover(_ r: SwitchoverReport, in cluster: Cluster) -> String {
    let backlog =
      r.candidateApplied >= r.target
      ? "\(r.newMaster) had already applied all of it"
      : r.candidateReceived == r.candidateApplied
        ? "\(r.newMaster) had applied up to seq \(r.candidateApplied)"
        : "\(r.newMaster) had received up to seq \(r.candidateReceived) and applied up to seq \(r.candidateApplied)"
    var lines = [
      "Switchover from \(r.oldMaster) to \(r.newMaster):",
      "  t=\(r.readOnlyAt.secondsText)  \(r.oldMaster) is read-only: it refuses writes from now on; its log ends at seq \(r.target) (\(backlog)).",
    ]
    guard let at = r.caughtUpAt, let outage = r.outage, let p = r.promotion else {
      lines.append(
        "  \(r.newMaster) had not applied up to seq \(r.target) after \(Cluster.switchoverLimit.durationText): the switchover is abandoned and \(r.oldMaster) takes writes again."
      )
      return lines.joined(separator: "\n")
    }
    lines.append(
      "  t=\(at.secondsText)  \(r.newMaster) has applied up to seq \(r.target): it has every write \(r.oldMaster) had.")
    let others = p.repointed.filter { $0 != r.oldMaster }
    let follow = ([r.oldMaster] + others).sorted()
    lines.append(
      "  t=\(at.secondsText)  \(r.newMaster) is master (epoch \(p.epoch)); \(list(follow)) now \(follow.count == 1 ? "follows" : "follow") it; clients write to \(r.newMaster)."
    )
    let lost = p.lost.filter(\.acknowledged).count
    lines.append(
      lost == 0
        ? "Write outage: \(outage.durationText) with no master taking writes. Nothing lost."
        : "Write outage: \(outage.durationText). \(lost) acknowledged writes lost.")
    return lines.joined(separator: "\n")
  }
}

extension Refusal {
  public static let switchoverUnderLease =
    "under `manager lease` Patroni decides who holds the leader key; its own switchover (patronictl switchover) is not modelled in the lab"
}

extension Explain {
  /// `slot NODE on|off`.
  public static func slot(_ name: String, on: Bool, in cluster: Cluster) -> String {
    guard on else { return "Slot \(name) dropped: the master keeps only what `retention` says." }
    let from = (cluster.data.slots.byReplica[name]?.confirmed ?? 0) + 1
    return
      "Slot \(name) created: the master keeps every entry from seq \(from) on until \(name) has it, however long \(name) is away."
  }

  /// `max-slot-wal-keep N|off`.
  public static func maxSlotWalKeep(_ n: Int?, in cluster: Cluster) -> String {
    guard let n else { return "max_slot_wal_keep_size = -1: a slot keeps the log for its replica without bound." }
    let lost = cluster.data.slots.names.filter { cluster.data.slots.byReplica[$0]!.lost }
    let now = lost.isEmpty ? "" : " Invalidated now: \(list(lost)) (wal_status lost)."
    return
      "max_slot_wal_keep_size = \(n) entries: a slot whose replica is further behind is invalidated and keeps nothing.\(now)"
  }
}

extension Refusal {
  public static func slotForMaster(_ name: String) -> String {
    "\(name) is the master; a slot is for a replica the master streams to"
  }
}
