import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Commands for recovering from mistakes and planned changes: a delayed replica.
extension CommandRegistry {
  package static let recoveryCommands: [CommandSpec] = [
    /// `apply-delay NODE DURATION|off`: PostgreSQL's recovery_min_apply_delay, MySQL's SOURCE_DELAY.
    CommandSpec(
      name: "apply-delay", group: .replication, usage: .either("apply-delay NODE DURATION", "apply-delay NODE off"),
      summary: "keep a replica behind on purpose (recovery_min_apply_delay)",
      detail: """
        A delayed replica receives and acknowledges the log at once, but applies each entry only once
        the master committed it at least DURATION ago (PostgreSQL's recovery_min_apply_delay, MySQL's
        CHANGE REPLICATION SOURCE TO SOURCE_DELAY). Its data is the master's as it was DURATION ago:
        a mistake such as a DELETE without WHERE reaches it only after the delay, so you have that long
        to copy the rows back from it. `off` applies everything received at once. At most a day.
        Promoting a delayed replica applies everything it received first, as PostgreSQL does once
        promotion is triggered: the mistake with it, if it had arrived.
        Simplified: the delay is measured with one clock for all nodes (real servers compare the
        master's commit timestamp with the replica's own clock, so clock skew shifts it); PostgreSQL
        delays only commit records and MySQL whole transactions, and every lab entry is one of each;
        there is no way to pause replay (pg_wal_replay_pause(), STOP REPLICA SQL_THREAD).
        """,
      example: "apply-delay db3 1h",
      effect: .changesCluster,
      completions: [.nodes, .words(["off", "1m", "1h"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...2, spec)
        let node = try Arguments.node(args[0], spec)
        if ["off", "0", "0s", "0ms"].contains(args[1].lowercased()) { return .applyDelay(node, nil) }
        return .applyDelay(node, try Arguments.duration(args[1], spec))
      }),
    /// `switchover NODE`: orchestrator's graceful-master-takeover, Patroni's switchover.
    CommandSpec(
      name: "switchover", group: .failover, usage: "switchover NODE",
      summary: "planned change of master: stop writes, catch up, promote",
      detail: """
        A planned change of master that loses nothing, in the steps orchestrator's
        graceful-master-takeover and Patroni's switchover take: the master becomes read-only (MySQL's
        super_read_only; Patroni shuts PostgreSQL down cleanly); NODE applies everything the master
        had; NODE is promoted in a new epoch; the other replicas and the old master follow it, and the
        clients write to it. No node takes writes in between: the lab measures that outage, and
        writes made meanwhile (a `load`) fail. If NODE has not caught up within 60 s the switchover is
        abandoned and the old master takes writes again. NODE must be a live replica of the master.
        Simplified: clients move to the new master at once (no connection draining, no DNS or proxy
        delay); the old master follows without a rewind because nothing diverged.
        """,
      example: "switchover db2",
      effect: .changesCluster,
      completions: [.nodes],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .switchover(try Arguments.node(args[0], spec))
      }),
  ]
}
