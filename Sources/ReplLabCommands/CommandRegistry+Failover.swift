import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension CommandRegistry {
  /// Failure detection, elections, client routing, network faults, `diff` and `timeline`.
  package static let failoverCommands: [CommandSpec] = detection + networkFaults + failoverViews

  package static func onOff(_ word: String, _ spec: CommandSpec) throws(CommandError) -> Bool {
    switch word.lowercased() {
    case "on": return true
    case "off": return false
    default: throw spec.error("expected on or off, got '\(word)'")
    }
  }

  /// A duration, or `0`/`off` for none.
  package static func durationOrZero(_ word: String, _ spec: CommandSpec) throws(CommandError) -> SimTime {
    if ["0", "off", "0s", "0ms"].contains(word.lowercased()) { return 0 }
    return try Arguments.duration(word, spec)
  }

  /// A decimal number such as `8`, `0.5` or `12.25`.
  package static func decimal(_ word: String, what: String, _ spec: CommandSpec) throws(CommandError) -> Double {
    guard !word.isEmpty, word.count <= 12, word.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
      word.filter({ $0 == "." }).count <= 1, word.first != ".", word.last != ".", let x = Double(word)
    else { throw spec.error("'\(word)' is not a number for \(what)") }
    return x
  }

  // MARK: Detection and failover settings

  package static let detection: [CommandSpec] = [
    CommandSpec(
      name: "failover", group: .failover, usage: "failover manual|auto",
      summary: "on a dead master: alarm, or elect and promote",
      detail: """
        manual (the default): when the orchestrator suspects the master it raises the alarm and waits for
               an operator to `promote` a replica or `restart` the master, as a lean team does.
        auto:  it runs the election (see `election`), promotes the winner, re-points the other replicas
               and announces the new master to the client, printing each step. After an automatic
               failover another one on the same cluster waits for the recovery block (`recovery-block`,
               orchestrator's RecoveryPeriodBlockSeconds, 1 h by default): anti-flapping.
        If the election produces no master within 10 s, the orchestrator gives up and tries again when
        the network heals.
        """,
      example: "failover auto",
      effect: .changesCluster,
      completions: [.words(FailoverMode.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        guard let mode = FailoverMode(rawValue: args[0].lowercased()) else {
          throw spec.error("unknown failover mode '\(args[0])'")
        }
        return .control(.failover(mode))
      }),
    CommandSpec(
      name: "manager", group: .failover, usage: "manager orchestrator|consensus|lease",
      summary: "who decides the master: an outside orchestrator, or the nodes by vote",
      detail: """
        orchestrator (the default): one outside process, `orch`, watches every node's heartbeats and,
            with `failover auto`, fails over using `election`; with `failover manual` it raises the
            alarm and an operator runs `promote`.
        consensus: no outside manager, as in a Raft group or a MongoDB replica set (protocol version
            1). The primary heartbeats every member every 2 s (heartbeatIntervalMillis 2000). A member
            that hears no primary for its election timeout (electionTimeoutMillis 10000, plus a random
            offset of up to 15% from the seeded generator) first asks in a dry run whether a majority
            would vote for it; members that still hear a primary say no. Then it stands in a new term
            and votes for itself. A member votes once per term, only for a candidate whose last entry
            has a newer term, or the same term and at least the same seq; any message with a newer
            term makes the receiver adopt it, and a primary steps down. A majority of all members
            wins; candidates keep trying, a new term each timeout, until one does. A primary that has
            not heard from a majority for an election timeout steps down (check-quorum), so a primary
            cut off with a minority stops taking writes. When an old primary rejoins, it rolls back
            what the new one lacks and keeps it in a rollback file. With `write-concern majority` no
            acknowledged write is ever rolled back. `failover`, `election`, `detector` and
            `heartbeat-interval` are the orchestrator's and do not apply.
            Simplified: timings are fixed; priority is only 0 (never stands) or not; the client's
            driver learns the primary from the primary's heartbeats to it (drivers poll members).
        lease: a Patroni agent beside every node and a configuration store, `etcd`, holding a leader key
            with a TTL. The leader renews the key every loop_wait; one that cannot renew within
            retry_timeout demotes itself to read-only before the key expires; then a replica takes the
            key and promotes. `help patroni` has the settings and what the lab simplifies.
        The current master stays master when the manager changes; the client keeps the master it knew.
        """,
      example: "manager consensus",
      effect: .changesCluster,
      completions: [.words(RegimeKind.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        guard let kind = RegimeKind(rawValue: args[0].lowercased()) else {
          let kinds = RegimeKind.allCases.map(\.rawValue).joined(separator: " or ")
          throw spec.error("unknown manager '\(args[0])': use \(kinds)")
        }
        return .control(.manager(kind))
      }),
    CommandSpec(
      name: "write-concern", group: .failover, usage: "write-concern majority|1",
      summary: "MongoDB's w: acknowledge once a majority holds a write, or at once",
      detail: """
        majority: the primary acknowledges a write once a majority of the members, itself counted,
            have received it (MongoDB's w:"majority", its default since 5.0). A new primary needs a
            majority of votes, and voters refuse a log older than theirs, so some voter holds every
            acknowledged write and the winner has it: a failover never loses one. The price: each
            write waits for the nearest replicas, and with no majority reachable writes block.
        1: the primary acknowledges at once (w:1). A failover before the others receive the write
            loses it, although the client heard OK.
        In the lab's terms, majority is `sync-mode sync` with `sync-standbys any N` over every other
        member, waiting rather than falling back; 1 is `sync-mode async`. Under `manager consensus`
        each new primary waits for its own set of other members.
        """,
      example: "write-concern majority",
      effect: .changesCluster,
      completions: [.words(WriteConcern.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        let word = args[0].lowercased().replacing("\"", with: "")
        guard let w = WriteConcern(rawValue: word) else {
          throw spec.error("unknown write concern '\(args[0])': use majority or 1")
        }
        return .control(.writeConcern(w))
      }),
    CommandSpec(
      name: "election", group: .failover, usage: "election METHOD|compare",
      summary: "most-up-to-date, bully, raft or sentinel; or compare the first three",
      detail: """
        most-up-to-date (default): the orchestrator reads the position of every replica it can reach and
            picks the lowest replica-priority, then the newest epoch and most of the log, then the name.
        bully: the orchestrator asks the replicas to elect. Each sends ELECTION to every node with a
            higher id (db3 is higher than db2); a live higher node answers OK and takes over the
            election; a node that hears no OK within 100 ms sends COORDINATOR and becomes master. The
            highest live id wins even when it is behind, and writes the others had are lost.
        raft: each replica waits a random election timeout (150-300 ms, from the seeded generator),
            then stands in a term after every term it has seen and sends RequestVote. A node votes once
            per term, only for a log at least as up to date as its own (newer last epoch, or same epoch
            and at least as long), and adopts any newer term it hears of. A candidate that has not won
            by its next timeout stands again. A majority of all nodes wins; a minority cannot elect.
        sentinel: Redis Sentinel. Three Sentinels (quorum 2) PING every node each heartbeat interval
            and count down-after-milliseconds (`detector timeout`) from the first PING left unanswered,
            which after a process crash is at once (the connection closes). Then +odown (the quorum
            agrees), +elected-leader (a majority votes in a new config epoch), SLAVEOF NO ONE to the
            replica with the lowest replica-priority, then the largest offset, then the smaller run ID
            (random at each start), +promoted-slave at the leader's next INFO poll (1 s), the other
            replicas re-pointed and +switch-master. A restarted old master comes back as master and
            takes writes until a Sentinel's INFO poll (every 10 s) converts it; its resync discards them.
        compare: what each method would do if the master failed now, side by side (it runs each on a
            copy of the cluster and changes nothing).
        Simplified: real orchestrator declares DeadMaster only when the master is unreachable AND its
        replicas report broken replication (holistic analysis, which avoids lesson 19's false
        failover); the lab's orchestrator trusts its own detector alone. It has no replica-priority
        (see `replica-priority`), and its RecoveryPeriodBlockSeconds is `recovery-block`.
        The three Sentinels run on `orch` and see the same PINGs, so they always agree and
        all vote (the leader is drawn from the seeded generator); their steps take the time real ones
        take. A node acting as master ignores ELECTION and RequestVote; orch gives up if no master is
        elected within 10 s; terms become epochs. For elections with no orchestrator at all, see
        `manager consensus`.
        """,
      example: "election raft",
      effect: .viewWhen(arguments: [["compare"]]),
      completions: [.words(ElectionMethod.allCases.map(\.rawValue) + ["compare"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        let word = args[0].lowercased()
        if word == "compare" { return .control(.compareElections) }
        let aliases = [
          "most-up-to-date": ElectionMethod.mostUpToDate, "mostuptodate": .mostUpToDate, "up-to-date": .mostUpToDate,
          "bully": .bully, "raft": .raft, "raft-style": .raft, "vote": .raft, "sentinel": .sentinel,
        ]
        guard let method = aliases[word] else {
          throw spec.error(
            "unknown election method '\(args[0])': use most-up-to-date, bully, raft or sentinel (or compare)")
        }
        return .control(.election(method))
      }),
    CommandSpec(
      name: "detector", group: .failover, usage: "detector timeout|phi [VALUE]",
      summary: "how the orchestrator decides a node is dead",
      detail: """
        detector timeout DURATION: suspect a node after DURATION without a heartbeat (Redis
            Sentinel's down-after-milliseconds, 30000 ms by default; the lab's default is 30 s).
            From 100ms to 1h.
        detector phi [THRESHOLD] [pause DURATION]: the phi accrual detector (Hayashibara et al.).
            It keeps the last 100 intervals between a node's heartbeats, fits a normal distribution
            (mean, standard deviation, at least 100 ms as Akka's min-std-deviation), and computes
            phi = -log10(P(the next heartbeat is still to come)). phi 1 is a 10% chance of a wrong
            suspicion, 2 is 1%, 8 (the default threshold, as in Akka and Cassandra) one in 10^8.
            Regular heartbeats make it quick; jittery ones make it patient. THRESHOLD from 0.5 to
            20. `pause DURATION` adds Akka's acceptable-heartbeat-pause to the mean.
        `heartbeats` shows each node's last heartbeat and its phi right now.
        """,
      example: "detector phi 8",
      effect: .changesCluster,
      completions: [.words(["timeout", "phi"]), .words(["30s", "8"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...4, spec)
        switch args[0].lowercased() {
        case "timeout":
          try arity(args, 2...2, spec)
          let ms = try Arguments.duration(args[1], spec)
          guard (100...3_600_000).contains(ms) else { throw spec.error("the timeout must be between 100ms and 1h") }
          return .control(.detector(.timeout(TimeoutDetector(timeout: ms))))
        case "phi":
          var rest = args.dropFirst()
          var threshold = PhiAccrualDetector.defaultThreshold
          if let w = rest.first, w.lowercased() != "pause" {
            threshold = try decimal(w, what: "the phi threshold", spec)
            guard threshold >= 0.5 && threshold <= 20 else {
              throw spec.error("the phi threshold must be between 0.5 and 20")
            }
            rest = rest.dropFirst()
          }
          var pause: SimTime = 0
          if let w = rest.first {
            guard w.lowercased() == "pause" else { throw spec.error("expected `pause DURATION`, got '\(w)'") }
            guard rest.count == 2 else {
              throw spec.error(rest.count < 2 ? "`pause` needs a duration" : "too many arguments")
            }
            pause = try durationOrZero(rest[rest.startIndex + 1], spec)
            guard pause <= 3_600_000 else { throw spec.error("the pause must be at most 1h") }
          }
          return .control(.detector(.phiAccrual(PhiAccrualDetector(threshold: threshold, acceptablePause: pause))))
        default:
          throw spec.error("unknown detector '\(args[0])': use timeout or phi")
        }
      }),
    CommandSpec(
      name: "heartbeat-interval", group: .failover, usage: "heartbeat-interval DURATION",
      summary: "how often nodes send heartbeats (1s)",
      detail: """
        Every node sends a heartbeat to the orchestrator (`orch`) every DURATION (Sentinel pings every
        second; Akka's heartbeat-interval is 1 s; MongoDB's members every 2 s). From 100ms to 1m.
        Heartbeats are messages on the simulated network, so `delay`, `partition` and `loss` affect
        them. They do not print anything: `heartbeats` and `timeline` show them.
        """,
      example: "heartbeat-interval 500ms",
      effect: .changesCluster,
      completions: [.words(["500ms", "1s", "2s"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        let ms = try Arguments.duration(args[0], spec)
        guard (100...60_000).contains(ms) else {
          throw spec.error("the heartbeat interval must be between 100ms and 1m")
        }
        return .control(.heartbeatInterval(ms))
      }),
    CommandSpec(
      name: "replica-priority", group: .failover, usage: "replica-priority NODE N",
      summary: "rank NODE for promotion; 0 means never promote",
      detail: """
        Redis's replica-priority: lower is preferred, 0 means never promote, 100 is the default. Sentinel
        (`election sentinel`) ranks by it before the offset; `promote` without a name and the elections
        skip priority-0 nodes (they still vote in raft). 0 to 10000.
        Simplified: real orchestrator has no replica-priority. It promotes the most advanced replica and
        may then hand over to a preferred candidate (its promotion rules: prefer, must_not); the lab's
        most-up-to-date applies this priority instead.
        """,
      example: "replica-priority db3 0",
      effect: .changesCluster,
      completions: [.nodes, .words(["0", "50", "100"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...2, spec)
        return .control(
          .replicaPriority(
            try Arguments.node(args[0], spec), try Arguments.count(args[1], in: 0...10_000, what: "the priority", spec))
        )
      }),
    CommandSpec(
      name: "recovery-block", group: .failover, usage: "recovery-block DURATION",
      summary: "anti-flapping pause between automatic failovers",
      detail: """
        After an automatic failover the orchestrator will not fail over the same cluster automatically
        again for DURATION (orchestrator's RecoveryPeriodBlockSeconds, 3600 s by default), so a flapping
        network cannot bounce the master back and forth. A blocked failover is announced; `promote`
        still works. `recovery-block 0` turns the block off.
        """,
      example: "recovery-block 10m",
      effect: .changesCluster,
      completions: [.words(["0", "10m", "1h"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .control(.recoveryBlock(try durationOrZero(args[0], spec)))
      }),
    CommandSpec(
      name: "proxy", group: .failover, usage: "proxy on|off",
      summary: "clients go through a proxy, or to the master",
      detail: """
        off (default): the client (`app`) connects straight to the master it was told about. After a
            failover the orchestrator tells it; until that message arrives, or while a partition keeps
            it away, `app` writes to the old master: refused if that node is down or has stepped down,
            accepted (split brain) if it still acts as master.
        on: the client talks to a proxy in front of the cluster (HAProxy, ProxySQL, PgBouncer) that the
            orchestrator re-points; a read meant for a down replica goes to a live one instead.
        Simplified: client requests do not cross the simulated network, so a client reaches every node
        whatever the partition; only the orchestrator's announcements to it travel as messages.
        """,
      example: "proxy on",
      effect: .changesCluster,
      completions: [.words(["on", "off"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .control(.proxy(try onOff(args[0], spec)))
      }),
  ]

  // MARK: Network faults

  package static let networkFaults: [CommandSpec] = [
    CommandSpec(
      name: "partition", group: .faults, usage: "partition NODE... [from NODE...] [for DURATION]",
      summary: "cut the network between two groups",
      detail: """
        Cuts every link between the named nodes and the rest (or only those after `from`). Names can be
        database nodes, `orch` (the orchestrator), `app` (the client) or `proxy`. Messages between the
        two sides, including those already on the wire, are lost until `heal`, or, with `for 2s`, until
        the window has passed and the links work again by themselves. Partition the master
        alone and the orchestrator soon suspects it while clients may still write to it.
        Simplified: client requests do not cross the simulated network, so clients reach every node;
        partitioning `app` keeps the orchestrator's announcements from reaching it.
        """,
      example: "partition db1",
      effect: .changesCluster,
      completions: [.endpoints, .endpoints, .endpoints, .endpoints],
      parse: { args, spec throws(CommandError) in
        guard !args.isEmpty else { throw spec.error("partition needs at least one node") }
        var words = args
        var window: SimTime?
        if let i = words.firstIndex(where: { $0.lowercased() == "for" }) {
          guard i == words.count - 2 else { throw spec.error("write the window last: `partition db2 for 2s`") }
          window = try Arguments.duration(words[i + 1], spec)
          words.removeLast(2)
          guard !words.isEmpty else { throw spec.error("name the nodes to cut off before `for`") }
        }
        var side: [String] = []
        var other: [String]?
        for w in words {
          if w.lowercased() == "from" {
            guard other == nil else { throw spec.error("`from` appears twice") }
            guard !side.isEmpty else { throw spec.error("name the nodes to cut off before `from`") }
            other = []
            continue
          }
          let name = try Arguments.node(w, spec)
          if side.contains(name) || other?.contains(name) == true {
            throw spec.error("'\(name)' is named twice")
          }
          if other != nil { other!.append(name) } else { side.append(name) }
        }
        if other?.isEmpty == true { throw spec.error("`from` needs at least one node") }
        return .control(.partition(side, from: other, for: window))
      }),
    CommandSpec(
      name: "heal", group: .faults, usage: "heal",
      summary: "restore every cut link",
      detail: """
        Every link works again. Replicas reconnect to their master and catch up, the orchestrator tells a
        client that missed an announcement where the master is, and an old master hears of the newer
        epoch at its next heartbeat.
        """,
      example: "heal",
      effect: .changesCluster,
      completions: [],
      parse: { args, spec throws(CommandError) in
        try arity(args, 0...0, spec)
        return .control(.heal)
      }),
    CommandSpec(
      name: "loss", group: .faults, usage: "loss PROBABILITY",
      summary: "lose messages at random (0.1 or 10%)",
      detail: """
        Each message is lost with this probability, drawn from the seeded generator. Heartbeats, votes
        and announcements are datagrams here and are simply lost. Replication runs over TCP: a lost
        packet is sent again after 200 ms, then after twice as long each time up to 120 s (Linux's
        back-off), so replication slows down but loses nothing. A packet lost 16 times in a row makes
        TCP give the connection up (tcp_retries2 = 15, about 15 minutes): the replica says so,
        reconnects and asks for what it lacks. `loss 0` stops it.
        """,
      example: "loss 20%",
      effect: .changesCluster,
      completions: [.words(["0", "5%", "20%"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        var w = args[0]
        let percent = w.hasSuffix("%")
        if percent { w.removeLast() }
        var p = try decimal(w, what: "the loss probability", spec)
        if percent { p /= 100 }
        guard p >= 0 && p <= 1 else {
          throw spec.error("the loss probability must be between 0 and 1 (or 0% and 100%)")
        }
        return .control(.loss(p))
      }),
    CommandSpec(
      name: "jitter", group: .faults, usage: "jitter DURATION",
      summary: "random extra delay per message",
      detail: """
        Each message takes up to DURATION longer than its link's latency, drawn from the seeded generator;
        messages on one link still arrive in order. Jittery heartbeats make the phi accrual detector
        more patient. `jitter 0` stops it; at most 1m.
        """,
      example: "jitter 200ms",
      effect: .changesCluster,
      completions: [.words(["0", "50ms", "200ms"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        let ms = try durationOrZero(args[0], spec)
        guard ms <= 60_000 else { throw spec.error("jitter must be at most 1m") }
        return .control(.jitter(ms))
      }),
    CommandSpec(
      name: "demote", group: .faults, usage: "demote NODE",
      summary: "turn a second master back into a replica",
      detail: """
        Resolves a split brain by hand: NODE, still acting as master in an older epoch, follows the
        cluster's master. The writes it holds that the master lacks go as `rejoin` says: rolled back and
        listed (the default, MongoDB's way), rewound by pg_rewind without a list, kept out until
        `rewind NODE` or `resync NODE` (PostgreSQL by hand), replaced by a full copy (Redis), or kept
        as errant transactions (MySQL with GTIDs).
        """,
      example: "demote db1",
      effect: .changesCluster,
      completions: [.nodes],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .control(.demote(try Arguments.node(args[0], spec)))
      }),
  ]

  // MARK: Views

  package static let failoverViews: [CommandSpec] = [
    CommandSpec(
      name: "heartbeats", group: .views, usage: "heartbeats",
      summary: "what the orchestrator hears from each node",
      detail: """
        One row per node: when its last heartbeat arrived and how long ago, the mean interval and its
        standard deviation, and the verdict. With the phi accrual detector it also shows phi right now,
        so waiting a little and asking again shows suspicion rising.
        """,
      example: "heartbeats",
      effect: .view,
      completions: [],
      parse: { args, spec throws(CommandError) in
        try arity(args, 0...0, spec)
        return .control(.heartbeats)
      }),
    CommandSpec(
      name: "diff", group: .views, usage: "diff [NODE NODE]",
      summary: "which keys differ between nodes",
      detail: """
        Without arguments, compares every node's data with the master's; with two nodes, compares those.
        Lists each key that differs with its value on every node compared. A replica that is merely
        behind differs too: the lab says how many entries behind it is.
        """,
      example: "diff db1 db2",
      effect: .view,
      completions: [.nodesOrMaster, .nodesOrMaster],
      parse: { args, spec throws(CommandError) in
        try arity(args, 0...2, spec)
        guard args.count != 1 else { throw spec.error("name two nodes to compare, or none") }
        if args.isEmpty { return .diff(nil, nil) }
        return .diff(try Arguments.node(args[0], spec), try Arguments.node(args[1], spec))
      }),
    CommandSpec(
      name: "timeline", group: .views, usage: "timeline [last N|since TIME] [--svg FILE [--force]]",
      summary: "space-time diagram; add --svg FILE for a picture",
      detail: """
        One column per node, plus the orchestrator and the client when they took part; time runs down.
        Each message is an arrow from sender (o) to receiver (>), drawn when it arrives, with the time it
        took; a lost one ends in x. Crashes (X), restarts (^), promotions (M), step-downs (v), the
        orchestrator's suspicions (?) and writes (w) are marked. Long runs of heartbeats are folded into
        one line. `last N` shows the newest N rows (40 by default), `since 30s` everything from t=30s.
        `--svg FILE` also writes the diagram as an SVG picture with arrows slanted by their latency; open
        it in a browser. Time runs down at one scale and long quiet stretches are cut (the cut says how
        much); client writes are bars from invocation to acknowledgement; a lost or rolled-back write is
        marked where it was written and where it was lost; every arrow and marker has a tooltip. It refuses a FILE that exists unless you add `--force`, and even then it
        replaces only a regular file: never a directory, a device or a symbolic link. A lesson or piped
        script may write only new files inside the directory repl-lab runs in (no absolute path, no
        `..`, no symbolic link that leads out) and never replaces one; at the prompt you may write
        anywhere.
        """,
      example: "timeline last 20",
      effect: .view,
      completions: [.words(["last", "since", "--svg", "--force"])],
      parse: { args, spec throws(CommandError) in
        var rest = args[...]
        var range = TimelineRange.last(40)
        var svg: String?
        var force = false
        while let w = rest.first {
          switch w.lowercased() {
          case "last":
            guard rest.count >= 2 else { throw spec.error("`last` needs a number") }
            range = .last(try Arguments.count(rest[rest.startIndex + 1], in: 1...10_000, what: "last", spec))
            rest = rest.dropFirst(2)
          case "since":
            guard rest.count >= 2 else { throw spec.error("`since` needs a time such as 30s") }
            var t = rest[rest.startIndex + 1].lowercased()
            if t.hasPrefix("t=") { t.removeFirst(2) }
            range = .since(try durationOrZero(t, spec))
            rest = rest.dropFirst(2)
          case "--svg", "svg":
            guard rest.count >= 2 else { throw spec.error("`--svg` needs a file name") }
            let file = rest[rest.startIndex + 1]
            guard !file.isEmpty, !file.hasPrefix("-") else { throw spec.error("'\(file)' is not a file name") }
            svg = file
            rest = rest.dropFirst(2)
          case "--force":
            force = true
            rest = rest.dropFirst()
          default:
            throw spec.error("expected `last N`, `since TIME` or `--svg FILE`, got '\(w)'")
          }
        }
        if force && svg == nil { throw spec.error("`--force` replaces the file `--svg FILE` writes; name one") }
        return .control(.timeline(range, svg: svg, force: force))
      }),
  ]
}
