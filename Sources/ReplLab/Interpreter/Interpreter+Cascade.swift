import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `replicate NODE from UPSTREAM`.
  package mutating func runReplicate(_ raw: String, from rawUpstream: String) throws -> Reply {
    let name = try cluster.resolve(raw)
    let upstream = try cluster.resolve(rawUpstream)
    func refuse(_ why: String) -> CommandError { CommandRegistry.error(why, command: "replicate") }
    guard let n = cluster.nodes[name], n.role == .replica, name != cluster.masterName else {
      throw refuse(Refusal.replicateNotReplica(name))
    }
    guard upstream != name else { throw refuse(Refusal.replicateFromItself(name)) }
    if cluster.data.upstreamChain(of: upstream).contains(name) {
      throw refuse(Refusal.replicateLoop(name, upstream: upstream))
    }
    guard let u = cluster.nodes[upstream], upstream == cluster.masterName || u.role == .replica else {
      throw refuse(Refusal.replicateFromStray(upstream))
    }
    if upstream != cluster.masterName, [.consensus, .lease].contains(cluster.control.regime) {
      throw refuse(Refusal.cascadeUnderRegime)
    }
    let listed = cluster.data.syncStandbys.listed.contains(name)
    try cluster.repoint(name, to: upstream)
    return Reply(output: Explain.replicate(name, from: upstream, wasListedSync: listed, in: cluster))
  }

}
