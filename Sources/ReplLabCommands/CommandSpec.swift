import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel
/// Everything the lab knows about one command: how to write it, what it does, an example, how to
/// parse it, and what Tab may complete after it.
public struct CommandSpec: Sendable {
  /// The words that name the command (`set`, `add replica`, `sync-mode`).
  public let name: String
  public let group: Group
  public let usage: String
  /// One line for the `help` list.
  public let summary: String
  /// The longer text of `help NAME`, including where the lab simplifies a real system.
  public let detail: String
  public let example: String
  /// What Tab offers for each argument position after the name.
  public let completions: [Completion]
  package let parse: @Sendable (_ args: [String], _ spec: CommandSpec) throws(CommandError) -> Command

  public enum Group: String, Sendable, CaseIterable {
    case data = "Data"
    case time = "Time"
    case faults = "Faults and failover"
    case failover = "Failure detection and automatic failover"
    case replication = "Replication"
    case clients = "Clients and read guarantees"
    case build = "Cluster"
    case views = "Views"
    case lab = "Lab"
  }

  /// A kind of word Tab can offer.
  public enum Completion: Sendable, Equatable {
    case words([String])
    case nodes
    /// Node names plus `master`.
    case nodesOrMaster
    /// Client names (`app` and every `client NAME`).
    case clients
    /// Node names plus the orchestrator, the client and the proxy (for partitions).
    case endpoints
    case commands
    case none
  }

  /// Words in the name: `add replica` has two.
  package var nameWords: [String] { name.split(separator: " ").map(String.init) }

  package func error(_ message: String) -> CommandError { CommandError(message, usage: usage) }
}
