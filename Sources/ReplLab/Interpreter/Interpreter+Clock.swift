import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `clock NAME OFFSET`: a node's clock, or a client's (its app server's).
  package mutating func runClock(_ raw: String, _ offset: SimTime) throws -> Reply {
    if let node = try? cluster.resolve(raw) {
      try cluster.setClock(offset, for: node)
      return Reply(output: Explain.clock(node, offset: offset, isClient: false))
    }
    do {
      try clients.setClock(raw, offset: offset)
    } catch {
      throw CommandRegistry.error(
        Refusal.clockUnknown(raw, nodes: cluster.nodeNames, clients: clients.names), command: "clock")
    }
    return Reply(output: Explain.clock(raw.lowercased(), offset: offset, isClient: true))
  }
}
