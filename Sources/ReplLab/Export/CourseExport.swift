import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// `repl-lab export`: lessons as a static web site. Each lesson replays exactly as `repl-lab run`
/// replays it; after every command the pictures are drawn from the cluster, so a page can step
/// through them. The same lessons give the same bytes.
public enum CourseExport {
  /// The file that marks a directory as an export, so a later export may write over it.
  public static let marker = ".repl-lab-export"

  /// Rows of the timeline a step's picture shows at most, and the final one.
  static let stepRows = 60
  static let finalRows = 160

  /// What an export wrote.
  public struct Summary: Sendable {
    public let directory: String
    public let files: [String]
    public let lessons: Int
  }

  /// Replays `lesson` and records what a page shows.
  public static func record(_ lesson: Lesson, seed: UInt64 = 1, lessonsDirectory: String = "Lessons")
    -> LessonRecording
  {
    var r = LessonRecording(name: lesson.name, title: lesson.title, isExercise: lesson.isExercise)
    let charts = lesson.lines.contains { line in
      let w = Parser.trim(line).split(separator: " ").first?.lowercased() ?? ""
      return ["load", "slow", "lag", "semi-sync", "sync-mode"].contains(w)
    }
    let separated = Exercise.isSeparated(lesson)
    var narration: [String] = []
    var echo: String?
    var output: [String] = []
    var step = 0
    var stepStart = 0
    var lastSnapshot = LessonRecording.Snapshot(topology: 0)

    /// `since`: the timeline record the step began at (nil: no step yet).
    func snapshot(_ i: Interpreter, since start: Int?) -> LessonRecording.Snapshot {
      let c = i.cluster
      var s = LessonRecording.Snapshot(topology: r.picture(TopologySVG.render(c)))
      if charts { s.lag = r.picture(LagChartSVG.render(c, notes: i.pictures)) }
      if let start {
        // The newest rows, with what this command added shaded; nothing when it added nothing.
        let added = TimelineLayout(c, range: .last(stepRows), firstRecord: start).rows.count
        if c.timeline.appended > start && added > 0 {
          s.timeline = r.picture(
            TimelineSVG.render(c, range: .last(stepRows), notes: i.pictures, highlightLast: added))
        }
      }
      return s
    }
    func flushNarration() {
      // The title line is the page's heading already.
      if r.parts.isEmpty, narration.first == lesson.title { narration.removeFirst() }
      if !narration.isEmpty { r.parts.append(.narration(narration)) }
      narration = []
    }
    func flushCommand(_ snap: LessonRecording.Snapshot) {
      guard let e = echo else { return }
      step += 1
      let isGoal = Parser.trim(e).contains("repl-lab> goal ")
      r.parts.append(.command(step: step, echo: e, output: output.joined(separator: "\n"), isGoal: isGoal))
      r.snapshots.append(snap)
      echo = nil
      output = []
    }

    r.snapshots.append(snapshot(Interpreter(seed: seed, lessonsDirectory: lessonsDirectory), since: nil))
    var last: Interpreter?
    _ = LessonRunner.replay(
      lesson, seed: seed, lessonsDirectory: lessonsDirectory,
      observe: { i in
        let s = snapshot(i, since: stepStart)
        lastSnapshot = s
        flushCommand(s)
        stepStart = i.cluster.timeline.appended
        last = i
      },
      emit: { text, line in
        // Between a command's echo and the end of the command, everything is its output.
        if echo != nil {
          output.append(text)
          return
        }
        // An echo is the prompt and the command; the closing `check` of an exercise's replay is one
        // too, though no lesson line holds it.
        if text.hasPrefix("["), text.contains("repl-lab> ") {
          flushNarration()
          echo = text
          return
        }
        let source = line >= 1 && line <= lesson.lines.count ? Parser.trim(lesson.lines[line - 1]) : ""
        if let d = declaration(source, separated) {
          flushNarration()
          r.parts.append(d)
          return
        }
        // Narration, or a blank line between paragraphs.
        var t = Substring(text)
        while t.first == "#" { t = t.dropFirst() }
        narration.append(Parser.trim(String(t)))
      })
    flushCommand(lastSnapshot)
    flushNarration()
    if let i = last {
      r.finalTimeline = r.picture(TimelineSVG.render(i.cluster, range: .last(finalRows), notes: i.pictures))
    }
    return r
  }

  /// A declaration line of a separated exercise, as a page part.
  static func declaration(_ line: String, _ separated: Bool) -> LessonRecording.Part? {
    guard separated else { return nil }
    switch Exercise.declaration(line) {
    case .hint(let t): return .hint(t)
    case .check(let t): return .check(t)
    case .solution: return .solution
    case nil: return nil
    }
  }
}

extension CourseExport {
  /// Why an export refused to start: one line.
  public struct Refusal: Error, Sendable {
    public let message: String
  }

  /// Writes `lessons` (in the order given) as a site in `directory`: `index.html`, one page per
  /// lesson, `course.css`, `course.js`. The directory must be new, empty, or an earlier export
  /// (it holds `marker`); only the export's own files are replaced, regular files only.
  public static func export(
    _ lessons: [Lesson], to directory: String, seed: UInt64 = 1, lessonsDirectory: String = "Lessons",
    progress: (Lesson) -> Void = { _ in }
  ) throws -> Summary {
    if FileSystem.existsOrIsLink(directory) {
      guard FileSystem.isDirectory(directory) else {
        throw Refusal(message: "\(directory) exists and is not a directory; name a new directory")
      }
      let names = try FileSystem.list(directory)
      if !names.isEmpty && !names.contains(marker) {
        throw Refusal(
          message: "\(directory) is not empty and holds no earlier export; name a new or empty directory")
      }
    } else {
      try FileSystem.makeDirectories(directory)
    }
    var written: [String] = []
    func write(_ name: String, _ text: String) throws {
      try FileSystem.replace(text, at: FileSystem.join(directory, name))
      written.append(name)
    }
    let files = lessons.map { $0.name + ".html" }
    var entries: [CourseIndexPage.Entry] = []
    for (i, lesson) in lessons.enumerated() {
      progress(lesson)
      let r = record(lesson, seed: seed, lessonsDirectory: lessonsDirectory)
      let previous = i > 0 ? (files[i - 1], lessons[i - 1].title) : nil
      let next = i + 1 < lessons.count ? (files[i + 1], lessons[i + 1].title) : nil
      try write(files[i], LessonPage.render(r, previous: previous, next: next))
      entries.append(
        CourseIndexPage.Entry(
          file: files[i], title: lesson.title, summary: lesson.summary, isExercise: lesson.isExercise, steps: r.steps))
    }
    try write("index.html", CourseIndexPage.render(entries))
    try write("course.css", CourseAssets.css)
    try write("course.js", CourseAssets.js)
    try write(marker, "This directory was written by `repl-lab export`; a later export may replace its files.\n")
    return Summary(directory: directory, files: written, lessons: lessons.count)
  }
}
