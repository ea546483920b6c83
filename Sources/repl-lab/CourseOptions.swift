import ArgumentParser

/// The options of every command that opens the course: where the lessons are, whether to remember
/// what the learner finished, and colour. Declared once; each command takes them with
/// `@OptionGroup`.
struct CourseOptions: ParsableArguments {
  @Option(help: "Where lesson scripts are (default: $REPL_LAB_LESSONS, else the installed lessons, else ./Lessons).")
  var lessons: String?

  @Flag(
    help:
      "Keep no record of finished lessons and exercises (also REPL_LAB_NO_PROGRESS=1); by default the REPL keeps one in ~/.repl_lab_progress."
  )
  var noProgress = false

  @Option(name: .customLong("color"), help: Colour.help)
  var color: Colour.Choice = .auto
}
