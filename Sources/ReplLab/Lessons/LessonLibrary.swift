import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// The lessons on disk and their transcripts.
public enum LessonLibrary {
  /// Paths of every `*.lab` in `directory`, sorted by name (so `NN-` prefixes give the order).
  public static func lessonPaths(in directory: String) throws(FileSystem.Failure) -> [String] {
    try FileSystem.list(directory).filter { $0.hasSuffix(".lab") }.map { FileSystem.join(directory, $0) }
  }

  /// `lessons`: the course in order, one line per lesson: its number and what it teaches. Exercises
  /// (lessons whose goal the lab checks) are marked, and so are those `finished`.
  public static func listing(_ directory: String, finished: Progress = Progress()) throws(FileSystem.Failure)
    -> String
  {
    guard FileSystem.isDirectory(directory) else {
      return
        "No lessons here: there is no \(directory)/ directory. Start repl-lab from the project folder, install it (`make install`), or name the lessons' directory with --lessons DIR or \(environmentVariable)."
    }
    let lessons = try lessonPaths(in: directory).map { p throws(FileSystem.Failure) in try Lesson.load(p) }
    if lessons.isEmpty { return "No lessons in \(directory)/ yet." }
    let width = lessons.map { label($0).count }.max() ?? 0
    // The done column appears once something is done, so a first listing stays as narrow as before.
    let marks = lessons.contains(where: finished.isFinished)
    let done = lessons.filter(finished.isFinished).count
    var lines = [
      "Lessons, in course order (`lesson N` takes one step by step, `exercise N` is yours to solve):"
    ]
    for l in lessons {
      let tag = label(l)
      let mark = !marks ? "" : finished.isFinished(l) ? "done  " : "      "
      lines.append(
        "  " + String(repeating: " ", count: width - tag.count) + tag + "  " + mark
          + (l.isExercise ? "exercise: " : "") + l.summary)
    }
    if marks { lines.append("Done: \(done) of \(lessons.count).") }
    return lines.joined(separator: "\n")
  }

  /// The number a learner types (`3`), or the name when the file has none.
  package static func label(_ l: Lesson) -> String { l.number.map(String.init) ?? l.name }
}
