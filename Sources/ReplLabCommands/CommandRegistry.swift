import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Every command of the lab, in the order `help` lists them. Each entry says how to write the
/// command, what it does, and how its arguments are parsed; `Interpreter` runs what this parses.
public enum CommandRegistry {
  public static let all: [CommandSpec] =
    data + time + faults + replication + clientCommands + build + views + pictures + mechanics + failoverCommands
    + fencingCommands
    + leaseCommands + recoveryCommands + applierCommands + replicaStatusViews + slotCommands + cascadeCommands
    + clockCommands + positionCommands + exploreCommands
    + presetCommands + lab + sessionCommands + exerciseCommands + leave

  /// Specs by their first word, with their name words split once: every line looks one up.
  package static let byFirstWord = index(all)
  /// The lesson's own words, looked up before the lab's while a lesson runs.
  package static let lessonByFirstWord = index(lessonWords)
  /// An exercise's own words, looked up before the lesson's while an exercise runs.
  package static let exerciseByFirstWord = index(exerciseWords)

  package static func index(_ specs: [CommandSpec]) -> [String: [(words: [String], spec: CommandSpec)]] {
    Dictionary(grouping: specs.map { (words: $0.nameWords, spec: $0) }, by: { $0.words[0] })
  }

  /// The spec whose name starts `words`, longest name first (`add replica` before `add`).
  public static func spec(for words: [String]) -> CommandSpec? {
    match(words)?.spec
  }

  /// The spec whose name starts `words` and how many words its name has.
  package static func match(
    _ words: [String], in byFirstWord: [String: [(words: [String], spec: CommandSpec)]] = byFirstWord
  ) -> (spec: CommandSpec, nameWords: Int)? {
    guard let first = words.first?.lowercased(), let candidates = byFirstWord[first] else { return nil }
    if candidates.count == 1 && candidates[0].words.count == 1 { return (candidates[0].spec, 1) }
    let lower = words.prefix(candidates.map(\.words.count).max()!).map { $0.lowercased() }
    return
      candidates
      .filter { lower.starts(with: $0.words) }
      .max { $0.words.count < $1.words.count }
      .map { ($0.spec, $0.words.count) }
  }

  /// The spec named exactly `name` (for `help NAME`), or one starting with it.
  public static func spec(named name: String) -> CommandSpec? {
    // `exit` is another way to write `quit`.
    let lower = name.lowercased() == "exit" ? "quit" : name.lowercased()
    return all.first { $0.name == lower } ?? all.first { $0.nameWords.first == lower }
  }

  /// First words of every command, for completion and suggestions (worked out once: every
  /// mistyped line asks for them).
  public static let firstWords: [String] = {
    var seen: Set<String> = []
    return all.compactMap { spec in
      let w = spec.nameWords[0]
      return seen.insert(w).inserted ? w : nil
    } + ["exit"]
  }()

  /// A refusal of `name` found when it runs, with the usage its declaration gives (the form that
  /// mentions `form`, when the command has several), so no usage line is written twice.
  package static func error(_ message: String, command name: String, form: String? = nil) -> CommandError {
    guard let spec = all.first(where: { $0.name == name }) else { return CommandError(message) }
    return CommandError(message, usage: form.map(spec.declaredUsage.form(mentioning:)) ?? spec.usage)
  }

  package static func arity(_ args: [String], _ range: ClosedRange<Int>, _ spec: CommandSpec) throws(CommandError) {
    if args.count < range.lowerBound {
      throw spec.error(
        range.lowerBound - args.count == 1
          ? "\(spec.name) needs one more argument" : "\(spec.name) needs \(range.lowerBound) arguments")
    }
    if args.count > range.upperBound {
      throw spec.error(
        "\(spec.name) takes \(range.upperBound == 0 ? "no arguments" : "at most \(range.upperBound) argument\(range.upperBound == 1 ? "" : "s")"), but got '\(args[range.upperBound...].joined(separator: " "))' too"
      )
    }
  }

  // MARK: Data

  package static let data: [CommandSpec] = [
    CommandSpec(
      name: "set", group: .data, usage: "set KEY VALUE",
      summary: "write KEY = VALUE on the master",
      detail: """
        Writes through the master. It gets the next sequence number (seq) and the current epoch, goes into
        the master's replication log and is shipped to every replica. When the client hears "OK" depends on
        `sync-mode`: async answers at once, semi waits for one replica to receive it, sync waits for every
        replica to apply it. Quote values with spaces: set motd "hello world".
        A value may be a function the master evaluates: now() (the statement's timestamp, which the log
        carries), sysdate() (the time it runs), rand(), uuid(). With `log-format statement` replicas run
        the function again themselves; see `help log-format`.
        """,
      example: "set balance 100",
      effect: .changesCluster,
      completions: [.keys, .none],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...2, spec)
        return .set(key: try Arguments.key(args[0], spec), value: try Arguments.value(args[1], spec))
      }),
    CommandSpec(
      name: "get", group: .data, usage: "get KEY [from NODE]",
      summary: "read KEY from the master, or from NODE",
      detail: """
        Reads what a node has applied. Without `from`, the master answers. A replica answers with what it
        has applied so far, which may be stale: the lab says how far behind the master it is.
        Plain `get` is a read by the default client `app` (see `help client`).
        """,
      example: "get balance from db2",
      effect: .changesCluster,
      completions: [.keys, .words(["from"]), .nodesOrMaster],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...3, spec)
        let key = try Arguments.key(args[0], spec)
        if args.count == 1 { return .get(key: key, from: nil) }
        guard args[1].lowercased() == "from" else {
          throw spec.error("expected `from NODE` after the key, got '\(args[1])'")
        }
        guard args.count == 3 else { throw spec.error("`from` needs a node name") }
        return .get(key: key, from: try Arguments.node(args[2], spec))
      }),
    CommandSpec(
      name: "del", group: .data, usage: "del KEY",
      summary: "delete KEY on the master",
      detail: "Deletes a key through the master; the delete is a log entry like any write and replicates the same way.",
      example: "del balance",
      effect: .changesCluster,
      completions: [.keys],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .del(key: try Arguments.key(args[0], spec))
      }),
  ]

  // MARK: Time

  package static let time: [CommandSpec] = [
    CommandSpec(
      name: "wait", group: .time, usage: "wait DURATION",
      summary: "let simulated time pass (250ms, 2s, 1m)",
      detail: """
        Advances the simulated clock, delivering every message and firing every timer that falls due, and
        prints what happened. Nothing in the lab moves unless a command moves the clock.
        """,
      example: "wait 20ms",
      effect: .changesCluster,
      completions: [.words(["10ms", "100ms", "1s", "10s"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .wait(try Arguments.duration(args[0], spec))
      }),
    CommandSpec(
      name: "settle", group: .time, usage: "settle",
      summary: "run until no message is in flight",
      detail: "Advances the clock until the network is quiet (at most one simulated hour).",
      example: "settle",
      effect: .changesCluster,
      means: .settle),
  ]

  // MARK: Faults and failover

  package static let faults: [CommandSpec] = [
    CommandSpec(
      name: "crash", group: .faults, usage: "crash NODE|master [host|process]",
      summary: "stop a node: its whole host (default) or only its server process",
      detail: """
        The node stops at once. Its log, data and positions are on disk and survive; its memory, and clients
        waiting on it, are lost. A crashed master takes no writes until a replica is promoted or it restarts.
        host (the default): the machine dies (power loss, kernel panic). Nothing more leaves it: messages
        it had sent that had not arrived are lost, and peers notice only when their timeouts expire.
        process: only the server process dies (kill -9, an out-of-memory kill). Its kernel still delivers
        what the server had handed it, entries already shipped to replicas included, and closes its
        connections, so a Sentinel notices at once. A write acknowledged to its client is then rarely
        lost: the master writes to the replication sockets before, or together with, the client's reply.
        Simplified: the lab does not tell bytes still in a dead host's buffers from bytes already on the
        wire; both are lost.
        """,
      example: "crash master process",
      effect: .changesCluster,
      completions: [.nodesOrMaster, .words(CrashKind.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...2, spec)
        var kind = CrashKind.host
        if args.count == 2 {
          guard let k = CrashKind(rawValue: args[1].lowercased()) else {
            throw spec.error("'\(args[1])' is not a kind of crash: write `crash NODE host` or `crash NODE process`")
          }
          kind = k
        }
        return .crash(try Arguments.node(args[0], spec), kind)
      }),
    CommandSpec(
      name: "restart", group: .faults, usage: "restart NODE",
      summary: "bring a crashed node back",
      detail: """
        A restarted replica reconnects to the master and asks for everything after its last received
        sequence number. A restarted master takes writes again. A former master that was replaced while it
        was down rejoins as a replica and discards the writes the new master never had.
        """,
      example: "restart db2",
      effect: .changesCluster,
      completions: [.nodes],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .restart(try Arguments.node(args[0], spec))
      }),
    CommandSpec(
      name: "promote", group: .faults, usage: "promote [NODE]",
      summary: "make a replica the master (manual failover)",
      detail: """
        Starts a new epoch with NODE as master; without NODE the lab picks the live replica with the most
        of the log (newest epoch, then highest received seq, then name), as orchestrator and Sentinel do.
        The other replicas follow the new master, and the old master's writes it never received are listed
        as lost. The lab refuses while the master is up and not suspected, since that would make two
        masters; once the orchestrator suspects it (see `heartbeats`), promoting is the operator's answer
        to its alarm. Replicas with `replica-priority 0` are never chosen. For automatic failover see
        `failover auto`.
        Simplified: the lab re-points the replicas and the client at once, as an operator's tool would.
        """,
      example: "promote db2",
      effect: .changesCluster,
      completions: [.nodes],
      parse: { args, spec throws(CommandError) in
        try arity(args, 0...1, spec)
        return .promote(try args.first.map { w throws(CommandError) in try Arguments.node(w, spec) })
      }),
    CommandSpec(
      name: "delay", group: .faults, usage: "delay NODE DURATION",
      summary: "set the one-way network latency to NODE",
      detail:
        "Every link has \(Network.defaultLatency) ms of one-way latency; `delay db3 500ms` makes messages to and from db3 take 500 ms.",
      example: "delay db3 500ms",
      effect: .changesCluster,
      completions: [.nodes, .words(["10ms", "100ms", "1s"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...2, spec)
        return .delay(try Arguments.node(args[0], spec), try Arguments.duration(args[1], spec))
      }),
  ]

  // MARK: Replication

  package static let replication: [CommandSpec] = [
    CommandSpec(
      name: "sync-mode", group: .replication, usage: "sync-mode async|semi|sync",
      summary: "choose when the master acknowledges a write",
      detail: """
        async: at once, before any replica has the write (the default in MySQL and PostgreSQL).
        semi:  once one replica has received it (MySQL semi-sync, AFTER_SYNC); after 10000 ms without an
               acknowledgement (rpl_semi_sync_source_timeout) the master falls back to async, and returns
               to semi-sync when as many replicas as `semi-sync acks` have caught up. MariaDB names it
               rpl_semi_sync_master_*, waits for one acknowledgement only and defaults to AFTER_COMMIT.
        sync:  once every replica has applied it; a replica that is down blocks writes until it is back.
               Every standby synchronous at remote_apply is the lab's default, not PostgreSQL's (which
               is synchronous_commit on with synchronous_standby_names empty: asynchronous); see
               `sync-commit` and `sync-standbys`.
        """,
      example: "sync-mode semi",
      effect: .changesCluster,
      completions: [.words(SyncMode.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        guard let mode = SyncMode(rawValue: args[0].lowercased()) else {
          throw spec.error("unknown mode '\(args[0])'")
        }
        return .syncMode(mode)
      })
  ]

  // MARK: Cluster

  package static let build: [CommandSpec] = [
    CommandSpec(
      name: "add replica", group: .build, usage: "add replica NAME",
      summary: "add a replica from a snapshot of the master",
      detail: """
        The new replica starts from a consistent snapshot of the master's data at a known sequence number
        (PostgreSQL's LSN, MySQL's binlog coordinates), then streams the log from the next one.
        Simplified: the snapshot arrives at once.
        """,
      example: "add replica db4",
      effect: .changesCluster,
      completions: [.none],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .addReplica(try Arguments.newNodeName(args[0], spec))
      }),
    CommandSpec(
      name: "remove", group: .build, usage: "remove NODE",
      summary: "take a replica out of the cluster",
      detail: "Removes a replica for good. The master cannot be removed; promote another node first.",
      example: "remove db3",
      effect: .changesCluster,
      completions: [.nodes],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .remove(try Arguments.node(args[0], spec))
      }),
    CommandSpec(
      name: "reset", group: .build, usage: "reset",
      summary: "start over with a fresh cluster (keeps the seed)",
      detail: "Replaces the cluster with a new master db1 and replicas db2 and db3, at t=0, async.",
      example: "reset",
      effect: .changesCluster,
      means: .reset),
    CommandSpec(
      name: "seed", group: .build, usage: "seed N",
      summary: "restart the random generator from seed N",
      detail:
        "Every random choice in the lab comes from one generator; the same commands after the same seed give the same output.",
      example: "seed 42",
      effect: .changesCluster,
      completions: [.none],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        guard args[0].count <= 20, args[0].allSatisfy({ $0.isASCII && $0.isNumber }), let n = UInt64(args[0]) else {
          throw spec.error("'\(args[0])' is not a seed: use a whole number from 0 to \(UInt64.max)")
        }
        return .seed(n)
      }),
  ]

  // MARK: Views

  package static let views: [CommandSpec] = [
    CommandSpec(
      name: "status", group: .views, usage: "status",
      summary: "nodes, roles, epoch, sync mode, seed and time",
      detail: "One row per node: its role, whether it is up, the epoch it knows, and its log positions.",
      example: "status",
      effect: .view,
      means: .status),
    CommandSpec(
      name: "log", group: .views, usage: "log [NODE] [last N]",
      summary: "a node's replication log and who has each entry",
      detail: """
        Shows a node's log (the master's by default): seq, epoch, time, operation, and for every other
        node whether it has received or applied that entry. `last N` shows only the newest N entries.
        """,
      example: "log last 5",
      effect: .view,
      completions: [.words(["last"]), .none],
      parse: { args, spec throws(CommandError) in
        try arity(args, 0...3, spec)
        let (node, last) = try Arguments.nameAndLast(args, spec) { w throws(CommandError) in try Arguments.node(w, spec)
        }
        return .log(node: node, last: last)
      }),
    CommandSpec(
      name: "lag", group: .views, usage: "lag [--svg FILE [--force]]",
      summary: "how far each replica is behind; --svg FILE: a chart over time",
      detail: """
        One row per replica, with pg_stat_replication and SHOW REPLICA STATUS in mind: state (streaming,
        catchup, down), received and applied seq (write/flush and replay positions), how many entries
        behind, how long behind (the age of the oldest entry not yet applied), sync state, and how long ago
        the master last heard an acknowledgement.
        Replicas that cascade (`replicate`) get a second table: how far behind the upstream they report
        to, which is all that upstream can see, beside how far behind the master they really are.
        `--svg FILE` also writes a chart of each replica's received and applied seq and how many entries
        it was behind, against simulated time, read from the timeline, with crashes, promotions and
        semi-sync or sync-standby changes marked. FILE follows the rules of `timeline --svg`.
        """,
      example: "lag",
      effect: .view,
      completions: [.words(["--svg", "--force"])],
      parse: { args, spec throws(CommandError) in
        guard let (file, force) = try pictureFile(args, spec) else { return .lag }
        return .picture(.lag, file: file, force: force)
      }),
  ]

  // MARK: Lab

  package static let lab: [CommandSpec] = [
    CommandSpec(
      name: "help", group: .lab, usage: "help [TOPIC|all|COMMAND]",
      summary: "list commands by topic, or explain one",
      detail: """
        Without an argument, lists the commands the first lessons use and the topics that hold the
        rest: data, time, faults, replication, cluster, detection, guarantees, views, lab. `help TOPIC`
        lists a topic's commands, `help all` every command, and `help COMMAND` shows a command's usage,
        what it does and an example. `?` is another way to write `help`.
        """,
      example: "help promote",
      effect: .session,
      completions: [.helpTopics],
      parse: { args, spec throws(CommandError) in
        try arity(args, 0...2, spec)
        return .help(args.isEmpty ? nil : args.joined(separator: " ").lowercased())
      }),
    CommandSpec(
      name: "lessons", group: .lab, usage: "lessons",
      summary: "list the lessons in Lessons/",
      detail:
        "Lists the lessons in course order, numbered, with what each teaches. `lesson N` takes one step by step; `repl-lab run Lessons/FILE` replays one whole.",
      example: "lessons",
      effect: .session,
      means: .lessons),
  ]

  package static let leave: [CommandSpec] = [
    CommandSpec(
      name: "quit", group: .lab, usage: "quit",
      summary: "leave the lab (also `exit` or Ctrl-D)",
      detail: "Leaves the REPL.",
      example: "quit",
      effect: .session,
      means: .quit)
  ]
}
