import ArgumentParser
import ReplLab

/// `repl-lab export [LESSON...] [--to DIR]`: the course, or some lessons, as a static web site.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write lessons as web pages that step through their commands, with pictures.",
    discussion: """
      Replays each lesson (all of them, in course order, when none is named) and writes a static \
      site to DIR: index.html, one page per lesson, course.css and course.js. A page shows the \
      narration, each command and its output, and pictures of the cluster (topology, lag, the \
      timeline) that follow Forward and Back; open index.html from disk, nothing is loaded from \
      the network. An exercise shows its goal and folds its hints and solution. DIR must be new, \
      empty, or an earlier export, whose files are replaced. The same lessons give the same bytes.
      """)

  @Argument(help: "Lessons by number or name (3, 03-master-failover), or .lab files; all by default.")
  var lessons: [String] = []

  @Option(help: "Directory to write the site to.")
  var to = "course"

  @Option(name: .customLong("lessons-dir"), help: "Directory of lesson scripts.")
  var lessonsDirectory = "Lessons"

  @Option(help: "Seed for the lab's random generator.")
  var seed: UInt64 = 1

  func run() throws {
    var chosen: [Lesson] = []
    do {
      if lessons.isEmpty {
        chosen = try LessonLibrary.lessonPaths(in: lessonsDirectory).map { p throws(FileSystem.Failure) in
          try Lesson.load(p)
        }
      } else {
        for which in lessons {
          chosen.append(
            which.hasSuffix(".lab") && which.contains("/")
              ? try Lesson.load(which) : try LessonLibrary.find(which, in: lessonsDirectory))
        }
      }
    } catch let error as FileSystem.Failure {
      throw fileError(error)
    } catch let error as CommandError {
      throw refuse(error.message)
    }
    if chosen.isEmpty { throw refuse("there are no lessons in \(lessonsDirectory)/ to export") }
    let summary: CourseExport.Summary
    do {
      summary = try CourseExport.export(
        chosen, to: to, seed: seed, lessonsDirectory: lessonsDirectory,
        progress: { lesson in
          var standardError = StandardError()
          print("exporting \(lesson.name)", to: &standardError)
        })
    } catch let refusal as CourseExport.Refusal {
      throw refuse(refusal.message)
    } catch let error as FileSystem.Failure {
      throw fileError(error)
    }
    print(
      "Wrote \(summary.lessons) lesson page\(summary.lessons == 1 ? "" : "s") and an index to \(summary.directory)/; open \(summary.directory)/index.html in a browser."
    )
  }

  /// One line on standard error, `error: ...`, and the command-line status: nothing was written.
  func refuse(_ message: String) -> ExitCode {
    var standardError = StandardError()
    print("error: \(message)", to: &standardError)
    return ExitCode(ExitStatus.usage)
  }
}
