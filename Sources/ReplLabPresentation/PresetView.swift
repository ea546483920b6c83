import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// What `preset` prints, and the parameter table `status` adds while a preset is active.
public enum PresetView {
  /// `preset` alone: every preset, one line each.
  public static func list(active: Preset?) -> String {
    let width = Preset.allCases.map(\.rawValue.count).max() ?? 0
    var lines = ["Presets (`preset NAME` applies one; `help preset` says what each sets):"]
    for p in Preset.allCases {
      let mark = p == active ? "  (active)" : ""
      lines.append("  " + p.rawValue + String(repeating: " ", count: width - p.rawValue.count + 2) + p.system + mark)
    }
    return lines.joined(separator: "\n")
  }

  /// After `preset NAME`: what it set, as the commands a learner could type.
  public static func applied(_ p: Preset, commands: [String]) -> String {
    var lines = ["preset \(p.rawValue): \(p.system)."]
    lines.append(wrap(commands, indent: "  ran: ", width: 100))
    lines.append("`status` shows \(p.owner) parameter names beside the lab's settings.")
    return lines.joined(separator: "\n")
  }

  /// The table under `status`: each parameter, its value now, and the lab setting behind it.
  public static func parameters(_ p: Preset, in c: Cluster) -> String {
    var table = TextTable(["\(p.rawValue) parameter", "value", "lab setting"])
    for parameter in p.parameters(c) { table.add([parameter.name, parameter.value, parameter.lab]) }
    return table.render()
  }

  /// Lists `items` separated by `; `, breaking lines before `width`; later lines align under the first.
  package static func wrap(_ items: [String], indent: String, width: Int) -> String {
    let margin = String(repeating: " ", count: indent.count)
    var lines: [String] = []
    var line = indent
    for item in items {
      let isFirstOnLine = line.count == indent.count
      if !isFirstOnLine, line.count + 2 + item.count > width {
        lines.append(line + ";")
        line = margin + item
      } else {
        line += (isFirstOnLine ? "" : "; ") + item
      }
    }
    lines.append(line)
    return lines.joined(separator: "\n")
  }
}
