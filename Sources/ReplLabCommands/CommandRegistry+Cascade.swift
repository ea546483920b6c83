import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Cascading replication: a replica that follows another replica.
extension CommandRegistry {
  package static let cascadeCommands: [CommandSpec] = [
    /// `replicate NODE from UPSTREAM`: CHANGE REPLICATION SOURCE TO, primary_conninfo, REPLICAOF.
    CommandSpec(
      name: "replicate", group: .replication, usage: "replicate NODE from UPSTREAM",
      summary: "point a replica at the master or at another replica (cascading)",
      detail: """
        NODE drops its replication connection and connects to UPSTREAM, from where their logs agree:
        MySQL's CHANGE REPLICATION SOURCE TO, PostgreSQL's primary_conninfo, Redis's REPLICAOF.
        UPSTREAM may be the master, or another replica: NODE then cascades from it, and UPSTREAM
        relays to NODE what it has received, as a PostgreSQL cascading standby sends the WAL it has
        flushed and a Redis replica passes on its master's stream. Each hop adds its own delay. The
        master does not know NODE: NODE is not in its pg_stat_replication, and a synchronous commit
        never waits for it (PostgreSQL ignores a cascaded standby named in synchronous_standby_names).
        If UPSTREAM fails, NODE receives nothing until it is pointed elsewhere. A promotion re-points
        the master's own replicas; replicas that cascade from another replica stay with it (a
        promoted replica keeps its own).
        Simplified: MySQL's intermediate (log_replica_updates, ON by default since 8.0) relays only
        what it has applied, from its own binary log, so its apply lag adds up too; the lab relays
        what was received. A replica cannot cascade under `manager raft|replica-set|lease`.
        """,
      example: "replicate db3 from db2",
      effect: .changesCluster,
      completions: [.nodes, .words(["from"]), .nodesOrMaster],
      parse: { args, spec throws(CommandError) in
        try arity(args, 3...3, spec)
        guard args[1].lowercased() == "from" else {
          throw spec.error("the word after NODE is `from`, not '\(args[1])'")
        }
        return .replicate(try Arguments.node(args[0], spec), from: try Arguments.node(args[2], spec))
      })
  ]
}
