import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension CommandRegistry {
  // MARK: Session and guided lessons

  package static let sessionCommands: [CommandSpec] = [
    CommandSpec(
      name: "lesson", group: .lab, usage: "lesson N",
      summary: "take lesson N step by step",
      detail: """
        Starts lesson N (its number in `lessons`, or its file name) on a fresh cluster and shows the
        narration of its first step and the command that comes next. Then:
          Enter        run the command shown, and show the next step
          any command  run your own command in between; the lesson waits
          next         skip the command shown
          repeat       show the current step again
          restart      start the lesson over on a fresh cluster
          quit         leave the lesson (the cluster stays); `quit` again leaves the lab
        An exercise is yours to solve: `lesson N` starts it as `exercise N` does, without its solution.
        """,
      example: "lesson 3",
      effect: .session,
      completions: [.lessons],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .lesson(args[0])
      }),
    CommandSpec(
      name: "next", group: .lab, usage: "next",
      summary: "in a lesson: skip the command shown",
      detail: "Moves to the lesson's next step without running the command shown. Only in a lesson (`lesson N`).",
      example: "next",
      effect: .session,
      means: .nextStep),
    CommandSpec(
      name: "repeat", group: .lab, usage: "repeat",
      summary: "in a lesson: show the current step again",
      detail: "Shows the current step's narration and command again. Only in a lesson (`lesson N`).",
      example: "repeat",
      effect: .session,
      means: .repeatStep),
    CommandSpec(
      name: "history", group: .lab, usage: "history [last N]",
      summary: "the commands of this session",
      detail: """
        Lists the commands that ran in this session, numbered, oldest first (refused ones changed
        nothing and are left out). `undo` takes back the last one that changed something; `save FILE`
        writes them all as a lesson script. The session keeps up to 10000 commands. Starting a lesson
        (`lesson N`) starts a new session on a fresh cluster.
        """,
      example: "history last 5",
      effect: .session,
      completions: [.words(["last"])],
      parse: { args, spec throws(CommandError) in
        if args.isEmpty { return .history(last: nil) }
        guard args.count == 2, args[0].lowercased() == "last" else {
          throw spec.error("write `history` or `history last N`")
        }
        return .history(last: try Arguments.count(args[1], in: 1...SessionHistory.capacity, what: "`last`", spec))
      }),
    CommandSpec(
      name: "source", group: .lab, usage: "source FILE",
      summary: "run a script's commands here, into this cluster",
      detail: """
        Runs FILE's lines one by one at the prompt, into the current cluster (psql's `\\i`, sqlite3's
        `.read`): each is shown behind the prompt with its output, as in a transcript, and joins this
        session's history. Stops at the first line that is not a valid command or `expect` that does
        not hold, naming FILE:LINE. A sourced file cannot source another. From a lesson or a pipe,
        FILE must be inside the working directory.
        """,
      example: "source setup.lab",
      effect: .session,
      completions: [.none],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        return .source(args[0])
      }),
    CommandSpec(
      name: "pager", group: .lab, usage: "pager on|off",
      summary: "page output taller than the terminal, or not",
      detail: """
        On a terminal, output taller than the screen goes through a pager, as in psql: $PAGER, or
        `less -FRX` when PAGER is not set (an empty PAGER turns paging off). `pager off` prints
        everything straight away; `repl-lab --no-pager` starts that way. Pipes and transcripts are
        never paged.
        """,
      example: "pager off",
      effect: .session,
      completions: [.words(["on", "off"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        switch args[0].lowercased() {
        case "on": return .pager(true)
        case "off": return .pager(false)
        default: throw spec.error("write `pager on` or `pager off`")
        }
      }),
    CommandSpec(
      name: "clear", group: .lab, usage: "clear",
      summary: "clear the screen",
      detail: "Clears the terminal, as Ctrl-L does. In a pipe or a transcript it does nothing.",
      example: "clear",
      effect: .session,
      means: .clear),
    CommandSpec(
      name: "undo", group: .lab, usage: "undo",
      summary: "take back the last command that changed something",
      detail: """
        The lab is deterministic, so undo replays the whole session from its start without the last
        command that changed something (views such as `status` are skipped). The clock, the cluster,
        the clients and the random generator end up exactly as if that command had never been typed.
        `undo` again takes back the one before. In a lesson the step stays where it is.
        """,
      example: "undo",
      effect: .session,
      means: .undo),
    CommandSpec(
      name: "save", group: .lab, usage: "save [--force] FILE",
      summary: "write this session's commands as a lesson script",
      detail: """
        Writes the session's commands (as `history` lists them) to FILE, with a comment saying how to
        replay it (`repl-lab run FILE`) and the seed when it is not 1. Add `#` narration lines and it
        is a lesson.
        It refuses a FILE that exists unless you add `--force`, and even then it replaces only a
        regular file: never a directory, a device or a symbolic link. A lesson or piped script may
        write only new files inside the directory repl-lab runs in (no absolute path, no `..`, no
        symbolic link that leads out) and never replaces one; at the prompt you may write anywhere.
        """,
      example: "save my-failover.lab",
      effect: .session,
      completions: [.words(["--force"])],
      parse: { args, spec throws(CommandError) in
        let force = args.contains { $0.lowercased() == "--force" }
        let rest = args.filter { $0.lowercased() != "--force" }
        try arity(rest, 1...1, spec)
        guard !rest[0].isEmpty, !rest[0].hasPrefix("-") else { throw spec.error("'\(rest[0])' is not a file name") }
        return .save(rest[0], force: force)
      }),
  ]
}

extension CommandRegistry {
  // MARK: A lesson's own words

  /// Words that mean something else while a lesson runs. They are not in `help`'s list (`help
  /// lesson` explains them) and Tab does not offer them; with arguments that do not fit, the lab's
  /// command of the same name runs instead.
  package static let lessonWords: [CommandSpec] = [
    CommandSpec(
      name: "restart", group: .lab, usage: "restart",
      summary: "in a lesson: start it over on a fresh cluster",
      detail: "Starts the lesson again from its first step on a fresh cluster. `restart NODE` still restarts a node.",
      example: "restart",
      effect: .session, scope: .lesson,
      means: .restartLesson),
    CommandSpec(
      name: "quit", group: .lab, usage: "quit",
      summary: "in a lesson: leave the lesson (also `exit`)",
      detail: "Leaves the lesson; the cluster stays as it is, and `quit` again leaves the lab.",
      example: "quit",
      effect: .session, scope: .lesson,
      means: .leaveLesson),
  ]
}
