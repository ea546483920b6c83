import ReplLab

/// Throws `FuzzLineGenerator` lines at one interpreter and checks each reply: a refused line gets
/// exactly one error line, nothing beside it, and leaves the cluster exactly as it was (its
/// `StateDigest` before and after agree). Nothing may trap; a trap ends the process, which is the
/// loudest failure there is.
///
/// The interpreter starts the way a lesson does (seed 1, then `seed S` and `reset`), so the lines
/// run so far, printed as a lesson, replay the same session with `repl-lab run`.
public struct FuzzRun: Sendable {
  public let seed: UInt64
  /// Lines thrown so far.
  public private(set) var lines = 0
  /// Lines the interpreter refused with an error.
  public private(set) var refused = 0
  /// The first broken rule, if any; the run stops there.
  public private(set) var failure: Failure?
  /// The lines run so far, kept only when asked (a million-line run should not hold them).
  public private(set) var script: [String]?

  var generator: FuzzLineGenerator
  var interpreter: Interpreter
  var digest: StateDigest

  /// A refused line that broke a rule.
  public struct Failure: Sendable, Equatable {
    /// 1-based position among the fuzz lines.
    public let number: Int
    public let line: String
    public let problem: String
  }

  /// The lines every fuzz session starts with, as a lesson would (lessons start at seed 1).
  public static func preamble(seed: UInt64) -> [String] { ["seed \(seed)", "reset"] }

  /// `workingDirectory` is where the files that lines like `save x` write go: give a scratch
  /// directory, or the fuzz litters the current one.
  public init(
    seed: UInt64, keepScript: Bool = false, lessonsDirectory: String = "Lessons", workingDirectory: String = ""
  ) {
    self.seed = seed
    generator = FuzzLineGenerator(seed: seed)
    interpreter = Interpreter(seed: 1, lessonsDirectory: lessonsDirectory)
    interpreter.workingDirectory = workingDirectory
    for line in Self.preamble(seed: seed) { _ = interpreter.execute(line) }
    digest = StateDigest(interpreter)
    script = keepScript ? [] : nil
  }

  /// Runs up to `count` more lines; stops early at the first failure.
  public mutating func run(_ count: Int) {
    for _ in 0..<count where failure == nil { step() }
  }

  mutating func step() {
    let line = generator.next()
    lines += 1
    script?.append(line)
    let reply = interpreter.execute(line)
    let after = StateDigest(interpreter)
    defer { digest = after }
    guard let error = reply.error else { return }
    refused += 1
    let problem: String?
    if error.isEmpty {
      problem = "refused with an empty error message"
    } else if error.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
      problem = "refused with an error of several lines: \(error.debugDescription)"
    } else if !reply.output.isEmpty {
      problem = "refused, but printed output beside the error: \(reply.output.debugDescription)"
    } else if after != digest {
      problem = "refused (\(error)), but the cluster changed"
    } else {
      problem = nil
    }
    if let problem { failure = Failure(number: lines, line: line, problem: problem) }
  }

  /// What the failing line changed, field by field, by replaying the session up to just before it.
  /// Only for a run that kept its script.
  public func changedFields() -> [String] {
    guard let failure, let script else { return [] }
    var i = Interpreter(seed: 1, lessonsDirectory: interpreter.lessonsDirectory)
    i.workingDirectory = interpreter.workingDirectory
    for line in Self.preamble(seed: seed) + script.dropLast() { _ = i.execute(line) }
    let before = StateDigest(i)
    _ = i.execute(failure.line)
    return before.differences(to: StateDigest(i))
  }
}
