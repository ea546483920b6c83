/// `help` and `help COMMAND`.
public enum HelpView {
  public static func overview() -> String {
    var lines = ["Commands (`help COMMAND` explains one; Tab completes; node names work wherever NODE appears):"]
    let width = (CommandRegistry.all.map(\.usage.count).max() ?? 0) + 2
    for group in CommandSpec.Group.allCases {
      let specs = CommandRegistry.all.filter { $0.group == group }
      guard !specs.isEmpty else { continue }
      lines.append(group.rawValue)
      for s in specs {
        lines.append("  " + s.usage + String(repeating: " ", count: width - s.usage.count) + s.summary)
      }
    }
    lines.append("Roles work as names: `master`, `leader` and `primary` all mean the current master.")
    return lines.joined(separator: "\n")
  }

  public static func detail(_ s: CommandSpec) -> String {
    var lines = [s.usage, "  " + s.summary, ""]
    lines += s.detail.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
    lines += ["", "  example: \(s.example)"]
    return lines.map { line in
      var l = line
      while l.last == " " { l.removeLast() }
      return l
    }.joined(separator: "\n")
  }
}
