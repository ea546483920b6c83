import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Commands for replication mechanics: semi-sync and synchronous settings, the passive standby, log
/// formats, retention and snapshots, traffic and slow replicas.
extension CommandRegistry {
  package static let mechanics: [CommandSpec] = [
    CommandSpec(
      name: "incr", group: .data, usage: "incr KEY",
      summary: "add one to a numeric KEY on the master",
      detail: """
        Increments a whole number (a missing key counts as 0). Safe for statement-based logs: every
        replica adds one to the same value, so they agree.
        """,
      example: "incr visits",
      effect: .changesCluster,
      completions: [.keys],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .incr(key: try Arguments.key(args[0], spec))
      }),
    CommandSpec(
      name: "semi-sync", group: .replication,
      usage: .optionally("semi-sync", "acks N", "timeout DURATION", "wait-point after_sync|after_commit"),
      summary: "MySQL semi-sync settings (acks, timeout, wait point)",
      detail: """
        acks N       rpl_semi_sync_source_wait_for_replica_count (default 1): replicas that must have
                     received a write before the client hears OK.
        timeout D    rpl_semi_sync_source_timeout (default 10000 ms): after this long without enough
                     acknowledgements the master switches semi-sync OFF and goes on asynchronously; it
                     switches back ON when a replica catches up.
        wait-point   after_sync (default): wait before the engine commit, so no other client can see the
                     write until a replica has it. after_commit: commit first, then wait; other clients
                     may read a write that a failover then loses.
        A replica acknowledges when it has stored the write in its relay log, not when it has applied it.
        Without arguments, shows the settings. Semi-sync applies when `sync-mode semi` is chosen.
        """,
      example: "semi-sync wait-point after_commit",
      effect: .viewWhen(arguments: [[]]),
      completions: [.words(["acks", "timeout", "wait-point"]), .words(["after_sync", "after_commit"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 0...2, spec)
        guard let option = args.first?.lowercased() else { return .semiSync(nil) }
        guard args.count == 2 else { throw spec.error("`\(option)` needs a value") }
        switch option {
        case "acks":
          return .semiSync(.acks(try Arguments.count(args[1], in: 1...16, what: "acks", spec)))
        case "timeout":
          return .semiSync(.timeout(try Arguments.duration(args[1], spec)))
        case "wait-point":
          guard let p = SemiSyncSettings.WaitPoint(rawValue: args[1].lowercased()) else {
            throw spec.error("unknown wait point '\(args[1])'; use after_sync or after_commit")
          }
          return .semiSync(.waitPoint(p))
        default:
          throw spec.error("unknown semi-sync setting '\(args[0])'; use acks, timeout or wait-point")
        }
      }),
    CommandSpec(
      name: "sync-commit", group: .replication, usage: "sync-commit off|local|remote_write|on|remote_apply",
      summary: "PostgreSQL synchronous_commit for sync-mode sync",
      detail: """
        What a commit waits for under `sync-mode sync` (default remote_apply):
          remote_apply  the synchronous standbys have replayed it: a read there sees it.
          on            they have flushed it to disk (PostgreSQL's default).
          remote_write  they have written it (to the operating system).
          local         only the master's own flush: replication is asynchronous.
          off           not even that is waited for.
        The level is fixed per commit: a commit already waiting keeps the level it began with, so
        lowering it releases nobody (`cancel` does: the client gives up waiting).
        Simplified: a lab replica writes and flushes in one step, so remote_write and on wait for the same
        position; `off` behaves like `local` (the lab does not model the master's own WAL flush delay);
        and commits are answered in log order, so a `local` commit made while an earlier one waits
        waits behind it (PostgreSQL answers it at once).
        """,
      example: "sync-commit on",
      effect: .changesCluster,
      completions: [.words(CommitLevel.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        guard let level = CommitLevel(rawValue: args[0].lowercased()) else {
          throw spec.error("unknown level '\(args[0])'")
        }
        return .syncCommit(level)
      }),
    CommandSpec(
      name: "sync-standbys", group: .replication, usage: "sync-standbys all | first N NODE... | any N NODE...",
      summary: "which replicas are synchronous (synchronous_standby_names)",
      detail: """
        all             every replica is synchronous (the default).
        first N A B...  priority: the first N connected replicas in this order are synchronous
                        (sync_state sync); the others listed wait their turn (potential) and take over
                        when a synchronous one disconnects.
        any N A B...    quorum: a commit waits for any N of them (sync_state quorum).
        Replicas not listed are asynchronous. When too few are connected, `sync-fallback` decides
        whether commits wait or degrade to async.
        """,
      example: "sync-standbys first 1 db2 db3",
      effect: .changesCluster,
      completions: [.words(["all", "first", "any"]), .none, .nodes, .nodes, .nodes],
      parse: { args, spec throws(CommandError) in
        guard let kind = args.first?.lowercased() else { throw spec.error("sync-standbys needs all, first or any") }
        if kind == "all" {
          try arity(args, 1...1, spec)
          return .syncStandbys(.all)
        }
        guard kind == "first" || kind == "any" else {
          throw spec.error("unknown choice '\(args[0])'; use all, first or any")
        }
        guard args.count >= 3 else { throw spec.error("`\(kind)` needs a number and at least one node") }
        let n = try Arguments.count(args[1], in: 1...16, what: "the number of synchronous standbys", spec)
        let names = try args.dropFirst(2).map { w throws(CommandError) in try Arguments.node(w, spec) }
        if Set(names).count != names.count { throw spec.error("a node is listed twice") }
        if n > names.count { throw spec.error("\(n) synchronous standbys asked for, but only \(names.count) listed") }
        return .syncStandbys(kind == "first" ? .first(n, names) : .any(n, names))
      }),
    CommandSpec(
      name: "sync-fallback", group: .replication, usage: "sync-fallback wait|async",
      summary: "when too few synchronous standbys are up: wait, or degrade",
      detail: """
        wait   commits wait until enough synchronous standbys are back (PostgreSQL; Patroni's
               synchronous_mode_strict). Safe, but the master stops taking writes.
        async  commits go through without them and the lab says it degraded (like MySQL's semi-sync
               fallback); writes keep flowing, but a failover may lose them.
        """,
      example: "sync-fallback async",
      effect: .changesCluster,
      completions: [.words(SyncFallback.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        guard let f = SyncFallback(rawValue: args[0].lowercased()) else {
          throw spec.error("unknown choice '\(args[0])'")
        }
        return .syncFallback(f)
      }),
    CommandSpec(
      name: "cancel", group: .replication, usage: "cancel",
      summary: "give up waiting for a synchronous commit (psql's Ctrl-C)",
      detail: """
        A commit that waits for its synchronous standbys (`sync-mode sync`) can be cancelled by its
        client: Ctrl-C in psql, or pg_cancel_backend() from another session. PostgreSQL answers with
        a WARNING, not an error: the commit record was written before the wait began, so the
        transaction has already committed locally. It becomes visible on the master and reaches the
        standbys when they return; what is lost is the promise that a standby had it. A failover
        before then loses a write that the application may believe was committed. Every waiting
        client gives up at once, including a `load`'s. Semi-sync waits end at `semi-sync timeout`.
        """,
      example: "cancel",
      effect: .changesCluster,
      completions: [],
      parse: { args, spec throws(CommandError) in
        try arity(args, 0...0, spec)
        return .cancel
      }),
    CommandSpec(
      name: "add standby", group: .build, usage: "add standby NAME",
      summary: "add a passive standby master (synchronous, no reads)",
      detail: """
        A passive standby is replicated synchronously whatever the sync mode (each write waits until it
        has received it), serves no reads, is never counted as a read replica, and is the first choice
        when the master has to be replaced. It starts from a snapshot, like `add replica`.
        """,
      example: "add standby db4",
      effect: .changesCluster,
      completions: [.none],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .addStandby(try Arguments.newNodeName(args[0], spec))
      }),
    CommandSpec(
      name: "log-format", group: .replication, usage: "log-format statement|row|mixed",
      summary: "ship statements, row images, or a mix (binlog_format)",
      detail: """
        MySQL's binlog_format:
          row        ship the value the master stored; replicas copy it (the default).
          statement  ship the statement; replicas run it again. rand(), uuid() and sysdate() give other
                     values on each replica and the copies diverge; now() stays the same because the log
                     carries the master's timestamp. `checksum` finds the divergence.
          mixed      statements, except unsafe ones, which are shipped as rows.
        """,
      example: "log-format statement",
      effect: .changesCluster,
      completions: [.words(LogFormat.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        guard let f = LogFormat(rawValue: args[0].lowercased()) else { throw spec.error("unknown format '\(args[0])'") }
        return .logFormat(f)
      }),
    CommandSpec(
      name: "checksum", group: .views, usage: "checksum",
      summary: "compare every node's data with the master's, key by key",
      detail: """
        Like pt-table-checksum: a checksum of each node's data, and the keys whose values differ from the
        master's, per node. Run it after `settle`, or entries still in flight show up as differences.
        """,
      example: "checksum",
      effect: .view,
      means: .checksum),
    CommandSpec(
      name: "retention", group: .replication, usage: "retention N | DURATION | off",
      summary: "how much log every node keeps (entries or age)",
      detail: """
        retention 400   keep the newest 400 entries (like PostgreSQL's wal_keep_size or Redis's
                        repl-backlog-size, counted in entries).
        retention 30s   keep entries younger than 30 s (like binlog_expire_logs_seconds).
        retention off   keep everything (the default).
        A replica that comes back needing a purged entry cannot resume from the log; see `resync`.
        """,
      example: "retention 100",
      effect: .changesCluster,
      completions: [.words(["off"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        let w = args[0].lowercased()
        if w == "off" { return .retention(nil) }
        if w.allSatisfy({ $0.isASCII && $0.isNumber }) {
          return .retention(.entries(try Arguments.count(w, in: 1...100_000_000, what: "retention", spec)))
        }
        return .retention(.age(try Arguments.duration(w, spec)))
      }),
    CommandSpec(
      name: "resync", group: .faults, usage: "resync auto|manual | resync NODE",
      summary: "full resync from a snapshot: auto, manual, or now",
      detail: """
        When a replica needs log entries the master has purged, partial resync is impossible.
          resync auto    the master sends a fresh snapshot at once (Redis's +FULLRESYNC; the default).
          resync manual  replication stops with an error (MySQL's error 1236, PostgreSQL's "requested WAL
                         segment has already been removed") until you run `resync NODE`.
          resync NODE    NODE asks the master for a snapshot now. It stands for what the operator does:
                         MySQL, a clone or a dump restored at its GTID position; PostgreSQL, a new
                         pg_basebackup -R of the standby.
        Simplified: a PostgreSQL standby that lost its WAL keeps retrying, and recovers by itself when
        restore_command can read the missing WAL from an archive; a replication slot would have kept
        the WAL for it. The lab has no archive and no slots: only a snapshot helps.
        Snapshots travel at \(DataPlane.snapshotKeysPerSecond) keys per second of simulated time.
        """,
      example: "resync db3",
      effect: .changesCluster,
      completions: [.words(["auto", "manual"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        switch args[0].lowercased() {
        case "auto": return .resyncMode(.auto)
        case "manual": return .resyncMode(.manual)
        default: return .resync(try Arguments.node(args[0], spec))
        }
      }),
    CommandSpec(
      name: "load", group: .data, usage: "load N writes [over DURATION] [keys K]",
      summary: "generate client traffic spread over simulated time",
      detail: """
        Starts N writes (`set kI vJ`, keys k1..kK picked by the seeded generator) spread evenly over
        DURATION (default: all at once). The writes happen as time passes, so `wait` and `lag` show the
        replicas keeping up, or not. Per-message lines are summarised while traffic flows.
        Limits, so one line cannot take the machine: at most 1,000,000 writes and keys per `load`
        (run another for more), and with retention off a node's log keeps at most 1,000,000 entries;
        `retention N` lifts that bound by purging old entries.
        """,
      example: "load 1000 writes over 10s keys 50",
      effect: .changesCluster,
      completions: [.none, .words(["writes"]), .words(["over", "keys"]), .none, .words(["keys"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...6, spec)
        let n = try Arguments.count(args[0], in: 1...DataPlane.maxWritesPerLoad, what: "the number of writes", spec)
        guard args[1].lowercased() == "writes" else { throw spec.error("expected `writes` after the number") }
        var over: SimTime = 0
        var keys = 100
        var rest = args.dropFirst(2)
        while let word = rest.first?.lowercased() {
          guard rest.count >= 2 else { throw spec.error("`\(word)` needs a value") }
          let value = rest[rest.startIndex + 1]
          switch word {
          case "over": over = try Arguments.duration(value, spec)
          case "keys": keys = try Arguments.count(value, in: 1...DataPlane.maxWritesPerLoad, what: "keys", spec)
          default: throw spec.error("unknown option '\(word)'; use over or keys")
          }
          rest = rest.dropFirst(2)
        }
        return .load(count: n, over: over, keys: keys)
      }),
    CommandSpec(
      name: "slow", group: .faults, usage: .either("slow NODE RATE/s", "slow NODE off"),
      summary: "limit how many entries per second a replica applies",
      detail: """
        A replica normally applies each entry as it arrives. `slow db3 50/s` makes it apply at most 50
        entries per second: it still receives (and acknowledges) everything at once, but applying falls
        behind whenever writes come faster, like a replica whose SQL thread cannot keep up.
        With `apply-workers NODE N` each of the N workers applies at this rate.
        """,
      example: "slow db3 50/s",
      effect: .changesCluster,
      completions: [.nodes, .words(["off", "10/s", "100/s"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...2, spec)
        let node = try Arguments.node(args[0], spec)
        let w = args[1].lowercased()
        if w == "off" { return .slow(node, nil) }
        let digits = w.hasSuffix("/s") ? String(w.dropLast(2)) : w
        return .slow(
          node, try Arguments.count(digits, in: 1...1_000_000, what: "the apply rate (entries per second)", spec))
      }),
  ]
}
