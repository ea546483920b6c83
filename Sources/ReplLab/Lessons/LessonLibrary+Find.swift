import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension LessonLibrary {
  /// The lesson a learner means by `3`, `03`, `03-master-failover` or `03-master-failover.lab`.
  public static func find(_ which: String, in directory: String) throws -> Lesson {
    guard FileSystem.isDirectory(directory) else {
      throw CommandError(
        "there is no \(directory)/ directory; start repl-lab from the project folder, install it (`make install`), or name the lessons' directory with --lessons DIR or \(environmentVariable)"
      )
    }
    let paths = try lessonPaths(in: directory)
    let wanted = which.lowercased().hasSuffix(".lab") ? String(which.lowercased().dropLast(4)) : which.lowercased()
    let number = wanted.allSatisfy({ $0.isASCII && $0.isNumber }) && wanted.count <= 6 ? Int(wanted) : nil
    for path in paths {
      let lesson = try Lesson.load(path)
      if lesson.name.lowercased() == wanted || (number != nil && lesson.number == number) { return lesson }
    }
    throw CommandError("there is no lesson '\(which)'; `lessons` lists them by number", usage: "lesson N")
  }
}
