import ReplLabKernel
import ReplLabModel

extension ControlPlane {
  /// Fencing by epochs: a node still acting as master that hears of a newer epoch stops taking
  /// writes, becomes a replica of the new master and, on reconnecting, rolls back the writes the new
  /// master never had (as MongoDB's rollback and pg_rewind do). With fencing off nothing stops it.
  package mutating func stepDown(
    _ name: String, master: String, epoch: Int, learnedFrom: String, in data: inout DataPlane
  ) {
    guard fencing, let n = data.nodes[name], n.isUp, n.role == .master, name != master,
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
