import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `apply-delay NODE DURATION|off`.
  package mutating func runApplyDelay(_ raw: String, _ delay: SimTime?) throws -> Reply {
    let name = try cluster.resolve(raw)
    guard name != cluster.masterName else {
      throw CommandRegistry.error(Refusal.delayMaster(name), command: "apply-delay", form: "DURATION")
    }
    try cluster.setApplyDelay(delay, for: name)
    return Reply(output: Explain.applyDelay(name, delay: delay, in: cluster))
  }
}
