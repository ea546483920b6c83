import Foundation
import ReplLab

/// Where the package's own files are, for tests that read lessons and transcripts or run the tools.
public enum Project {
  /// The package root: this file is `Sources/ReplLabTestSupport/Project.swift`.
  public static let root: String = {
    var url = URL(fileURLWithPath: "\(#filePath)")
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  public static var lessonsDirectory: String { root + "/Lessons" }
  public static var transcriptsDirectory: String { root + "/Transcripts" }

  /// The lesson files' names (`NN-name.lab`), as the lab lists them.
  public static let lessonFileNames: [String] =
    ((try? FileSystem.list(lessonsDirectory)) ?? []).filter { $0.hasSuffix(".lab") }

  /// A transcript check over the project's lessons and transcripts, as `repl-lab check` runs it,
  /// writing actual output under `.build/repl-lab-check`.
  public static var transcriptCheck: TranscriptCheck {
    var c = TranscriptCheck()
    c.lessonsDirectory = lessonsDirectory
    c.transcriptsDirectory = transcriptsDirectory
    c.actualDirectory = root + "/.build/repl-lab-check"
    return c
  }
}
