import ReplLabKernel
import ReplLabModel

extension ControlPlane {
  /// Stepping down on a newer epoch: a node still acting as master that hears of a newer epoch stops
  /// taking writes, becomes a replica of the new master and, on reconnecting, rolls back the writes
  /// the new master never had (as MongoDB's rollback and pg_rewind do). Damage control, not fencing:
  /// while it cannot hear of the newer epoch it keeps taking writes. With step-down off nothing
  /// stops it even then.
  package mutating func stepDown(
    _ name: String, master: String, epoch: Int, learnedFrom: String, in data: inout DataPlane
  ) {
    guard stepsDown, let n = data.nodes[name], n.isUp, n.role == .master, name != master,
      data.nodes.contains(master), epoch > n.epoch
    else { return }
    let oldEpoch = data.stepDown(name, toFollow: master, epoch: epoch)
    orchestrator.splitBrainReported.remove(name)
    noteControl(
      .steppedDown(node: name, master: master, epoch: epoch, oldEpoch: oldEpoch, from: learnedFrom), in: &data)
    data.mark(name, .steppedDown(epoch: epoch))
    data.rejoin(name)
  }
}
