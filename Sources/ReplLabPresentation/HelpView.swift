import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `help` and `help COMMAND`.
public enum HelpView {
  public static func overview() -> String {
    var lines = ["Commands (`help COMMAND` explains one; Tab completes; node names work wherever NODE appears):"]
    // A usage longer than the column puts its summary on the next line, so the list fits 100 columns.
    let column = 32
    for group in CommandSpec.Group.allCases {
      let specs = CommandRegistry.all.filter { $0.group == group }
      guard !specs.isEmpty else { continue }
      lines.append(group.rawValue)
      for s in specs {
        if s.usage.count < column - 1 {
          lines.append("  " + s.usage + String(repeating: " ", count: column - s.usage.count) + s.summary)
        } else {
          lines.append("  " + s.usage)
          lines.append(String(repeating: " ", count: column + 2) + s.summary)
        }
      }
    }
    lines.append("Roles work as names: `master`, `leader` and `primary` all mean the current master.")
    lines.append(
      "Double quotes keep words together (`set motd \"hi there\"`); a word starting with # begins a comment.")
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
