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

extension Interpreter {
  /// `switchover NODE`: only where an operator or the orchestrator names the master.
  package mutating func runSwitchover(_ raw: String) throws -> Reply {
    if cluster.control.regime == .consensus {
      throw CommandRegistry.error(Refusal.membersElect("switchover"), command: "switchover")
    }
    if cluster.control.regime == .lease {
      throw CommandRegistry.error(Refusal.switchoverUnderLease, command: "switchover")
    }
    let name = try cluster.resolve(raw)
    let report = try cluster.switchover(to: name)
    var reply = Reply(output: Explain.switchover(report, in: cluster))
    reply.stepsInTime = true
    return reply
  }
}
