import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Clock skew: wall clocks that are off, and what trusts them.
extension CommandRegistry {
  package static let clockCommands: [CommandSpec] = [
    /// `clock NAME OFFSET`: a node's or a client's wall clock is off true time.
    CommandSpec(
      name: "clock", group: .faults, usage: "clock NAME OFFSET",
      summary: "set how far a node's or client's wall clock is off (+500ms, -2s, 0)",
      detail: """
        From now on NAME's wall clock reads true time plus OFFSET: an NTP step (ntpd steps a clock
        off by more than its step threshold, 128 ms; chronyd only where makestep allows), or drift
        that built up. NAME is a
        node or a client: a client stands for the app server it runs on. `status` shows node clocks,
        `clients` client clocks.
        What reads a client's clock: `read-your-writes window` (the time of the last write is written
        down with the client's clock and compared with it later, as Rails's DatabaseSelector keeps it
        in the session), and `lww on` timestamps. What reads a node's clock: SYSDATE(), run again on a
        replica under statement-based logging.
        Simplified: replication, lag and timeouts run on the lab's one true clock.
        """,
      example: "clock alice +2s",
      effect: .changesCluster,
      completions: [.nodes, .words(["+500ms", "-500ms", "0"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...2, spec)
        let name = try Arguments.node(args[0], spec)
        return .clock(name, try offset(args[1], spec))
      }),
    /// `lww on|off`: last-write-wins by the writer's clock.
    CommandSpec(
      name: "lww", group: .clients, usage: .either("lww on", "lww off"),
      summary: "last-write-wins: order writes to a key by their writers' clocks",
      detail: """
        With `lww on` every write carries its client's wall clock as its timestamp (see `clock`), and
        a write to a key whose timestamp is not later than the key's is discarded: it changes nothing
        and reaches no log. This is how an application resolves conflicts with an updated_at column
        (UPDATE ... WHERE updated_at < the new time), and how Cassandra orders two writes to one cell
        (the DataStax drivers stamp each write with the client's clock by default). A fast clock
        makes its writes win over later ones; a slow one makes its writes lose. `lww off` forgets the
        timestamps. Applies to `set` and `del`.
        Simplified: the timestamps are kept beside the keys, on no node; Cassandra stores the older
        write too and only never returns it, where the lab drops it at once.
        """,
      example: "lww on",
      effect: .changesCluster,
      completions: [.words(["on", "off"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        switch args[0].lowercased() {
        case "on": return .lww(true)
        case "off": return .lww(false)
        default: throw spec.error("write `lww on` or `lww off`")
        }
      }),
  ]

  /// `+500ms`, `-2s`, `0`: a signed duration.
  static func offset(_ word: String, _ spec: CommandSpec) throws(CommandError) -> SimTime {
    if ["0", "+0", "-0", "0ms", "0s"].contains(word.lowercased()) { return 0 }
    let sign: SimTime = word.hasPrefix("-") ? -1 : 1
    let unsigned = word.hasPrefix("-") || word.hasPrefix("+") ? String(word.dropFirst()) : word
    do {
      return sign * (try Arguments.duration(unsigned, spec))
    } catch {
      throw spec.error("'\(word)' is not an offset: write a signed duration, like +500ms, -2s or 0")
    }
  }
}
