/// How a command is written, declared once with the command: `help` shows the whole line, a parse
/// error appends it, and the interpreter, refusing one form, names just that form.
public struct Usage: Sendable, Equatable, ExpressibleByStringLiteral {
  /// The line `help` and errors show.
  public let line: String
  /// Each way of writing the command on its own (one for most commands).
  public let forms: [String]

  public init(stringLiteral line: String) {
    self.line = line
    forms = [line]
  }

  init(line: String, forms: [String]) {
    self.line = line
    self.forms = forms
  }

  /// Separate forms, shown side by side: `slow NODE RATE/s | slow NODE off`.
  public static func either(_ forms: String...) -> Usage {
    Usage(line: forms.joined(separator: " | "), forms: forms)
  }

  /// A command that alone shows something and with one option sets it:
  /// `semi-sync [acks N | timeout DURATION]`.
  public static func optionally(_ name: String, _ options: String...) -> Usage {
    Usage(line: "\(name) [\(options.joined(separator: " | "))]", forms: [name] + options.map { "\(name) \($0)" })
  }

  /// The form that mentions `word` (`acks` gives `semi-sync acks N`), or the whole line.
  public func form(mentioning word: String) -> String {
    forms.first { $0.split(separator: " ").contains(Substring(word)) } ?? line
  }
}
