/// The course's first page: every exported lesson in course order, exercises marked.
public enum CourseIndexPage {
  /// One line of the index.
  public struct Entry: Sendable {
    public let file: String
    public let title: String
    public let summary: String
    public let isExercise: Bool
    public let steps: Int

    public init(file: String, title: String, summary: String, isExercise: Bool, steps: Int) {
      self.file = file
      self.title = title
      self.summary = summary
      self.isExercise = isExercise
      self.steps = steps
    }
  }

  public static func render(_ entries: [Entry]) -> String {
    var h: [String] = [
      "<!DOCTYPE html>",
      "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">",
      "<head>",
      "<meta charset=\"utf-8\"/>",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>",
      "<title>The repl-lab course</title>",
      "<link rel=\"stylesheet\" href=\"course.css\"/>",
      "</head>",
      "<body class=\"index\">",
      "<h1>The repl-lab course</h1>",
      "<p>Master/replica replication, failover and its failure modes, one lesson at a time, in a simulated cluster. Each page replays a lesson: read the narration, step through the commands, and watch the pictures change. Exercises show their goal; their solution stays folded until you ask for it. To try it yourself, run <code>repl-lab</code> and type <code>lesson N</code>.</p>",
      "<ol class=\"lessons\">",
    ]
    for e in entries {
      let kind = e.isExercise ? " class=\"exercise\"" : ""
      h.append(
        "<li\(kind)><a href=\"\(HTML.escape(e.file))\">\(HTML.escape(e.title))</a> <span class=\"steps\">\(e.steps) step\(e.steps == 1 ? "" : "s")</span></li>"
      )
    }
    h += ["</ol>", "</body>", "</html>"]
    return h.joined(separator: "\n") + "\n"
  }
}
