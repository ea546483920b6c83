import ArgumentParser
import ReplLab

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `repl-lab`: a lab for learning master/replica replication. Without a subcommand it starts the
/// REPL (or reads commands from piped standard input).
@main
struct ReplLabCommand: ParsableCommand {
  /// Without arguments, start at once: argument parsing is most of the start-up time of a short
  /// piped script, and there is nothing to parse. Anything else goes through the parser.
  static func main() {
    StandardOutput.watch()
    if CommandLine.arguments.count == 1 {
      Start.launch(seed: Start.defaultSeed, lessons: Start.defaultLessons)
      return
    }
    self.main(nil)
  }

  static let configuration = CommandConfiguration(
    commandName: "repl-lab",
    abstract: "A lab for learning master/replica replication: a REPL over a simulated cluster.",
    discussion: """
      With no subcommand, starts the interactive REPL; when standard input is not a terminal, runs the
      commands it reads, one per line, and prints their output without prompts.
      """,
    subcommands: [Start.self, Run.self, Check.self, ListLessons.self, TakeLesson.self, TakeExercise.self],
    defaultSubcommand: Start.self
  )
}

/// Starts the REPL, or runs piped commands.
struct Start: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl", abstract: "Start the interactive lab (the default).")

  @Option(help: "Seed for the lab's random generator.")
  var seed: UInt64 = Start.defaultSeed

  @Option(help: "Where `lessons` looks for lesson scripts.")
  var lessons: String = Start.defaultLessons

  @Flag(help: Start.noProgressHelp)
  var noProgress = false

  static let defaultSeed: UInt64 = 1
  static let defaultLessons = "Lessons"
  static let noProgressHelp: ArgumentHelp =
    "Keep no record of finished lessons and exercises (also REPL_LAB_NO_PROGRESS=1); by default the REPL keeps one in ~/.repl_lab_progress."

  func run() throws { Self.launch(seed: seed, lessons: lessons, noProgress: noProgress) }

  static func launch(seed: UInt64, lessons: String, noProgress: Bool = false) {
    var interpreter = Interpreter(seed: seed, lessonsDirectory: lessons)
    if isatty(STDIN_FILENO) == 1 {
      // Only a learner at a terminal has progress to remember; piped scripts and replays keep none.
      interpreter.keepProgress(in: Progress.defaultPath(noProgress: noProgress))
      ReadlineREPL.run(&interpreter, greeting: interpreter.greeting)
    } else {
      PipedInput.run(&interpreter)
    }
  }
}

/// `repl-lab run FILE...`: replays lesson scripts and prints their transcripts.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Replay lesson scripts and print their transcripts.")

  @Argument(help: "Lesson scripts (.lab files).")
  var files: [String]

  @Option(help: "Seed for the lab's random generator.")
  var seed: UInt64 = 1

  func validate() throws {
    if files.isEmpty {
      throw ValidationError("name at least one lesson file, e.g. repl-lab run Lessons/01-replication-log.lab")
    }
  }

  func run() throws {
    var failed: [String] = []
    for (i, path) in files.enumerated() {
      let lesson: Lesson
      do { lesson = try Lesson.load(path) } catch { throw fileError(error) }
      let out = OutputBuffer()
      if i > 0 { out.line("") }
      let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
      failed +=
        LessonRunner.replay(lesson, seed: seed, lessonsDirectory: directory) { text, _ in out.line(text) }
        .failedExpectations
      out.flush()
    }
    // A false `expect` fails the run, so a script of exercises works as a test; the transcript
    // already shows each one, this repeats them where a teacher looks last.
    if !failed.isEmpty {
      var standardError = StandardError()
      print("\(failed.count) expectation\(failed.count == 1 ? "" : "s") did not hold:", to: &standardError)
      for f in failed { print("  error: \(f)", to: &standardError) }
      throw ExitCode(ExitStatus.failed)
    }
  }
}

/// `repl-lab check [--bless]`: compares every lesson's replay with its golden transcript.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Replay every lesson and compare it with its golden transcript (for lesson authors).",
    discussion: """
      Each exercise replays its solution and fails when one of its goal checks does not hold. Not the
      lab's own `check`, which, inside an exercise, checks your attempt at its goal.
      """)

  @Flag(help: "Rewrite transcripts that differ or are missing (refused when CI is set).")
  var bless = false

  @Option(help: "Directory of lesson scripts.")
  var lessons = "Lessons"

  @Option(help: "Directory of golden transcripts.")
  var transcripts = "Transcripts"

  func run() throws {
    var check = TranscriptCheck()
    check.lessonsDirectory = lessons
    check.transcriptsDirectory = transcripts
    if bless, let refusal = TranscriptCheck.blessRefusal(environment: FileSystem.environment("CI")) {
      throw ValidationError(refusal)
    }
    let outcomes: [TranscriptCheck.Outcome]
    do { outcomes = try check.checkAll() } catch { throw fileError(error) }
    let unreadable = outcomes.contains { if case .unreadable = $0.verdict { true } else { false } }
    if bless {
      do { print(try check.bless(outcomes)) } catch { throw fileError(error) }
      if unreadable { throw ExitCode(ExitStatus.io) }
      return
    }
    let (text, passed) = check.report(outcomes)
    print(text)
    if unreadable { throw ExitCode(ExitStatus.io) }
    if !passed { throw ExitCode(ExitStatus.failed) }
  }
}

/// `repl-lab lessons`: lists the lessons.
struct ListLessons: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "lessons", abstract: "List the lessons.")

  @Option(help: "Directory of lesson scripts.")
  var lessons = "Lessons"

  @Flag(help: Start.noProgressHelp)
  var noProgress = false

  func run() throws {
    let progress = Progress.defaultPath(noProgress: noProgress).map(Progress.load) ?? Progress()
    do { print(try LessonLibrary.listing(lessons, finished: progress)) } catch { throw fileError(error) }
  }
}

/// `repl-lab lesson N`: the REPL, starting in lesson N taken step by step.
struct TakeLesson: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lesson", abstract: "Take a lesson step by step: Enter runs each command, and you may type your own.")

  @Argument(help: "The lesson's number (as `repl-lab lessons` lists it) or file name.")
  var lesson: String

  @Option(help: "Directory of lesson scripts.")
  var lessons = "Lessons"

  @Flag(help: Start.noProgressHelp)
  var noProgress = false

  func run() throws { try Self.start("lesson \(lesson)", lessons: lessons, noProgress: noProgress) }

  /// The REPL, starting with `line` (`lesson N`, `exercise N`); a refusal ends it with status 1.
  static func start(_ line: String, lessons: String, noProgress: Bool) throws {
    var interpreter = Interpreter(seed: 1, lessonsDirectory: lessons)
    let interactive = isatty(STDIN_FILENO) == 1
    if interactive { interpreter.keepProgress(in: Progress.defaultPath(noProgress: noProgress)) }
    let first = interpreter.execute(line)
    if let error = first.error {
      var standardError = StandardError()
      print("error: \(error)", to: &standardError)
      throw ExitCode(1)
    }
    if interactive {
      ReadlineREPL.run(&interpreter, greeting: first.output)
    } else {
      print(first.output)
      PipedInput.run(&interpreter)
    }
  }
}

/// `repl-lab exercise N`: the REPL, starting in exercise N, for the learner to solve.
struct TakeExercise: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exercise",
    abstract: "Try an exercise on your own: its goal, `check`, `hint`, and `solution` when you want it.")

  @Argument(help: "The exercise's number (as `repl-lab lessons` lists it) or file name.")
  var exercise: String

  @Option(help: "Directory of lesson scripts.")
  var lessons = "Lessons"

  @Flag(help: Start.noProgressHelp)
  var noProgress = false

  func run() throws { try TakeLesson.start("exercise \(exercise)", lessons: lessons, noProgress: noProgress) }
}

/// A file that could not be read or written: said on standard error, without the usage banner a
/// mistyped command line gets, and with its own exit status.
func fileError(_ failure: FileSystem.Failure) -> ExitCode {
  var standardError = StandardError()
  print("error: \(failure.message)", to: &standardError)
  return ExitCode(ExitStatus.io)
}
