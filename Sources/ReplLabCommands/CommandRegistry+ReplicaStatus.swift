import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// The lag metrics real servers report, for one replica.
extension CommandRegistry {
  package static let replicaStatusViews: [CommandSpec] = [
    /// `replica-status NODE`: SHOW REPLICA STATUS and pg_stat_replication for one replica.
    CommandSpec(
      name: "replica-status", group: .views, usage: "replica-status NODE",
      summary: "a replica's lag as MySQL and PostgreSQL report it",
      detail: """
        What the real servers would say about NODE's lag, beside the lab's own measure:
          MySQL, SHOW REPLICA STATUS on NODE: Replica_IO_Running (Yes, Connecting, No),
            Read_Source_Log_Pos and Exec_Source_Log_Pos (received and applied), and
            Seconds_Behind_Source: the age of the entry the applier is working on, 0 when it has
            applied everything it received (however far behind its receiving is), NULL when the
            receiver is not connected; SQL_Delay and SQL_Remaining_Delay for a delayed replica.
          PostgreSQL, pg_stat_replication on the master: state, sent/write/flush/replay positions,
            and write_lag, flush_lag and replay_lag: how long after the master wrote an entry the
            standby's report that it had written or replayed it came back (a round trip).
          The lab: how long ago the master committed the oldest entry NODE has not applied.
        For a replica that cascades (`replicate`), MySQL's and PostgreSQL's figures measure it against
        its upstream replica, whose pg_stat_replication lists it; the lab's line still measures it
        against the master.
        Simplified: positions are seq numbers, not binlog offsets or LSNs; the lab writes and flushes
        in one step, so write_lag and flush_lag are equal; PostgreSQL keeps showing the last lag
        measured for a while after the standby has caught up, the lab shows NULL at once; the lab
        measures with one clock (real Seconds_Behind_Source compares two servers' clocks).
        """,
      example: "replica-status db3",
      effect: .view,
      completions: [.nodes],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .replicaStatus(try Arguments.node(args[0], spec))
      })
  ]
}
