import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension CommandRegistry {
  /// `explore` and the fault it places, written so a lesson can replay one placement (`after`).
  package static let exploreCommands: [CommandSpec] = [
    /// `explore FAULT [then FAULT] [--compare SETTING VALUE...] [--save DIR] during { LINE; LINE... }|FILE`:
    /// every placement of a fault (or of two) in a scenario, run on a copy of the cluster, outcomes
    /// grouped.
    CommandSpec(
      name: "explore", group: .faults,
      usage: "explore FAULT [then FAULT] [--compare SETTING VALUE...] [--save DIR] during { LINE; ... }|FILE",
      summary: "run a scenario with a fault placed at every moment, and count how it ends",
      detail: """
        Copies the cluster as it is, runs the scenario (the lines between braces, separated by `;`, or
        the commands of a lesson file) once to count its moments, then once more for every moment,
        with the fault placed there: before each line, and after each simulation event inside a line
        (a message arriving, a timer firing). Each run then recovers: `wait 60s` for a failover, `heal`,
        `restart` of a crashed node, `settle`, `wait 10s`, `settle`. The cluster you typed it at is not changed.
        FAULT is one of
          crash NODE|master [host|process]   `master` is whichever node is master when it hits
          partition NODE|master [for D]      cut off from every other endpoint, for D (like 2s) or
                                             until the recovery
          lose message                       the next message to arrive is lost: placed before each
                                             message of the scenario in turn
          reorder messages                   the next message and one due at the same instant on
                                             another link arrive the other way round
        `FAULT then FAULT` places two, the second at every moment from the first on (for short scenarios).
        Outcomes, judged from what the clients were told and read and from the recovered cluster:
          lost-write      a write acknowledged to its client is not in the final master's log
          read-lost       a read returned a value whose write was lost later
          split-brain     two nodes acted as master at once
          stale-read      a read broke a guarantee its client asked for (see `client`)
          unacknowledged  a write blocked, was cut off by a crash, or was refused for want of a master
          unrecovered     after the recovery there is no single master that every node follows
          diverged        a node applied the master's whole log yet holds other data (a write applied
                          twice, a statement that ran differently)
        The report gives the number of placements, each class with its count, and the first placement
        of each class in a sentence. `--save DIR` writes one lesson per class that replays it, with
        `after N events FAULT` where the fault falls inside a line. `--compare sync-mode async semi`
        explores once per value and prints the counts side by side. `expect explored HARM OP N` checks
        the last exploration. The lab refuses more than 2000 placements: shorten the scenario, or use
        `settle` rather than long waits. Ctrl-C stops it with the counts so far.
        Simplified: replication rides TCP, so a lost replication message is sent again 200 ms later
        (TCP's first retransmission timeout) and what follows it on that link waits; a lost
        heartbeat, vote or announcement is gone. Messages on one link never swap places.
        """,
      example: "explore crash master during { set a 1; set b 2; settle }",
      effect: .view,
      completions: [
        .words(["crash", "partition", "lose", "reorder"]), .nodesOrMaster,
        .words(["host", "process", "then", "during", "--compare"]),
      ],
      parse: { args, spec throws(CommandError) in .explore(try parseExplore(args, spec)) }),
    /// `after N events FAULT`: the fault hits inside the commands that follow.
    CommandSpec(
      name: "after", group: .faults, usage: "after N events FAULT",
      summary: "place a fault after the next N simulation events (what `explore --save` writes)",
      detail: """
        The fault waits until the simulation has run N more events (messages arriving, timers firing),
        whatever command runs them, and hits between two events: inside a write that waits for its
        replicas, say, or in the middle of a `settle`. FAULT is `crash NODE|master [host|process]`,
        `partition NODE|master [for DURATION]`, `lose message` or `reorder messages` (see `help
        explore`); `master` means whichever node is master then. Several can wait at once.
        `explore --save` writes it to replay a placement it found; `status` does not show it.
        """,
      example: "after 3 events crash master host",
      effect: .changesCluster,
      completions: [
        .words(["1", "2", "5"]), .words(["events"]), .words(["crash", "partition", "lose", "reorder"]), .nodesOrMaster,
      ],
      parse: { args, spec throws(CommandError) in
        guard args.count >= 4, args[1].lowercased() == "events" || args[1].lowercased() == "event" else {
          throw spec.error("write `after N events FAULT`, like `after 3 events crash master`")
        }
        let n = try Arguments.count(args[0], in: 1...1_000_000, what: "the number of events", spec)
        return .after(events: n, try parseFault(Array(args[2...]), spec))
      }),
    /// `lose message`: the next message the network delivers is lost.
    CommandSpec(
      name: "lose", group: .faults, usage: "lose message",
      summary: "lose the next message the network delivers (a heartbeat, a vote, a replication message)",
      detail: """
        The next message due to arrive, whichever it is and whenever it comes, is lost on the way. A
        heartbeat, a vote or an announcement is a datagram in the lab and is simply gone. Replication
        rides TCP, which sends a lost segment again: the message arrives 200 ms late (Linux's first
        retransmission timeout, TCP_RTO_MIN) and every later message on that link waits behind it
        (head-of-line blocking). `loss P` loses messages at random; this loses exactly one, which is
        what `explore lose message` places before each message of a scenario in turn.
        """,
      example: "lose message",
      effect: .changesCluster,
      completions: [.words(["message"])],
      parse: { args, spec throws(CommandError) in
        guard args.count == 1, ["message", "messages"].contains(args[0].lowercased()) else {
          throw spec.error("write `lose message`")
        }
        return .messageFault(.lose)
      }),
    /// `reorder messages`: the next message and one due at the same instant on another link swap.
    CommandSpec(
      name: "reorder", group: .faults, usage: "reorder messages",
      summary: "deliver the next message after another due at the same instant on another link",
      detail: """
        Two messages due at the same millisecond on different links (two replicas' acknowledgements
        reaching the master, say) could arrive in either order on a real network; the lab delivers
        them in the order they were sent. This swaps the next such pair: the next message to arrive
        waits for one due at the same instant on another link. Messages on one link never swap (TCP
        keeps a stream in order). When no other message is due at that instant, nothing changes.
        """,
      example: "reorder messages",
      effect: .changesCluster,
      completions: [.words(["messages"])],
      parse: { args, spec throws(CommandError) in
        guard args.count == 1, ["message", "messages"].contains(args[0].lowercased()) else {
          throw spec.error("write `reorder messages`")
        }
        return .messageFault(.reorder)
      }),
  ]

  /// The way to write a fault, for errors.
  static let faultHint =
    "write the fault as `crash NODE|master [host|process]`, `partition NODE|master [for DURATION]`, `lose message` or `reorder messages`"

  /// `crash NODE|master [host|process]`, `partition NODE|master [for DURATION]`, `lose message` or
  /// `reorder messages`, and nothing after.
  package static func parseFault(_ words: [String], _ spec: CommandSpec) throws(CommandError) -> PlacedFault {
    guard words.count >= 2 else { throw spec.error(faultHint) }
    switch words[0].lowercased() {
    case "lose", "reorder":
      guard words.count == 2, ["message", "messages"].contains(words[1].lowercased()) else {
        throw spec.error(faultHint)
      }
      return .message(words[0].lowercased() == "lose" ? .lose : .reorder)
    case "crash", "partition":
      break
    default:
      throw spec.error("'\(words[0])' is not a fault explore can place; \(faultHint)")
    }
    let target: PlacedFault.Target =
      ["master", "leader", "primary"].contains(words[1].lowercased())
      ? .master : .node(try Arguments.node(words[1], spec))
    if words[0].lowercased() == "partition" {
      guard words.count == 2 || (words.count == 4 && words[2].lowercased() == "for") else {
        throw spec.error(faultHint)
      }
      return .partition(target, window: words.count == 4 ? try Arguments.duration(words[3], spec) : nil)
    }
    guard words.count <= 3 else { throw spec.error(faultHint) }
    var kind = CrashKind.host
    if words.count == 3 {
      guard let k = CrashKind(rawValue: words[2].lowercased()) else {
        throw spec.error("'\(words[2])' is not a kind of crash: write host or process")
      }
      kind = k
    }
    return .crash(target, kind)
  }

  /// The words after `explore`.
  static func parseExplore(_ args: [String], _ spec: CommandSpec) throws(CommandError) -> ExploreRequest {
    guard let during = args.firstIndex(where: { $0.lowercased() == "during" }) else {
      throw spec.error("say what to run after `during`: `during { set a 1; settle }` or `during FILE`")
    }
    let head = Array(args[..<during])
    let tail = Array(args[(during + 1)...])
    guard let optionStart = head.firstIndex(where: { $0.hasPrefix("--") }) ?? Optional(head.count) else {
      throw spec.error("write the fault first")
    }
    let faultWords = Array(head[..<optionStart])
    var faults: [PlacedFault] = []
    if let then = faultWords.firstIndex(where: { $0.lowercased() == "then" }) {
      faults.append(try parseFault(Array(faultWords[..<then]), spec))
      let rest = Array(faultWords[(then + 1)...])
      if rest.contains(where: { $0.lowercased() == "then" }) {
        throw spec.error("explore places one fault or two: `crash master then crash master`")
      }
      faults.append(try parseFault(rest, spec))
    } else {
      faults.append(try parseFault(faultWords, spec))
    }
    var compare: ExploreRequest.Comparison?
    var save: String?
    var i = optionStart
    while i < head.count {
      let option = head[i].lowercased()
      var j = i + 1
      while j < head.count, !head[j].hasPrefix("--") { j += 1 }
      let values = Array(head[(i + 1)..<j])
      switch option {
      case "--compare":
        // The setting is as many words as make a command with the first value (`sync-mode semi`,
        // `semi-sync wait-point after_sync`, `client app reads replica`); the rest are values.
        let fits =
          values.count < 3
          ? nil
          : (1...min(3, values.count - 2)).first { n in
            (try? Parser.parseLine((values[..<n] + [values[n]]).joined(separator: " "), inLesson: false)) != nil
          }
        guard let n = fits else {
          throw spec.error(
            "write `--compare SETTING VALUE VALUE...` where `SETTING VALUE` is a command, like `--compare sync-mode async semi sync`"
          )
        }
        compare = .init(setting: Array(values[..<n]), values: Array(values[n...]))
      case "--save":
        guard values.count == 1 else { throw spec.error("write `--save DIR`, one directory") }
        save = values[0]
      default:
        throw spec.error("'\(head[i])' is not an option of explore; use --compare or --save")
      }
      i = j
    }
    return ExploreRequest(
      faults: faults, scenario: try parseScenario(tail, spec), compare: compare, saveDirectory: save)
  }

  /// `{ LINE; LINE }` or a file name.
  static func parseScenario(_ words: [String], _ spec: CommandSpec) throws(CommandError) -> ExploreRequest.Scenario {
    guard let first = words.first else { throw spec.error("say what to run after `during`") }
    guard first.hasPrefix("{") else {
      guard words.count == 1 else {
        throw spec.error("write the scenario between braces, `during { set a 1; settle }`, or name one file")
      }
      return .file(first)
    }
    // Words back into text, quoted again where the tokenizer took quotes away.
    let text = words.map { w in w.contains(" ") || w.isEmpty ? "\"\(w)\"" : w }.joined(separator: " ")
    guard text.hasSuffix("}") else {
      throw spec.error("the scenario's closing brace is missing: `during { ...; settle }`")
    }
    let inner = text.dropFirst().dropLast()
    let lines = inner.split(separator: ";").map { Parser.trim(String($0)) }.filter { !$0.isEmpty }
    guard !lines.isEmpty else { throw spec.error("the scenario is empty: put commands between the braces") }
    if lines.contains(where: { $0.contains("{") || $0.contains("}") }) {
      throw spec.error("a scenario cannot hold braces: one `explore` at a time")
    }
    return .lines(lines)
  }
}
