import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension CommandRegistry {
  // MARK: Presets

  package static let presetCommands: [CommandSpec] = [
    CommandSpec(
      name: "preset", group: .build, usage: "preset [NAME|off]",
      summary: "make the lab behave like MySQL, MariaDB, PostgreSQL, Redis or MongoDB",
      detail: """
        mysql-semisync  MySQL 8.4: semi-sync AFTER_SYNC, 1 ack, 10 s timeout, binlog_format ROW;
                        orchestrator polls every 5 s, fails over to the most advanced replica, blocks
                        a second recovery for an hour, and leaves fencing to hooks (step-down off).
        mariadb-semisync  MariaDB 10.11: the same failover, but semi-sync waits for one replica
                        only, AFTER_COMMIT by default (other sessions can read a write a failover
                        may lose), binlog_format MIXED, and the older names (rpl_semi_sync_master_*).
        postgres-sync   PostgreSQL: synchronous_commit on, synchronous_standby_names FIRST 1 (...),
                        commits wait when no standby is left; the lab's orchestrator fails over
                        (heartbeats every 10 s, 30 s timeout). `preset patroni` runs Patroni's lease.
        redis-sentinel  Redis: asynchronous, commands replicated (unsafe ones as effects: mixed),
                        full resync outside the backlog; Sentinel: PING every second,
                        down-after-milliseconds 30000, replica-priority then offset.
        mongodb         MongoDB: writeConcern majority, heartbeats every 2 s, electionTimeoutMillis
                        10000, Raft-style elections; the old primary rolls back what it alone had.
        patroni         PostgreSQL with Patroni on etcd (`manager lease`): a leader key with ttl 30 s,
                        loop_wait 10 s, retry_timeout 10 s, maximum_lag_on_failover; asynchronous
                        unless `patroni synchronous_mode on`. postgres-sync keeps the orchestrator.
        A preset runs ordinary lab commands (it lists them); change any setting afterwards as usual.
        `status` then shows the system's own parameter names beside the lab's settings. `preset`
        alone lists the presets; `preset off` stops showing the parameters (the settings stay);
        `reset` drops the preset with everything else.
        Simplified: in mysql-semisync, mariadb-semisync, postgres-sync and redis-sentinel one process,
        `orch`, stands in for orchestrator or for the three Sentinels; mongodb and patroni run their
        own regimes (`manager consensus`, `manager lease`).
        """,
      example: "preset mysql-semisync",
      effect: .viewWhen(arguments: [[]]),
      completions: [.words(Preset.allCases.map(\.rawValue) + ["off"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 0...1, spec)
        guard let word = args.first?.lowercased() else { return .preset(nil) }
        if word == "off" { return .presetOff }
        guard let preset = Preset(rawValue: word) else {
          let names = Preset.allCases.map(\.rawValue)
          let guess = Suggestions.closest(to: word, among: names)
          throw spec.error(
            "no preset named '\(args[0])'\(guess.map { "; did you mean \($0)?" } ?? ""); presets: \(names.joined(separator: ", "))"
          )
        }
        return .preset(preset)
      })
  ]
}
