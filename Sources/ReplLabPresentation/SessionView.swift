import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `history`: the session's commands, numbered.
public enum SessionView {
  public static func history(_ s: SessionHistory, last: Int?) -> String {
    if s.overflowed {
      return "This session ran more than \(SessionHistory.capacity) commands; it keeps no history past that."
    }
    if s.entries.isEmpty { return "No commands yet in this session." }
    let shown = last.map { min($0, s.entries.count) } ?? s.entries.count
    let start = s.entries.count - shown
    let width = String(s.entries.count).count
    var lines = ["This session (`undo` takes back the last change; `save FILE` writes it as a lesson):"]
    if start > 0 { lines.append("  (\(start) earlier command\(start == 1 ? "" : "s") not shown)") }
    for i in start..<s.entries.count {
      let n = String(i + 1)
      lines.append("  " + String(repeating: " ", count: width - n.count) + n + "  " + s.entries[i].line)
    }
    return lines.joined(separator: "\n")
  }
}
