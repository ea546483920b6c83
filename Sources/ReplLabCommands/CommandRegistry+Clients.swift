import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// The clients commands: named client sessions, where their reads go, the read guarantees they keep,
/// and the history the lab records of what they did.
extension CommandRegistry {
  /// Words that start a setting of `client NAME ...`.
  package static let clientSettingWords = ["reads"] + Guarantee.allCases.map(\.rawValue) + ["timeout", "warnings"]

  package static let clientCommands: [CommandSpec] = [
    CommandSpec(
      name: "client", group: .clients, usage: "client NAME [SETTING...]",
      summary: "create or set up a client: its reads and guarantees",
      detail: """
        Creates the client NAME (or shows its settings), then applies each SETTING in order:
          reads master|random|round-robin|sticky [NODE]
                where reads go when a read names no node: the master; a live replica picked by the
                seeded generator; the live replicas in turn; or one sticky replica (named, or picked
                by a hash of the client's name, as the same user always lands on the same replica).
          read-your-writes off|master|window DURATION|wait
                master: keys the client has written are read from the master. window: for DURATION
                after each write every read goes to the master, as the client's own wall clock judges
                it (see `clock`). wait: a replica answers only once it
                has applied the client's last write (a causal token, like WAIT_FOR_EXECUTED_GTID_SET or
                PostgreSQL's remote_apply seen from the reader's side).
          monotonic-reads off|sticky [NODE]|wait|refuse
                sticky: read one replica only. wait: a replica answers once it has reached the newest
                position the client has read. refuse: a replica behind it refuses; another node answers.
          consistent-prefix off|sticky [NODE]|wait
                sticky: read one replica, which applies the log in order. wait: carry the dependency,
                the seq of the newest write the client has seen, and read only where it is applied.
          timeout DURATION     how long a waiting fix waits before the read gives up (default 5 s).
          warnings on|off      whether the lab says when one of the client's reads breaks a guarantee.
        Plain `set`, `get` and `del` act as the client `app`, which reads from the master and keeps its
        warnings off until `client app warnings on`. Whatever the settings, the history records every
        operation and `ops check` judges it.
        Simplified: the lab only checks single-key reads; a sticky fix whose replica fails moves the
        client to another replica and carries its position over (real sticky routing just moves it).
        """,
      example: "client alice reads round-robin read-your-writes wait",
      effect: .changesCluster,
      completions: [
        .clients, .words(clientSettingWords),
        .words(Fix.Kind.allCases.map(\.rawValue) + ReadPolicy.allCases.map(\.rawValue)),
      ],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...16, spec)
        let name = try clientName(args[0], spec)
        return .client(name: name, settings: try clientSettings(Array(args.dropFirst()), spec))
      }),
    CommandSpec(
      name: "as", group: .clients, usage: "as NAME set|get|del ...",
      summary: "run set, get or del as client NAME",
      detail: """
        Runs one data command as the client NAME: a write goes to the master and becomes the client's
        last write; a read goes where the client's read policy sends it (`from NODE` picks the node for
        this read) and then the client's fixes may send it to the master, refuse it or make it wait.
        Every read says which node answered and how far that node had applied the log; a client with
        warnings on hears at once when a read breaks a guarantee.
        """,
      example: "as alice get bio",
      effect: .changesCluster,
      completions: [.clients, .words(["set", "get", "del"])],
      parse: { args, spec throws(CommandError) in
        if args.isEmpty { throw spec.error("`as` needs a client name and a command") }
        let name = try clientName(args[0], spec)
        let rest = Array(args.dropFirst())
        guard !rest.isEmpty else { throw spec.error("`as \(name)` needs a command to run as \(name): set, get or del") }
        guard let inner = CommandRegistry.spec(for: rest) else { throw Parser.unknown(rest) }
        let command = try inner.parse(Array(rest.dropFirst(inner.nameWords.count)), inner)
        switch command {
        case .set(let key, let value): return .asClient(name: name, .set(key: key, value: value))
        case .get(let key, let from): return .asClient(name: name, .get(key: key, from: from))
        case .del(let key): return .asClient(name: name, .del(key: key))
        default:
          throw spec.error("`as` runs set, get or del as a client; `\(inner.name)` is not something a client does")
        }
      }),
    CommandSpec(
      name: "clients", group: .clients, usage: "clients",
      summary: "every client's settings, and what its reads cost",
      detail: """
        Two tables. Settings: read policy, the fix for each guarantee, and the timeout. Cost: writes and
        reads; reads the master answered (the load read-your-writes fixes put on it); reads redirected
        to the master; reads refused by a replica behind the client; total time waiting fixes held reads;
        reads that got no answer; reads that broke a guarantee.
        """,
      example: "clients",
      effect: .view,
      means: .clients),
    CommandSpec(
      name: "ops", group: .clients, usage: "ops [CLIENT] [last N]",
      summary: "the recorded history of every client operation",
      detail: """
        One row per operation, numbered: time, client, operation, the node that took it, its position
        (a write's seq; the applied seq of the node that answered a read) and the result (for a read,
        the value and the seq of the write it came from). The lab keeps the newest 100000 operations.
        """,
      example: "ops alice last 5",
      effect: .view,
      completions: [.clients, .words(["last"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 0...3, spec)
        let (client, last) = try Arguments.nameAndLast(args, spec) { w throws(CommandError) in try clientName(w, spec) }
        return .ops(client: client, last: last)
      }),
    CommandSpec(
      name: "ops check", group: .clients, usage: "ops check",
      summary: "find every read that broke a guarantee",
      detail: """
        Judges the recorded history alone, as Jepsen's Elle does, and explains each read that broke
        read-your-writes (it missed the client's own earlier write), monotonic reads (it returned an
        older version of a key than the client had already read) or consistent prefix reads (the client
        had seen a write, then read a key without a write that came before it in the log).
        Simplified: each read is one key; versions are seqs of one log, so after a failover that lost
        writes the verdicts about those writes are approximate. Only the newest 100000 operations are
        kept and judged, and a read is judged against the writes among them.
        """,
      example: "ops check",
      effect: .view,
      means: .opsCheck),
    CommandSpec(
      name: "ops clear", group: .clients, usage: "ops clear",
      summary: "start a new recorded history (settings stay)",
      detail: """
        Forgets the recorded operations, so `ops check` judges only what happens next. Clients keep
        their settings and what they wrote and saw (their tokens).
        """,
      example: "ops clear",
      effect: .changesCluster,
      means: .opsClear),
  ]

  /// A client's name: like a node name, starting with a letter, not a word commands use.
  package static func clientName(_ word: String, _ spec: CommandSpec) throws(CommandError) -> String {
    let lower = word.lowercased()
    guard !lower.isEmpty, lower.utf8.count <= 16,
      lower.unicodeScalars.allSatisfy({ $0.isASCII && (Arguments.isAlnum($0) || $0 == "_" || $0 == "-") }),
      let first = lower.unicodeScalars.first, ("a"..."z").contains(first)
    else {
      throw spec.error(
        "'\(word)' is not a client name: names are up to 16 ASCII letters, digits, _ or -, starting with a letter")
    }
    if ClientTable.reservedNames.contains(lower) {
      throw spec.error("'\(lower)' is a reserved word; pick a client name like alice")
    }
    return lower
  }

  /// The settings after `client NAME`, checked word by word.
  package static func clientSettings(_ words: [String], _ spec: CommandSpec) throws(CommandError) -> [ClientSetting] {
    var settings: [ClientSetting] = []
    var i = 0
    func next(_ what: String) throws(CommandError) -> String {
      i += 1
      guard i < words.count else { throw spec.error("`\(words[i - 1].lowercased())` needs \(what)") }
      return words[i]
    }
    /// An optional NODE after `sticky`: the next word, unless it starts another setting.
    func optionalNode() throws(CommandError) -> String? {
      guard i + 1 < words.count, !clientSettingWords.contains(words[i + 1].lowercased()) else { return nil }
      i += 1
      return try Arguments.node(words[i], spec)
    }
    while i < words.count {
      let word = words[i].lowercased()
      if word == "reads" {
        let policyWord = try next("a policy: master, random, round-robin or sticky")
        guard let policy = ReadPolicy(rawValue: policyWord.lowercased()) else {
          throw spec.error("unknown read policy '\(policyWord)'; use master, random, round-robin or sticky [NODE]")
        }
        settings.append(.reads(policy, node: policy == .sticky ? try optionalNode() : nil))
      } else if let g = Guarantee(rawValue: word) {
        let allowed = g.fixes.map(\.rawValue) + ["off"]
        let fixWord = try next("a fix: \(allowed.joined(separator: ", "))")
        guard let kind = Fix.Kind(rawValue: fixWord.lowercased()), kind == .off || g.fixes.contains(kind) else {
          throw spec.error("\(g.rawValue) cannot use '\(fixWord)'; its fixes are \(allowed.joined(separator: ", "))")
        }
        switch kind {
        case .off: settings.append(.fix(g, .off, node: nil))
        case .master: settings.append(.fix(g, .master, node: nil))
        case .window:
          settings.append(.fix(g, .window(try Arguments.duration(try next("a duration, like 1s"), spec)), node: nil))
        case .sticky: settings.append(.fix(g, .sticky, node: try optionalNode()))
        case .wait: settings.append(.fix(g, .wait, node: nil))
        case .refuse: settings.append(.fix(g, .refuse, node: nil))
        }
      } else if word == "timeout" {
        settings.append(.timeout(try Arguments.duration(try next("a duration, like 2s"), spec)))
      } else if word == "warnings" {
        let onOff = try next("on or off").lowercased()
        guard onOff == "on" || onOff == "off" else { throw spec.error("warnings is on or off, not '\(words[i])'") }
        settings.append(.warnings(onOff == "on"))
      } else {
        let guess = Suggestions.closest(to: word, among: clientSettingWords)
        let known =
          "settings are reads, \(Guarantee.allCases.map(\.rawValue).joined(separator: ", ")), timeout and warnings"
        throw spec.error(
          "unknown setting or guarantee '\(words[i])'; \(guess.map { "did you mean `\($0)`? " } ?? "")\(known)")
      }
      i += 1
    }
    return settings
  }
}
