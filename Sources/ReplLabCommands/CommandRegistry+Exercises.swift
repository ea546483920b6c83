import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension CommandRegistry {
  // MARK: Exercises

  package static let exerciseCommands: [CommandSpec] = [
    CommandSpec(
      name: "exercise", group: .lab, usage: "exercise N",
      summary: "try exercise N on your own: its goal, checks and hints",
      detail: """
        Starts exercise N (`lessons` marks which are exercises) on a fresh cluster: its setup runs,
        its goal is stated, and the prompt is yours; no solution is shown. The prompt counts how
        many of the goal's checks hold. Then:
          check            run the goal's checks on your cluster and history: which hold, which not
          hint             the next hint (each exercise has two or three, the last nearly the answer)
          solution         show a solution; `solution replay` runs it on a fresh start
          reset            start the exercise over on a fresh cluster
          quit             leave the exercise (the cluster stays); `quit` again leaves the lab
        Reaching the goal is remembered (see `lessons`), unless the lab keeps no progress.
        """,
      example: "exercise 27",
      effect: .session,
      completions: [.none],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .exercise(args[0])
      }),
    CommandSpec(
      name: "check", group: .lab, usage: "check",
      summary: "in an exercise: which of its goal's checks hold now",
      detail: """
        Runs the exercise's goal checks against your cluster and the history of your clients, and
        says which hold and which do not yet. When all hold, the goal is reached and the lab says so.
        Only in an exercise (`exercise N`); to check one fact of your own, write `expect WHAT`.
        (Not the command line's `repl-lab check`, which replays every lesson against its transcript.)
        """,
      example: "check",
      effect: .session,
      completions: [.none],
      parse: { args, spec throws(CommandError) in
        guard args.isEmpty else {
          throw spec.error("`check` takes nothing after it; `expect WHAT` checks one fact of your own")
        }
        return .checkGoal
      }),
    CommandSpec(
      name: "hint", group: .lab, usage: "hint",
      summary: "in an exercise: the next hint",
      detail: """
        Shows the exercise's hints one at a time, from a nudge to nearly the answer, and the ones
        shown before it. Only in an exercise (`exercise N`). Changes nothing.
        """,
      example: "hint",
      effect: .session,
      means: .hint),
    CommandSpec(
      name: "solution", group: .lab, usage: "solution [replay]",
      summary: "in an exercise: show a solution, or replay it",
      detail: """
        Shows the exercise's solution: the commands of one way to reach the goal, with why. `solution
        replay` starts the exercise over and runs them, so you can watch; a goal reached by the replay
        is not counted as yours (`reset` to try again). Only in an exercise (`exercise N`).
        """,
      example: "solution",
      effect: .session,
      completions: [.words(["replay"])],
      parse: { args, spec throws(CommandError) in
        if args.isEmpty { return .solution(replay: false) }
        guard args.count == 1, args[0].lowercased() == "replay" else {
          throw spec.error("write `solution` to see it, or `solution replay` to run it")
        }
        return .solution(replay: true)
      }),
    CommandSpec(
      name: "goal", group: .lab, usage: "goal TEXT",
      summary: "state an exercise's goal",
      detail: """
        Prints the goal of an exercise. In an exercise file its `check` lines say when the goal is
        reached (see Lessons/README.md); at the prompt, `check` runs them. Changes nothing.
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
      summary: "check one fact about the cluster (lessons use it too)",
      detail: """
        Checks one fact and says whether it holds. In a lesson replayed in batch (`repl-lab run`,
        `repl-lab check`, the tests), one that does not hold fails the run and names the line.
          expect KEY = VALUE on NODE       the value NODE has applied (`missing`: none)
          expect NODE is STATE             master, replica, standby, up, down, stopped (its
                                           replication stopped with an error), snapshot,
                                           partitioned (cut off from a node or client)
          expect lag NODE OP N             entries the master has and NODE has not applied
          expect lost OP N                 acknowledged writes that no master has any more
          expect masters OP N              live nodes acting as master (2 or more: split brain)
          expect sync-mode async|semi|sync
          expect semi-sync on|off          whether semi-sync is in force (OFF after a timeout)
          expect semi-sync fallbacks OP N  times a master gave up waiting and switched semi-sync
                                           off (Rpl_semi_sync_source_no_times)
          expect errant OP N               GTIDs no master wrote (written on a replica, or kept
                                           by an old master) that some live node holds
          expect GUARANTEE held|broken [by CLIENT]
                                           read-your-writes, monotonic-reads or consistent-prefix,
                                           judged over the recorded history (`ops check`)
          expect client CLIENT GUARANTEE on|off
                                           whether the client has a setting for the guarantee
        OP is =, !=, <, <=, > or >=. NODE may be `master`. An expectation changes nothing.
        """,
      example: "expect balance = 100 on db2",
      effect: .view,
      completions: [
        .words(["lag", "lost", "masters", "sync-mode", "semi-sync", "client"] + Guarantee.allCases.map(\.rawValue))
      ],
      parse: { args, spec throws(CommandError) in .expect(try Expectation.parse(args, spec)) }),
  ]
}

extension CommandRegistry {
  // MARK: An exercise's own words

  /// Words that mean something else while an exercise runs, looked up before the lesson's (`quit`
  /// and `restart` mean the same in both). Not in `help`'s list; `help exercise` explains them.
  package static let exerciseWords: [CommandSpec] = [
    CommandSpec(
      name: "reset", group: .lab, usage: "reset",
      summary: "in an exercise: start it over on a fresh cluster",
      detail: "Starts the exercise again on a fresh cluster: its setup runs again, and the hints you saw stay seen.",
      example: "reset",
      effect: .session, scope: .lesson,
      means: .restartLesson)
  ]
}
