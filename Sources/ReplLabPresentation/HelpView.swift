import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `help`, `help TOPIC`, `help all` and `help COMMAND`. Plain `help` fits a screen: the commands
/// the first lessons use, then the topics that hold the rest, in the order the course meets them.
public enum HelpView {
  /// The topics of `help TOPIC`: each a group of commands, under a word that is no command's name.
  public static let topics: [(word: String, group: CommandSpec.Group)] =
    [CommandSpec.Group.data, .time, .faults, .replication, .build, .failover, .clients, .views, .lab].map {
      ($0.topic, $0)
    }

  /// What a beginner needs first, in the order lessons 1 to 3 use it.
  static let firstCommands = [
    "set", "get", "wait", "settle", "status", "lag", "log", "crash", "restart", "promote", "lessons", "lesson",
    "undo", "help", "quit",
  ]

  /// Plain `help`. `inLesson` adds the words a guided lesson understands, `inExercise` an exercise's.
  public static func overview(inLesson: Bool = false, inExercise: Bool = false) -> String {
    var lines = ["First commands (`help COMMAND` explains one; Tab completes):"]
    for name in firstCommands {
      guard let spec = CommandRegistry.all.first(where: { $0.name == name && $0.scope == .lab }) else { continue }
      lines += row(spec)
    }
    if inLesson {
      lines.append("In this lesson:")
      lines.append(
        "  Enter runs the command shown; `next` skips it, `repeat` shows the step again, `restart` starts")
      lines.append("  the lesson over, `quit` leaves the lesson (the cluster stays).")
    }
    if inExercise {
      lines.append("In this exercise:")
      lines.append(
        "  `check` says which of the goal's checks hold, `hint` gives the next hint, `solution` shows one")
      lines.append("  (`solution replay` runs it), `reset` starts over, `quit` leaves the exercise.")
    }
    lines.append("More by topic: `help TOPIC`, or `help all` for every command:")
    for (word, group) in topics {
      // The topic's name, then its commands' names as far as the line holds them.
      var line = "  " + pad(word, 14) + group.rawValue + ":"
      var names: [String] = []
      for spec in CommandRegistry.all where spec.group == group && spec.scope == .lab {
        let name = spec.nameWords.joined(separator: " ")
        if !names.contains(name) { names.append(name) }
      }
      for (i, name) in names.enumerated() {
        let more = i + 1 < names.count ? ", ..." : ""
        if line.count + name.count + 2 + more.count > 100 {
          line += " ..."
          break
        }
        line += (i == 0 ? " " : ", ") + name
      }
      lines.append(line)
    }
    lines.append("Roles work as names: `master`, `leader` and `primary` all mean the current master.")
    return lines.joined(separator: "\n")
  }

  /// `help TOPIC`: one group's commands; nil for a word that is no topic.
  public static func topic(_ word: String) -> String? {
    guard let group = topics.first(where: { $0.word == word.lowercased() })?.group else { return nil }
    return ([group.rawValue + " (`help COMMAND` explains one):"] + rows(of: group)).joined(separator: "\n")
  }

  /// `help all`: every command, by topic.
  public static func all() -> String {
    var lines = ["Commands (`help COMMAND` explains one; Tab completes; node names work wherever NODE appears):"]
    for group in CommandSpec.Group.allCases {
      let specs = rows(of: group)
      guard !specs.isEmpty else { continue }
      lines.append(group.rawValue)
      lines += specs
    }
    lines.append("Roles work as names: `master`, `leader` and `primary` all mean the current master.")
    lines.append(
      "Double quotes keep words together (`set motd \"hi there\"`); a word starting with # begins a comment.")
    return lines.joined(separator: "\n")
  }

  private static func rows(of group: CommandSpec.Group) -> [String] {
    CommandRegistry.all.filter { $0.group == group }.flatMap(row)
  }

  /// A usage and its summary; a usage longer than the column puts its summary on the next line,
  /// so the list fits 100 columns.
  private static func row(_ s: CommandSpec) -> [String] {
    let column = 32
    if s.usage.count < column - 1 { return ["  " + pad(s.usage, column) + s.summary] }
    return ["  " + s.usage, String(repeating: " ", count: column + 2) + s.summary]
  }

  private static func pad(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(1, width - s.count))
  }

  public static func detail(_ s: CommandSpec) -> String {
    var lines = [s.usage, "  " + s.summary, ""]
    // The detail's prose is refilled to 100 columns with its indent; its indented lines (lists,
    // forms) stay as written, and so does a row of a table of terms (a word, two spaces or more,
    // its meaning) and the indented lines that continue it.
    var paragraph: [Substring] = []
    func flush() {
      if !paragraph.isEmpty { lines += TextWrap.fill(paragraph.joined(separator: " "), width: 100, indent: "  ") }
      paragraph = []
    }
    for line in s.detail.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.isEmpty || line.first == " " || line.contains("  ") {
        flush()
        lines.append("  " + line)
      } else {
        paragraph.append(line)
      }
    }
    flush()
    lines += ["", "  example: \(s.example)"]
    return lines.map { line in
      var l = line
      while l.last == " " { l.removeLast() }
      return l
    }.joined(separator: "\n")
  }
}
