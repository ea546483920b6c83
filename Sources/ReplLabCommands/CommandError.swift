import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Why a line could not be run, with how to write it.
public struct CommandError: Error, Sendable, Equatable {
  public let message: String
  /// The usage line of the command the learner meant, when known.
  public let usage: String?

  public init(_ message: String, usage: String? = nil) {
    self.message = message
    self.usage = usage
  }

  /// One line: the problem, then how to write the command.
  public var text: String {
    guard let usage else { return message }
    return "\(message). Usage: \(usage)"
  }
}
