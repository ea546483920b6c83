import ArgumentParser

/// `repl-lab-stress`: runs the fuzzer and the random fault schedules at a scale the test suite
/// cannot afford. Build it in release mode for the big runs:
/// `swift build -c release --product repl-lab-stress`.
@main
struct StressCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl-lab-stress",
    abstract: "Fuzz the interpreter and check replication invariants under random fault schedules.",
    discussion: """
      Output is deterministic for the same options, apart from the timing line that --timing adds.
      On the first failure the command prints a lesson script that reproduces it and exits 1.
      """,
    subcommands: [Fuzz.self, Faults.self]
  )
}
