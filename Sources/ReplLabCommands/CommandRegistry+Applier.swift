import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Commands for a replica's applier: where it records its position, and how many workers apply.
extension CommandRegistry {
  package static let applierCommands: [CommandSpec] = [
    /// `position-store NODE file|table`: MySQL's relay_log_info_repository.
    CommandSpec(
      name: "position-store", group: .replication, usage: "position-store NODE file|table",
      summary: "where a replica records how far it applied (relay_log_info_repository)",
      detail: """
        table  the position is updated inside each applied transaction (MySQL's
               relay_log_info_repository=TABLE, mysql.slave_relay_log_info): position and data
               commit together, so a restart resumes exactly. The default since MySQL 8.0, where
               FILE is deprecated; the option itself is deprecated since 8.0.23 and gone in 8.3,
               leaving only the table. The lab's default.
        file   the position is written to relay-log.info after the transaction has committed (the
               default before 8.0). A crash between the commit and the write leaves the file behind
               the data: the restarted replica applies those entries a second time. `incr` under
               statement (or mixed) format then counts twice; a row image writes the same value
               again. `checksum` finds the difference.
        PostgreSQL needs neither: a standby's replay position is part of the WAL it replays, and it
        restarts from its last restartpoint, replaying by LSN.
        Simplified: the lab writes and syncs the file after every entry (sync_relay_log_info=1);
        with 5.7's default of 10000 a host crash could leave it thousands of transactions behind.
        The relay log itself survives a crash whole here, so relay_log_recovery (which discards it
        and fetches again from the applied position) is not modelled. A re-applied write that
        MySQL would refuse (an INSERT, error 1062, duplicate key) is applied like any other.
        """,
      example: "position-store db2 file",
      effect: .changesCluster,
      completions: [.nodes, .words(PositionStore.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...2, spec)
        let node = try Arguments.node(args[0], spec)
        guard let store = PositionStore(rawValue: args[1].lowercased()) else {
          throw spec.error("unknown position store '\(args[1])'; use file or table")
        }
        return .positionStore(node, store)
      }),
    /// `apply-workers NODE N`: MySQL's replica_parallel_workers.
    CommandSpec(
      name: "apply-workers", group: .replication, usage: "apply-workers NODE N",
      summary: "apply a replica's log with N parallel workers (replica_parallel_workers)",
      detail: """
        A coordinator hands the replica's received entries to N workers in log order, as MySQL does
        with replica_parallel_workers and replica_parallel_type=LOGICAL_CLOCK (the defaults since
        8.0.27 are 4 workers and LOGICAL_CLOCK). Dependencies are tracked by writeset
        (binlog_transaction_dependency_tracking=WRITESET, built in since 8.4, where the option is
        gone: the source writes each transaction's commit parent into the binlog, and the
        replica follows it): entries that write different keys apply
        at once; an entry on a key an earlier one wrote waits until everything up to that one has
        committed, and the coordinator waits with it. Each worker applies at the rate `slow` sets,
        so N workers apply up to N times as fast; writes that all hit one key gain nothing.
        Commits keep the log's order unless `preserve-commit-order NODE off`. N is 1 to 64; 1 is a
        single applier (the lab's default, and PostgreSQL's: one startup process replays the WAL).
        Simplified: an entry takes between half and one and a half times 1/rate to apply, drawn
        from the seeded generator; without an apply rate a replica applies on receipt and the
        workers change nothing.
        """,
      example: "apply-workers db3 4",
      effect: .changesCluster,
      completions: [.nodes, .words(["1", "4", "8"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...2, spec)
        let node = try Arguments.node(args[0], spec)
        return .applyWorkers(node, try Arguments.count(args[1], in: 1...64, what: "the number of workers", spec))
      }),
    /// `preserve-commit-order NODE on|off`: MySQL's replica_preserve_commit_order.
    CommandSpec(
      name: "preserve-commit-order", group: .replication, usage: "preserve-commit-order NODE on|off",
      summary: "whether parallel workers commit in the log's order (replica_preserve_commit_order)",
      detail: """
        on   a worker that finished an entry waits until every earlier entry has committed (MySQL's
             default since 8.0.27): a reader on the replica sees the master's writes in the order
             the master made them, at some cost in throughput.
        off  each worker commits as soon as it finishes: a later entry can be visible before an
             earlier one that is still being applied. Those gaps are what a reader can see; the
             applied position (Exec_Source_Log_Pos) is then a low-water mark, and
             `replica-status` lists the entries committed past it.
        Matters only with `apply-workers` above 1.
        """,
      example: "preserve-commit-order db3 off",
      effect: .changesCluster,
      completions: [.nodes, .words(["on", "off"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...2, spec)
        let node = try Arguments.node(args[0], spec)
        return .preserveCommitOrder(node, try onOff(args[1], spec))
      }),
  ]
}
