import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// An exercise file read into its parts: what runs before the learner's turn (narration, `goal`,
/// setup commands), its hints, its goal checks, and its solution. One file holds them all:
///
///     # Exercise 27: lose a write the client was told had succeeded
///     goal make the cluster lose a write that was acknowledged to its client
///     set balance 100                 (setup: runs before the learner's turn)
///     hint Under asynchronous replication ...
///     check lost = 1                  (any `expect` form)
///     check once masters = 2          (held after some command of the attempt)
///     check always masters <= 1       (held after every command of the attempt)
///     solution
///     # narration and commands of one solution
///
/// `hint` and `check` lines are declarations: they run nothing where they stand.
public struct Exercise: Sendable {
  /// One goal check: an `expect` form, and whether holding once (after any command) is enough.
  public struct Check: Sendable, Equatable {
    public let expectation: Expectation
    /// `check once ...`: it must have held after some command, not necessarily now.
    public let once: Bool
    /// `check always ...`: it must hold now and have held after every command of the attempt, so
    /// a state the goal forbids on the way (two masters) cannot be left behind unseen.
    public let always: Bool
    /// The 1-based line of the `check` in the file.
    public let line: Int

    /// The check in words: `lost = 1`, `at some point: masters = 2`.
    public var text: String { Explain.checkText(expectation.text, once: once, always: always) }
  }

  /// A line of the file that runs or is shown: narration, blank, or a command.
  public struct Line: Sendable, Equatable {
    public let text: String
    /// 1-based.
    public let number: Int
  }

  public let lesson: Lesson
  /// Narration, `goal` and commands before `solution`, in order: the exercise's start.
  public let setup: [Line]
  public let hints: [String]
  public let checks: [Check]
  /// Narration and commands after `solution`.
  public let solution: [Line]

  /// What a line declares, by its first word.
  enum Declaration {
    case hint(String)
    case check(String)
    case solution
  }

  /// Whether `line` (trimmed) is a declaration of an exercise file rather than something to run.
  static func declaration(_ line: String) -> Declaration? {
    let words = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
    guard let first = words.first?.lowercased() else { return nil }
    let rest = words.count > 1 ? Parser.trim(String(words[1])) : ""
    switch first {
    case "hint": return .hint(rest)
    case "check": return .check(rest)
    case "solution" where rest.isEmpty: return .solution
    default: return nil
    }
  }

  /// Whether `lesson` is written as an exercise with its parts separated: a `solution` line.
  /// An exercise written the old way (goal and `expect` lines only) is replayed as a lesson.
  public static func isSeparated(_ lesson: Lesson) -> Bool {
    lesson.isExercise && lesson.lines.contains { Parser.trim($0).lowercased() == "solution" }
  }

  /// Reads `lesson`'s parts. Errors name the file and line.
  public init(_ lesson: Lesson) throws(CommandError) {
    self.lesson = lesson
    var setup: [Line] = []
    var hints: [String] = []
    var checks: [Check] = []
    var solution: [Line]? = nil
    let titleLine = lesson.lines.firstIndex(where: { Parser.trim($0).hasPrefix("#") })
    for (i, raw) in lesson.lines.enumerated() where i != titleLine {
      let text = Parser.trim(raw)
      let number = i + 1
      func fail(_ why: String) -> CommandError { CommandError("\(lesson.fileName):\(number): \(why)") }
      if text.hasPrefix("#") || text.isEmpty {
        if solution != nil {
          solution!.append(Line(text: text, number: number))
        } else {
          setup.append(Line(text: text, number: number))
        }
        continue
      }
      switch Self.declaration(text) {
      case .hint(let words):
        guard solution == nil else { throw fail("`hint` lines come before `solution`") }
        guard !words.isEmpty else { throw fail("a `hint` line says the hint: `hint TEXT`") }
        hints.append(words)
      case .check(let words):
        guard solution == nil else { throw fail("`check` lines come before `solution`") }
        var rest = words
        let once = rest.lowercased().hasPrefix("once ")
        let always = rest.lowercased().hasPrefix("always ")
        if once || always { rest = Parser.trim(String(rest.drop(while: { $0 != " " }))) }
        guard case .expect(let e) = try? Parser.parse("expect " + rest) else {
          throw fail(
            "`check \(words)` is not a check; write `check`, `check once` or `check always` and an `expect` form")
        }
        checks.append(Check(expectation: e, once: once, always: always, line: number))
      case .solution:
        guard solution == nil else { throw fail("an exercise has one `solution` line") }
        solution = []
      case nil:
        if solution != nil {
          solution!.append(Line(text: text, number: number))
        } else {
          setup.append(Line(text: text, number: number))
        }
      }
    }
    func fail(_ why: String) -> CommandError { CommandError("\(lesson.fileName): \(why)") }
    guard let solution else { throw fail("an exercise needs a `solution` line before its solution") }
    guard !checks.isEmpty else { throw fail("an exercise needs at least one `check` line: its goal") }
    guard !hints.isEmpty else { throw fail("an exercise needs at least one `hint` line") }
    // Trailing blank lines of the setup belong to no one.
    while setup.last?.text.isEmpty == true { setup.removeLast() }
    self.setup = setup
    self.hints = hints
    self.checks = checks
    self.solution = solution
  }

  /// `27`, or the file's name when it has no number.
  public var label: String { lesson.number.map(String.init) ?? lesson.name }

  /// The goal as its `goal` line states it, if it has one.
  public var goal: String? {
    setup.lazy.compactMap { line -> String? in
      guard line.text.lowercased().hasPrefix("goal ") else { return nil }
      return Parser.trim(String(line.text.dropFirst(5)))
    }.first
  }
}
