import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Replication positions (binlog file and offset against GTIDs), re-pointing a replica, writes
/// made on a replica, and how a node that diverged rejoins.
extension CommandRegistry {
  package static let positionCommands: [CommandSpec] = [
    /// `positions seq|file|gtid`: how positions are named (MySQL's gtid_mode).
    CommandSpec(
      name: "positions", group: .replication, usage: "positions seq|file|gtid",
      summary: "name log positions by seq, binlog file:offset, or GTID sets",
      detail: """
        How the lab names a place in the log, and so what re-pointing a replica takes:
          seq   the lab's own sequence numbers, the same on every node (the default).
          file  MySQL with gtid_mode=OFF: a byte offset in one server's own binary log
                (mysql-bin.000002:1034). Every server writes its own binlog, starting a new file at
                every start, so the same transaction sits at another offset on another server: after
                `promote` the other replicas stay with the old master until you give each its place
                in the new master's binlog (`repoint NODE MASTER at FILE:POS`; `log MASTER` shows
                where each entry ends there).
          gtid  MySQL with gtid_mode=ON: each transaction has a GTID, source_uuid:N, numbered without
                gaps per source; a server's gtid_executed is a set such as 3E11FA47-...:1-5. A
                replica tells its new source what it has and gets what it lacks
                (SOURCE_AUTO_POSITION=1). A write made on a replica (`on NODE set KEY VALUE`) gets
                the replica's own uuid: an errant transaction, shown by `status`.
        `status`, `replica-status` and `log` show positions this way.
        Simplified: offsets come from a fixed size per write (\(DataPlane.binlogEventOverhead) bytes plus the key and
        value), files start at \(DataPlane.binlogHeaderBytes) and rotate only when a server starts or loads a copy
        (not at max_binlog_size). With `positions file` the lab's orchestrator re-points nobody,
        after an automatic failover either: real orchestrator needs GTIDs, Pseudo-GTID (markers it
        matches in every binlog) or binlog servers to fail over at all, and refuses otherwise.
        """,
      example: "positions file",
      effect: .changesCluster,
      completions: [.words(PositionView.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        guard let v = PositionView(rawValue: args[0].lowercased()) else {
          throw spec.error("unknown positions '\(args[0])'; use seq, file or gtid")
        }
        return .positions(v)
      }),
    /// `repoint NODE MASTER [at FILE:POS]`: CHANGE REPLICATION SOURCE TO.
    CommandSpec(
      name: "repoint", group: .failover, usage: "repoint NODE MASTER [at FILE:POS]",
      summary: "make a replica follow the master (CHANGE REPLICATION SOURCE TO)",
      detail: """
        NODE follows MASTER from where it stopped. With `positions seq` or `gtid` the replica says
        what it has and gets what it lacks (SOURCE_AUTO_POSITION=1). With `positions file` you must
        give the place in MASTER's own binlog right after the last transaction NODE applied
        (SOURCE_LOG_FILE and SOURCE_LOG_POS): `replica-status NODE` says where it stopped in its old
        source's binlog, `log NODE` what that transaction was, `log MASTER` where the same
        transaction ends in MASTER's binlog. A place before it would apply transactions twice, a
        place after it would skip some without a word: the lab refuses both and says which.
        Simplified: MASTER must be the cluster's master (no chained replicas).
        """,
      example: "repoint db3 db2 at mysql-bin.000002:1034",
      effect: .changesCluster,
      completions: [.nodes, .nodes, .words(["at"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...4, spec)
        let node = try Arguments.node(args[0], spec)
        let master = try Arguments.node(args[1], spec)
        if args.count == 2 { return .repoint(node, to: master, at: nil) }
        guard args[2].lowercased() == "at", args.count == 4 else {
          throw spec.error("expected `at FILE:POS` after the master, e.g. `at mysql-bin.000002:1034`")
        }
        guard let c = BinlogCoordinates(parsing: args[3]) else {
          throw spec.error("'\(args[3])' is not a binlog position; write it FILE:POS, e.g. mysql-bin.000002:1034")
        }
        return .repoint(node, to: master, at: c)
      }),
    /// `on NODE set KEY VALUE | on NODE del KEY`: a write made directly on a replica.
    CommandSpec(
      name: "on", group: .data, usage: .either("on NODE set KEY VALUE", "on NODE del KEY"),
      summary: "write directly on a replica, bypassing the master",
      detail: """
        A write made on a replica by someone connected to it, as read_only lets a user with SUPER
        (or anyone, when read_only is off) do. It changes that replica's data alone, is not in the
        master's log, and the master never sees it. With `positions gtid` it gets a GTID of the
        replica's own server_uuid: an errant transaction. `status` shows it; it surfaces when that
        replica is promoted (the other replicas then receive it) or re-pointed. To get rid of one:
        rebuild the replica (`resync NODE`, a clone), or give the master an empty transaction with
        that GTID (not modelled).
        Simplified: the lab has no read_only flag: every replica takes such a write.
        """,
      example: "on db2 set promo 1",
      effect: .changesCluster,
      completions: [.nodes, .words(["set", "del"]), .keys],
      parse: { args, spec throws(CommandError) in
        try arity(args, 3...4, spec)
        let node = try Arguments.node(args[0], spec)
        switch args[1].lowercased() {
        case "set":
          guard args.count == 4 else { throw spec.error("`set` needs a key and a value") }
          return .writeOn(node: node, key: try Arguments.key(args[2], spec), value: try Arguments.value(args[3], spec))
        case "del":
          guard args.count == 3 else { throw spec.error("`del` takes one key") }
          return .writeOn(node: node, key: try Arguments.key(args[2], spec), value: nil)
        default:
          throw spec.error("expected `set KEY VALUE` or `del KEY` after the node, got '\(args[1])'")
        }
      }),
    /// `rejoin MODE`: what a node holding writes its new master lacks does.
    CommandSpec(
      name: "rejoin", group: .failover, usage: "rejoin rollback|rewind|manual|full-resync|keep",
      summary: "how an old master with writes the new one lacks comes back",
      detail: """
        A node that returns holding writes its new master never had (an old master after a
        failover) deals with them as its system does:
          rollback     undoes them and lists them (the default; MongoDB's rollback, which writes
                       them to BSON files under the dbPath's rollback/ directory).
          rewind       pg_rewind: back to where its timeline forked, then follows; what it discards
                       is not listed (Patroni runs it by itself with use_pg_rewind).
          manual       PostgreSQL alone: it refuses to follow, FATAL "requested timeline N is not a
                       child of this server's history", and stays out until `rewind NODE`
                       (pg_rewind) or `resync NODE` (a new base backup).
          full-resync  Redis: it becomes a replica and loads a full copy of the master's data; its
                       writes vanish without a word.
          keep         MySQL with GTIDs: nothing undoes them; it follows and keeps them, as errant
                       transactions (`status` with `positions gtid`), until rebuilt (`resync NODE`,
                       a clone).
        Presets set the one of their system.
        """,
      example: "rejoin manual",
      effect: .changesCluster,
      completions: [.words(RejoinMode.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        guard let m = RejoinMode(rawValue: args[0].lowercased()) else {
          throw spec.error(
            "unknown rejoin mode '\(args[0])'; use \(RejoinMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return .rejoin(m)
      }),
    /// `rewind NODE`: pg_rewind.
    CommandSpec(
      name: "rewind", group: .failover, usage: "rewind NODE",
      summary: "pg_rewind: take a diverged node back to the fork, then follow",
      detail: """
        PostgreSQL's pg_rewind, run on a node whose timeline forked from the master's (an old
        primary after a failover): it copies back what changed since the fork, so the node loses
        every write it made after it, without a list, and then follows the master.
        Simplified: pg_rewind needs the server shut down cleanly (or wal_log_hints/data checksums);
        the lab rewinds a running node. It needs the log back to the fork: otherwise `resync NODE`.
        """,
      example: "rewind db1",
      effect: .changesCluster,
      completions: [.nodes],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .rewind(try Arguments.node(args[0], spec))
      }),
  ]
}
