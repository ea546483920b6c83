import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension CommandRegistry {
  /// The lease regime's settings.
  package static let leaseCommands: [CommandSpec] = [
    CommandSpec(
      name: "patroni", group: .failover, usage: "patroni SETTING VALUE",
      summary: "Patroni's ttl, loop_wait, retry_timeout... (manager lease)",
      detail: """
        Settings of the lease regime (`manager lease`), with Patroni's names and defaults:
          ttl SECONDS                   the leader key's lifetime without a renewal (30)
          loop_wait SECONDS             each agent's HA loop runs this often (10)
          retry_timeout SECONDS         a store request is retried this long (10); a leader that
                                        gives up demotes itself to read-only
          maximum_lag_on_failover N     a replica further behind the leader's last recorded position
                                        does not take the key (1048576; Patroni counts bytes of WAL,
                                        the lab counts log entries)
          synchronous_mode on|off       the leader keeps one synchronous standby (FIRST 1) and only
                                        that standby may take the key; with none left, async
          synchronous_mode_strict on|off   with no synchronous standby, writes wait instead
        Patroni's rule loop_wait + 2 x retry_timeout <= ttl keeps a leader's demotion ahead of its key's
        expiry. Patroni quietly shrinks loop_wait and retry_timeout when they break it (and raises ttl
        to at least 20, retry_timeout to 3, loop_wait to 1); the lab refuses such a value instead.
        How it runs: every loop the leader renews its key in `etcd` (a compare-and-set on its name)
        and records its position; replicas record theirs. When the key expires, `etcd` tells the
        agents watching it; each replica that is within maximum_lag_on_failover and has no member
        ahead of it tries to create the key, the first wins and promotes, and the others follow it.
        `status` shows the key, its holder and its expiry.
        Simplified: the store is one etcd member that never crashes (a partition can cut nodes off
        from it; a real etcd is a Raft group of 3 or 5); replicas compare positions through the
        store, not each other's REST API; no failsafe_mode (a leader cut off from the store demotes
        even if it still sees every replica); the client's proxy learns the new primary at once.
        """,
      example: "patroni ttl 20",
      effect: .changesCluster,
      completions: [.words(PatroniSettings.Name.allCases.map(\.rawValue)), .words(["on", "off", "10", "30"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...2, spec)
        guard let name = PatroniSettings.Name(rawValue: args[0].lowercased()) else {
          let names = PatroniSettings.Name.allCases.map(\.rawValue).joined(separator: ", ")
          throw spec.error("unknown Patroni setting '\(args[0])': use \(names)")
        }
        switch name {
        case .ttl, .loopWait, .retryTimeout:
          var w = args[1].lowercased()
          if w.hasSuffix("s") && !w.hasSuffix("ms") { w.removeLast() }
          let n = try Arguments.count(w, in: 1...3600, what: name.rawValue + " (whole seconds)", spec)
          return .control(.patroni(name, .seconds(n)))
        case .maximumLagOnFailover:
          return .control(
            .patroni(name, .count(try Arguments.count(args[1], in: 0...1_000_000_000, what: name.rawValue, spec))))
        case .synchronousMode, .synchronousModeStrict:
          return .control(.patroni(name, .flag(try onOff(args[1], spec))))
        }
      })
  ]
}
