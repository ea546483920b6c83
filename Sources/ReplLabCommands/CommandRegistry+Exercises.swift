import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension CommandRegistry {
  // MARK: Exercises

  package static let exerciseCommands: [CommandSpec] = [
    CommandSpec(
      name: "goal", group: .lab, usage: "goal TEXT",
      summary: "state an exercise's goal",
      detail: """
        Prints the goal of an exercise. The `expect` lines that follow check whether the cluster
        reached it. Changes nothing.
        """,
      example: "goal lose a write the client was told had succeeded",
      effect: .view,
      completions: [.none],
      parse: { args, spec throws(CommandError) in
        guard !args.isEmpty else { throw spec.error("say what the goal is") }
        return .goal(args.joined(separator: " "))
      }),
    CommandSpec(
      name: "expect", group: .lab, usage: "expect WHAT",
      summary: "check something about the cluster (exercises)",
      detail: """
        Checks one fact and says whether it holds. In a lesson replayed in batch (`repl-lab run`,
        `repl-lab check`, the tests), one that does not hold fails the run and names the line.
          expect KEY = VALUE on NODE       the value NODE has applied (`missing`: none)
          expect NODE is STATE             master, replica, standby, up, down, stopped (its
                                           replication stopped with an error), snapshot
          expect lag NODE OP N             entries the master has and NODE has not applied
          expect lost OP N                 acknowledged writes that no master has any more
          expect masters OP N              live nodes acting as master (2 or more: split brain)
          expect sync-mode async|semi|sync
          expect semi-sync on|off          whether semi-sync is in force (OFF after a timeout)
          expect GUARANTEE held|broken [by CLIENT]
                                           read-your-writes, monotonic-reads or consistent-prefix,
                                           judged over the recorded history (`ops check`)
        OP is =, !=, <, <=, > or >=. NODE may be `master`. An expectation changes nothing.
        """,
      example: "expect balance = 100 on db2",
      effect: .view,
      completions: [.words(["lag", "lost", "masters", "sync-mode", "semi-sync"] + Guarantee.allCases.map(\.rawValue))],
      parse: { args, spec throws(CommandError) in .expect(try Expectation.parse(args, spec)) }),
  ]
}
