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
      Colour.choose(.auto)
      let status = Start.launch(seed: Start.defaultSeed, lessons: LessonLibrary.locate(explicit: nil))
      if status != 0 { Self.exit(withError: ExitCode(status)) }
      return
    }
    self.main(nil)
  }

  /// What `repl-lab --version` prints.
  static let version = "repl-lab 0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "repl-lab",
    abstract: "A lab for learning master/replica replication: a REPL over a simulated cluster.",
    discussion: """
      With no subcommand, starts the interactive REPL; when standard input is not a terminal, runs \
      the commands it reads, one per line, and prints their output without prompts. The REPL's \
      options go before anything else: --seed N (the random generator's seed, default 1), \
      --lessons DIR (where `lessons` looks; see below), --bail (piped commands stop at the first \
      mistake), --color auto|always|never, --no-pager, -c COMMANDS, --no-progress. `repl-lab repl \
      --help` explains them.

      Lessons are looked for in --lessons DIR, else $REPL_LAB_LESSONS, else ../share/repl-lab/Lessons \
      beside the executable (where `make install` puts them), else Lessons in the working directory.

      Colour: on a terminal, roles, outcomes and errors are coloured unless NO_COLOR is set, TERM is \
      dumb or --color never is given; never into a pipe or a transcript unless --color always.

      Shell completion: `repl-lab --generate-completion-script bash|zsh|fish` prints a script for \
      the subcommands and options (`make install` installs all three).

      Exit status: 0 done; 1 an `expect` did not hold, or `check` found a difference; 64 the \
      command line is wrong; 65 a piped or `run` script has a line that is not a valid command \
      (one in a file it runs with `source` counts too); 74 a file could not be read or written.
      """,
    version: ReplLabCommand.version,
    subcommands: [
      Start.self, Run.self, Check.self, ListLessons.self, TakeLesson.self, TakeExercise.self, Export.self,
    ],
    defaultSubcommand: Start.self
  )
}

/// Starts the REPL, or runs piped commands.
struct Start: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl", abstract: "Start the interactive lab (the default).")

  @Option(help: "Seed for the lab's random generator.")
  var seed: UInt64 = Start.defaultSeed

  @OptionGroup var course: CourseOptions

  @Flag(help: "With piped commands: stop at the first line that is not a valid command or `expect` that does not hold.")
  var bail = false

  @Flag(help: "Print long output straight away instead of through $PAGER (or less -FRX).")
  var noPager = false

  @Option(
    name: .customShort("c"),
    help: "Run these commands (separated by ;) and exit, as psql -c does: repl-lab -c 'set x 1; lag'.")
  var command: String?

  static let defaultSeed: UInt64 = 1

  func run() throws {
    Colour.choose(course.color)
    if let command {
      var interpreter = Interpreter(seed: seed, lessonsDirectory: LessonLibrary.locate(explicit: course.lessons))
      interpreter.keepsStyle = Colour.enabled
      let outcome = PipedInput.run(&interpreter, commands: command, bail: bail)
      outcome.report()
      if outcome.status != 0 { throw ExitCode(outcome.status) }
      return
    }
    if noPager { Pager.enabled.store(false, ordering: .relaxed) }
    let status = Self.launch(
      seed: seed, lessons: LessonLibrary.locate(explicit: course.lessons), bail: bail, noProgress: course.noProgress)
    if status != 0 { throw ExitCode(status) }
  }

  /// Runs the REPL or the piped commands; the exit status a batch run earned.
  static func launch(seed: UInt64, lessons: String, bail: Bool = false, noProgress: Bool = false) -> Int32 {
    var interpreter = Interpreter(seed: seed, lessonsDirectory: lessons)
    interpreter.keepsStyle = Colour.enabled
    if isatty(STDIN_FILENO) == 1 {
      // Only a learner at a terminal has progress to remember; piped scripts and replays keep none.
      interpreter.keepProgress(in: Progress.defaultPath(noProgress: noProgress))
      ReadlineREPL.run(&interpreter, greeting: interpreter.greeting)
      return 0
    }
    let outcome = PipedInput.run(&interpreter, bail: bail)
    outcome.report()
    return outcome.status
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

  @Flag(help: "Stop at the first line that is not a valid command or `expect` that does not hold.")
  var bail = false

  func validate() throws {
    if files.isEmpty {
      throw ValidationError("name at least one lesson file, e.g. repl-lab run Lessons/01-replication-log.lab")
    }
  }

  func run() throws {
    var outcome = BatchOutcome()
    for (i, path) in files.enumerated() {
      let lesson: Lesson
      do { lesson = try Lesson.load(path) } catch { throw fileError(error) }
      let out = OutputBuffer()
      if i > 0 { out.line("") }
      let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
      let tally = LessonRunner.replay(
        lesson, seed: seed, lessonsDirectory: directory, bail: bail,
        failure: { located in
          // Flushed first, so standard output and error interleave in order when they share a file.
          out.flush()
          BatchOutcome.copy(located)
        },
        emit: { text, _ in out.line(text) })
      out.flush()
      outcome.add(tally)
      if bail && outcome.failed { break }
    }
    // A false `expect` or a mistake in the script fails the run, so a script of exercises works as
    // a test.
    outcome.report()
    if outcome.status != 0 { throw ExitCode(outcome.status) }
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

  @OptionGroup var course: CourseOptions

  func run() throws {
    Colour.choose(course.color)
    let progress = Progress.defaultPath(noProgress: course.noProgress).map(Progress.load) ?? Progress()
    let directory = LessonLibrary.locate(explicit: course.lessons)
    do { print(try LessonLibrary.listing(directory, finished: progress)) } catch { throw fileError(error) }
  }
}

/// `repl-lab lesson N`: the REPL, starting in lesson N taken step by step.
struct TakeLesson: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lesson", abstract: "Take a lesson step by step: Enter runs each command, and you may type your own.")

  @Argument(help: "The lesson's number (as `repl-lab lessons` lists it) or file name.")
  var lesson: String

  @OptionGroup var course: CourseOptions

  func run() throws {
    Colour.choose(course.color)
    try Self.start("lesson \(lesson)", lessons: course.lessons, noProgress: course.noProgress)
  }

  /// The REPL, starting with `line` (`lesson N`, `exercise N`); a refusal ends it with status 1.
  static func start(_ line: String, lessons: String?, noProgress: Bool) throws {
    var interpreter = Interpreter(seed: 1, lessonsDirectory: LessonLibrary.locate(explicit: lessons))
    let interactive = isatty(STDIN_FILENO) == 1
    interpreter.keepsStyle = Colour.enabled
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
      print(Colour.render(TextWrap.wrap(first.output, width: TextWrap.transcriptWidth)))
      let outcome = PipedInput.run(&interpreter)
      outcome.report()
      if outcome.status != 0 { throw ExitCode(outcome.status) }
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

  @OptionGroup var course: CourseOptions

  func run() throws {
    Colour.choose(course.color)
    try TakeLesson.start("exercise \(exercise)", lessons: course.lessons, noProgress: course.noProgress)
  }
}

/// A file that could not be read or written: said on standard error, without the usage banner a
/// mistyped command line gets, and with its own exit status.
func fileError(_ failure: FileSystem.Failure) -> ExitCode {
  var standardError = StandardError()
  print("error: \(failure.message)", to: &standardError)
  return ExitCode(ExitStatus.io)
}
