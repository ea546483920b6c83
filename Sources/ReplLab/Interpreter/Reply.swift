import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// What one line did: text to show, or an error, and whether the learner asked to leave.
public struct Reply: Sendable, Equatable {
  /// Event lines and the command's answer, without a final newline; empty when there is nothing to say.
  public var output: String
  /// The one-line reason a command failed (without the `error: ` prefix). A failed command changed nothing.
  public var error: String?
  public var quit: Bool
  /// An `expect` that did not hold: the error says what was expected and what the cluster has. A
  /// lesson replay that has one fails, unlike an ordinary refused command, which can be part of a story.
  public var failedExpectation: Bool
  /// The line is not a valid command (an unknown command, wrong arguments): a mistake in a script,
  /// which fails a batch run, unlike a valid command the cluster refuses, which is an outcome.
  public var invalidLine: Bool
  /// `clear`: a terminal front end clears the screen before printing anything else.
  public var clearScreen = false
  /// The answer tells a story in timed steps (`  t=...` lines, as `switchover` does): the events
  /// that happened meanwhile go between its steps, in time order, not before the answer.
  public var stepsInTime = false
  /// `pager on|off`: a terminal front end pages long output from now on, or stops.
  public var pager: Bool?

  public init(
    output: String = "", error: String? = nil, quit: Bool = false, failedExpectation: Bool = false,
    invalidLine: Bool = false
  ) {
    self.output = output
    self.error = error
    self.quit = quit
    self.failedExpectation = failedExpectation
    self.invalidLine = invalidLine
  }

  /// Whether a script replaying this line is at fault: a line that is not a valid command, or an
  /// expectation that did not hold (`expectLine`: the line was an `expect`, read or not).
  package func isScriptMistake(expectLine: Bool = false) -> Bool {
    error != nil && (failedExpectation || invalidLine || expectLine)
  }

  /// The error line a replayed script shows: a mistake in the script names its place in the file
  /// (`FILE:LINE: ...`); a refusal the script shows on purpose reads as the learner sees it at the
  /// prompt. Nil when the line did not fail.
  package func errorLine(file: String, line: Int, expectLine: Bool = false) -> String? {
    guard let error else { return nil }
    return "error: " + (isScriptMistake(expectLine: expectLine) ? "\(file):\(line): \(error)" : error)
  }
}
