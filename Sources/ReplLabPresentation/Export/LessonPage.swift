/// One lesson as a static web page: narration as prose, each command and its output as the
/// learner saw them, and beside them pictures of the cluster that follow the step. Plain XHTML
/// (it parses as XML), one stylesheet and one small script shared by every page, nothing from the
/// network. Without the script every step shows, with the pictures of the end.
public enum LessonPage {
  /// A link to a neighbouring page: file name and title.
  public typealias Link = (file: String, title: String)

  public static func render(_ r: LessonRecording, previous: Link?, next: Link?) -> String {
    var h: [String] = []
    h.append("<!DOCTYPE html>")
    h.append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">")
    h.append("<head>")
    h.append("<meta charset=\"utf-8\"/>")
    h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
    h.append("<title>\(HTML.escape(r.title)) \u{2014} repl-lab</title>")
    h.append("<link rel=\"stylesheet\" href=\"course.css\"/>")
    h.append("</head>")
    h.append("<body class=\"lesson\" data-steps=\"\(r.steps)\">")
    h.append(nav(previous: previous, next: next))
    h.append("<h1>\(HTML.escape(r.title))</h1>")
    h.append(
      "<p class=\"how\">Step through the commands with <b>Forward</b> and <b>Back</b> (or the arrow keys): the pictures show the cluster after the current step. Rest the pointer on an arrow or a marker for its details.</p>"
    )
    h.append("<div class=\"layout\">")
    h.append("<main id=\"steps\">")
    h += body(r)
    h.append("</main>")
    h.append("<aside id=\"pictures\">")
    h.append(
      "<div class=\"controls\"><button type=\"button\" id=\"back\">\u{25C0} Back</button> <span id=\"where\">step \(r.steps) of \(r.steps)</span> <button type=\"button\" id=\"forward\">Forward \u{25B6}</button></div>"
    )
    h += figures(r)
    h.append("</aside>")
    h.append("</div>")
    if let t = r.finalTimeline {
      // An exercise's story is its solution's: folded like the solution.
      h.append(r.isExercise ? "<details class=\"story\">" : "<section class=\"story\">")
      h.append(
        r.isExercise
          ? "<summary>The whole story on the timeline (it gives the solution away)</summary>"
          : "<h2>The whole story on the timeline</h2>")
      h.append(
        "<p>Every message and event of the lesson's last part, time running down. Tooltips give each arrow's seq, epoch and sizes.</p>"
      )
      h.append("<figure class=\"timeline-final\">\(inline(r.pictures[t], prefix: "final"))</figure>")
      h.append(r.isExercise ? "</details>" : "</section>")
    }
    h.append(nav(previous: previous, next: next))
    h.append("<script src=\"course.js\"></script>")
    h.append("</body>")
    h.append("</html>")
    return h.joined(separator: "\n") + "\n"
  }

  static func nav(previous: Link?, next: Link?) -> String {
    var parts = ["<a href=\"index.html\">All lessons</a>"]
    if let p = previous {
      parts.append("<a href=\"\(HTML.escape(p.file))\" rel=\"prev\">\u{2190} \(HTML.escape(p.title))</a>")
    }
    if let n = next {
      parts.append("<a href=\"\(HTML.escape(n.file))\" rel=\"next\">\(HTML.escape(n.title)) \u{2192}</a>")
    }
    return "<nav>" + parts.joined(separator: " ") + "</nav>"
  }

  /// The parts in order: an exercise's hints and checks in their own boxes, its solution folded.
  static func body(_ r: LessonRecording) -> [String] {
    var h: [String] = []
    var inSolution = false
    var hints: [String] = []
    var checks: [String] = []
    func flushHintsAndChecks() {
      if !checks.isEmpty {
        h.append("<div class=\"checks\"><h3>The goal is reached when</h3><ul>")
        h += checks.map { "<li><code>\(HTML.escape($0))</code></li>" }
        h.append("</ul></div>")
        checks = []
      }
      for (i, hint) in hints.enumerated() {
        h.append("<details class=\"hint\"><summary>Hint \(i + 1)</summary><p>\(prose(hint))</p></details>")
      }
      hints = []
    }
    for part in r.parts {
      switch part {
      case .hint(let text):
        hints.append(text)
        continue
      case .check(let text):
        checks.append(text)
        continue
      default:
        flushHintsAndChecks()
      }
      switch part {
      case .narration(let lines):
        h.append("<div class=\"narration\">")
        for paragraph in paragraphs(lines) { h.append("<p>\(prose(paragraph))</p>") }
        h.append("</div>")
      case .command(let step, let echo, let output, let isGoal):
        let cls = isGoal ? "step command goal" : "step command"
        var s = "<section class=\"\(cls)\" id=\"step-\(step)\" data-step=\"\(step)\">"
        s += "<pre class=\"echo\">\(HTML.pre(echo))</pre>"
        if !output.isEmpty {
          let error = output.hasPrefix("error:") || output.contains("\nerror:")
          s += "<pre class=\"output\(error ? " has-error" : "")\">\(HTML.pre(output))</pre>"
        }
        h.append(s + "</section>")
      case .solution:
        inSolution = true
        h.append("<details class=\"solution\" id=\"solution\"><summary>Show the solution</summary>")
      case .hint, .check:
        break
      }
    }
    flushHintsAndChecks()
    if inSolution { h.append("</details>") }
    return h
  }

  /// Narration lines grouped into paragraphs at empty lines.
  static func paragraphs(_ lines: [String]) -> [String] {
    var out: [String] = []
    var current: [String] = []
    for l in lines {
      if l.isEmpty {
        if !current.isEmpty { out.append(current.joined(separator: " ")) }
        current = []
      } else {
        current.append(l)
      }
    }
    if !current.isEmpty { out.append(current.joined(separator: " ")) }
    return out
  }

  /// Narration as XHTML: escaped, with `backticks` as code.
  static func prose(_ s: String) -> String {
    let pieces = s.split(separator: "`", omittingEmptySubsequences: false)
    guard pieces.count >= 3, pieces.count % 2 == 1 else { return HTML.escape(s) }
    return pieces.enumerated().map { i, p in
      i % 2 == 1 ? "<code>\(HTML.escape(String(p)))</code>" : HTML.escape(String(p))
    }
    .joined()
  }

  /// The picture panel: each distinct picture once, with the steps it belongs to.
  static func figures(_ r: LessonRecording) -> [String] {
    var h: [String] = []
    let last = r.snapshots.count - 1
    for (kind, title, pick) in [
      ("topology", "Topology after this step", { (s: LessonRecording.Snapshot) in Optional(s.topology) }),
      ("lag", "Positions and lag so far", { (s: LessonRecording.Snapshot) in s.lag }),
      ("timeline", "The timeline so far (this step shaded)", { (s: LessonRecording.Snapshot) in s.timeline }),
    ] as [(String, String, (LessonRecording.Snapshot) -> Int?)] {
      var stepsOf: [Int: [Int]] = [:]
      var order: [Int] = []
      for (n, s) in r.snapshots.enumerated() {
        guard let p = pick(s) else { continue }
        if stepsOf[p] == nil { order.append(p) }
        stepsOf[p, default: []].append(n)
      }
      guard !order.isEmpty else { continue }
      h.append("<div class=\"panel \(kind)\"><h2>\(title)</h2>")
      for p in order {
        let steps = stepsOf[p]!
        let final = steps.contains(last) ? " final" : ""
        h.append(
          "<figure class=\"snap\(final)\" data-steps=\"\(steps.map(String.init).joined(separator: " "))\">\(inline(r.pictures[p], prefix: "\(kind)\(p)"))</figure>"
        )
      }
      if kind == "timeline" {
        h.append("<p class=\"quiet\">Nothing was sent during this step.</p>")
      }
      h.append("</div>")
    }
    return h
  }

  /// An SVG for inlining: without its trailing newline, its marker ids made unique on the page.
  static func inline(_ svg: String, prefix: String) -> String {
    var s = svg
    while s.hasSuffix("\n") { s.removeLast() }
    for id in ["tl-head-", "tp-head-", "lag-head-"] {
      s = s.replacing("id=\"\(id)", with: "id=\"\(prefix)-\(id)").replacing("url(#\(id)", with: "url(#\(prefix)-\(id)")
    }
    return s
  }
}
