import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `position-store NODE file|table`.
  package mutating func runPositionStore(_ raw: String, _ store: PositionStore) throws -> Reply {
    let name = try replicaForApplier(raw, command: "position-store", form: "file|table")
    try cluster.setPositionStore(store, for: name)
    return Reply(output: Explain.positionStore(name, store, in: cluster))
  }

  /// `apply-workers NODE N`.
  package mutating func runApplyWorkers(_ raw: String, _ count: Int) throws -> Reply {
    let name = try replicaForApplier(raw, command: "apply-workers", form: "N")
    try cluster.setApplyWorkers(count, for: name)
    return Reply(output: Explain.applyWorkers(name, count, in: cluster))
  }

  /// `preserve-commit-order NODE on|off`.
  package mutating func runPreserveCommitOrder(_ raw: String, _ on: Bool) throws -> Reply {
    let name = try replicaForApplier(raw, command: "preserve-commit-order", form: "on|off")
    try cluster.setPreserveCommitOrder(on, for: name)
    return Reply(output: Explain.preserveCommitOrder(name, on, in: cluster))
  }

  /// The node an applier setting names; the master applies nothing from a relay log.
  private func replicaForApplier(_ raw: String, command: String, form: String) throws -> String {
    let name = try cluster.resolve(raw)
    guard name != cluster.masterName else {
      throw CommandRegistry.error(Refusal.applierOnMaster(name, command: command), command: command, form: form)
    }
    return name
  }
}
