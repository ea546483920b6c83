import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension CommandRegistry {
  /// Fencing, which keeps a deposed master from taking writes, and step-down, which limits the
  /// damage afterwards.
  package static let fencingCommands: [CommandSpec] = [
    CommandSpec(
      name: "fencing", group: .failover, usage: "fencing stonith|none",
      summary: "what stops a deposed master taking writes",
      detail: """
        Fencing keeps a master that was replaced from accepting writes, during the partition, not
        after it. A master that is cut off is not dead: its clients may still reach it. What fences it:
        stonith: before it promotes anyone, the orchestrator has the old master's power cut (STONITH,
            "shoot the other node in the head"; a PreFailoverProcesses hook in orchestrator, a fence
            device in Pacemaker). It is off until you `restart` it. In the lab the fence device is
            always reachable (a power switch on its own network); when a real one does not answer,
            Pacemaker does not promote anyone: it retries and keeps the service down rather than risk
            two masters.
        none (default): the orchestrator promotes without fencing (orchestrator leaves it to hooks).
        Other fencing in the lab:
          `manager lease` (Patroni): a leader that cannot renew its key in etcd demotes itself to
              read-only before the key expires, and no replica promotes before it has expired.
          `min-replicas-to-write N` (Redis): a master that has not heard from N replicas within
              `min-replicas-max-lag` refuses writes (NOREPLICAS), so a cut-off master stops on its own.
          fencing tokens: every log entry carries its master's epoch, and a replica stores only
              entries of the epoch it follows or newer; a write that must reach the replicas to count
              (`sync-mode sync`, `min-replicas-to-write`) cannot succeed with a stale token.
        Not fencing: `step-down on` (the default) makes an old master that hears of a newer epoch step
        down and roll back its extra writes after the heal. That limits the damage; it does not stop
        writes while the old master cannot hear. `fencing on|off`, the lab's old name for it, still
        works and says so.
        """,
      example: "fencing stonith",
      effect: .changesCluster,
      completions: [.words(["stonith", "none"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        switch args[0].lowercased() {
        case "stonith": return .control(.stonith(true))
        case "none": return .control(.stonith(false))
        case "on": return .control(.stepDown(true, spelledFencing: true))
        case "off": return .control(.stepDown(false, spelledFencing: true))
        default: throw spec.error("unknown fencing '\(args[0])': use stonith or none")
        }
      }),
    CommandSpec(
      name: "step-down", group: .failover, usage: "step-down on|off",
      summary: "an old master obeys a newer epoch (damage control)",
      detail: """
        on (default): epochs are honoured. A node still acting as master that hears of a newer epoch
            (the orchestrator answers its heartbeat, an election winner announces itself) refuses
            writes, steps down to replica, and rolls back its writes the new master never had, listing
            them (MongoDB's rollback, pg_rewind). A restarted old master rejoins as a replica.
        off: nothing enforces epochs. An old master cut off by a partition, or restarted after a
            failover, keeps acting as master beside the new one: split brain. `diff` shows the
            divergence and `demote NODE` resolves it.
        This is damage control, not fencing: while a partition keeps the old master from hearing of
        the newer epoch, it takes and acknowledges writes either way, and those are the writes rolled
        back after the heal. `help fencing` says what stops it.
        """,
      example: "step-down off",
      effect: .changesCluster,
      completions: [.words(["on", "off"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .control(.stepDown(try onOff(args[0], spec), spelledFencing: false))
      }),
    CommandSpec(
      name: "min-replicas-to-write", group: .replication, usage: "min-replicas-to-write N",
      summary: "Redis: refuse writes with fewer than N fresh replicas",
      detail: """
        Redis's min-replicas-to-write (0, off, by default): the master refuses writes with NOREPLICAS
        while fewer than N replicas have acknowledged within `min-replicas-max-lag` (10 s). While it
        is on, replicas acknowledge once a second (REPLCONF ACK) even when nothing is written. A
        master cut off from its replicas therefore stops taking writes at most max-lag after it last
        heard from them: the bound on what a deposed master accepts. It is not a guarantee that a
        write reached N replicas (Redis says so too): it bounds the window, it does not close it.
        Simplified: Redis recounts its good replicas once a second; the lab counts at each write.
        From 0 to 49.
        """,
      example: "min-replicas-to-write 1",
      effect: .changesCluster,
      completions: [.words(["0", "1", "2"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .minReplicasToWrite(
          try Arguments.count(args[0], in: 0...(DataPlane.maxNodes - 1), what: "min-replicas-to-write", spec))
      }),
    CommandSpec(
      name: "min-replicas-max-lag", group: .replication, usage: "min-replicas-max-lag SECONDS",
      summary: "Redis: how fresh a replica's last ack must be (10s)",
      detail: """
        Redis's min-replicas-max-lag (10 seconds by default): a replica counts toward
        `min-replicas-to-write` only if its last acknowledgement is at most this old. Whole seconds,
        written `5` or `5s`, from 1 to 3600.
        """,
      example: "min-replicas-max-lag 2",
      effect: .changesCluster,
      completions: [.words(["1", "2", "10"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        let w = args[0].lowercased()
        let seconds: Int
        if w.allSatisfy({ $0.isASCII && $0.isNumber }) {
          seconds = try Arguments.count(w, in: 1...3600, what: "min-replicas-max-lag", spec)
        } else {
          let ms = try Arguments.duration(w, spec)
          guard ms % 1000 == 0, (1000...3_600_000).contains(ms) else {
            throw spec.error("min-replicas-max-lag is whole seconds from 1 to 3600, like 10 or 10s")
          }
          seconds = Int(ms / 1000)
        }
        return .minReplicasMaxLag(SimTime(seconds) * 1000)
      }),
  ]
}
