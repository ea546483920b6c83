import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Turns one line into a `Command`, or a `CommandError` that says what was wrong and how to write it.
public enum Parser {
  /// A parsed line and what running it would do to the lab, as its declaration says.
  public struct Line: Sendable, Equatable {
    public let command: Command
    /// Never `.viewWhen`: resolved for the arguments given.
    public let effect: CommandSpec.Effect
  }

  public static func parse(_ line: String) throws(CommandError) -> Command {
    try parseLine(line).command
  }

  /// Parses one line. In a lesson (`inLesson`), the lesson's own words come first when their
  /// arguments fit; otherwise the lab's command of the same name is parsed as usual. In an exercise
  /// (`inExercise`, also a lesson) its own words come before those.
  public static func parseLine(
    _ line: String, inLesson: Bool = false, inExercise: Bool = false
  ) throws(CommandError) -> Line {
    let trimmed = trim(line)
    if trimmed.isEmpty { return Line(command: .blank, effect: .session) }
    if trimmed.hasPrefix("#") { return Line(command: .narration(trimmed), effect: .session) }
    var words = try Tokenizer.split(trimmed)
    guard let first = words.first else { return Line(command: .blank, effect: .session) }
    // `exit` is another way to write `quit`, and `?` of `help`, as in psql and sqlite3.
    if first.lowercased() == "exit" { words[0] = "quit" }
    if first == "?" { words[0] = "help" }
    if inExercise, let (spec, nameWords) = CommandRegistry.match(words, in: CommandRegistry.exerciseByFirstWord),
      let line = try? parse(Array(words.dropFirst(nameWords)), with: spec)
    {
      return line
    }
    if inLesson, let (spec, nameWords) = CommandRegistry.match(words, in: CommandRegistry.lessonByFirstWord),
      let line = try? parse(Array(words.dropFirst(nameWords)), with: spec)
    {
      return line
    }
    guard let (spec, nameWords) = CommandRegistry.match(words) else {
      throw unknown(words)
    }
    return try parse(Array(words.dropFirst(nameWords)), with: spec)
  }

  static func parse(_ args: [String], with spec: CommandSpec) throws(CommandError) -> Line {
    Line(command: try spec.parse(args, spec), effect: spec.effect.resolved(for: args))
  }

  package static func unknown(_ words: [String]) -> CommandError {
    let first = words[0]
    // A known first word with a wrong second one: `add standby` before standbys exist, `add db4`.
    let multi = CommandRegistry.all.filter { $0.nameWords.count > 1 && $0.nameWords[0] == first.lowercased() }
      .sorted { $0.name < $1.name }
    if let spec = multi.first {
      return CommandError(
        "`\(first)` needs one of: \(multi.map { $0.nameWords[1] }.joined(separator: ", "))", usage: spec.usage)
    }
    let shown = first.count > 24 ? String(first.prefix(24)) + "..." : first
    if let guess = Suggestions.closest(to: first, among: CommandRegistry.firstWords) {
      return CommandError("unknown command '\(shown)'; did you mean `\(guess)`? (`help` lists every command)")
    }
    return CommandError("unknown command '\(shown)'; `help` lists every command")
  }

  package static func trim(_ s: String) -> String {
    // ASCII lines (nearly all) on bytes; anything else by Characters, where a space can carry a
    // combining mark and is then no longer a space.
    let utf8 = s.utf8
    if utf8.allSatisfy({ $0 < 0x80 }) {
      func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
      guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
      let last = utf8.lastIndex(where: { !isSpace($0) })!
      if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return s }
      return String(Substring(utf8[first...last]))
    }
    // "\r\n" is one Character in Swift, equal to neither "\r" nor "\n".
    func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" || c == "\r\n" }
    var sub = Substring(s)
    while let c = sub.first, isSpace(c) { sub.removeFirst() }
    while let c = sub.last, isSpace(c) { sub.removeLast() }
    return String(sub)
  }
}
