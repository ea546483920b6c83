/// The lessons on disk and their transcripts.
public enum LessonLibrary {
  /// Paths of every `*.lab` in `directory`, sorted by name (so `NN-` prefixes give the order).
  public static func lessonPaths(in directory: String) throws(FileSystem.Failure) -> [String] {
    try FileSystem.list(directory).filter { $0.hasSuffix(".lab") }.map { FileSystem.join(directory, $0) }
  }

  /// `lessons`: one line per lesson with its title.
  public static func listing(_ directory: String) throws(FileSystem.Failure) -> String {
    guard FileSystem.isDirectory(directory) else {
      return "No lessons here: there is no \(directory)/ directory. Start repl-lab from the project folder to use its lessons."
    }
    let lessons = try lessonPaths(in: directory).map { p throws(FileSystem.Failure) in try Lesson.load(p) }
    if lessons.isEmpty { return "No lessons in \(directory)/ yet." }
    let width = lessons.map(\.name.count).max() ?? 0
    var lines = ["Lessons (replay one with `repl-lab run \(directory)/NAME.lab`):"]
    for l in lessons {
      lines.append("  " + l.name + String(repeating: " ", count: width - l.name.count + 2) + l.title)
    }
    return lines.joined(separator: "\n")
  }
}
