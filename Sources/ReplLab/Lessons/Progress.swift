import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// Which lessons and exercises a learner has finished, by name (`27-exercise-lose-a-write`). The
/// REPL keeps it in a small file next to its history file; lesson replays and tests keep none.
public struct Progress: Sendable, Equatable {
  public private(set) var finished: Set<String> = []

  public init(finished: Set<String> = []) { self.finished = finished }

  /// The file's name, in the learner's home directory beside `.repl_lab_history`.
  public static let fileName = ".repl_lab_progress"

  /// Where the REPL keeps progress: `~/.repl_lab_progress`, or nowhere when there is no HOME or
  /// `REPL_LAB_NO_PROGRESS` is set to anything but empty (as `--no-progress` does).
  public static func defaultPath(noProgress: Bool = false) -> String? {
    if noProgress || !(FileSystem.environment("REPL_LAB_NO_PROGRESS") ?? "").isEmpty { return nil }
    guard let home = FileSystem.environment("HOME"), !home.isEmpty else { return nil }
    return FileSystem.join(home, fileName)
  }

  /// The progress in `text`: one name a line; `#` lines and blanks are comments.
  public init(text: String) {
    for raw in text.split(separator: "\n") {
      let line = Parser.trim(String(raw))
      if !line.isEmpty && !line.hasPrefix("#") { finished.insert(line) }
    }
  }

  /// The progress kept at `path`; none when the file is missing or unreadable (a first run).
  public static func load(_ path: String) -> Progress {
    guard FileSystem.exists(path), let text = try? FileSystem.read(path) else { return Progress() }
    return Progress(text: text)
  }

  /// The file's text: a comment saying what it is, then the names in order.
  public var text: String {
    "# repl-lab: lessons and exercises finished (delete this file to start over)\n"
      + finished.sorted().map { $0 + "\n" }.joined()
  }

  /// Marks `name` finished; true when it was not before.
  @discardableResult
  public mutating func finish(_ name: String) -> Bool { finished.insert(name).inserted }

  public func isFinished(_ lesson: Lesson) -> Bool { finished.contains(lesson.name) }
}
