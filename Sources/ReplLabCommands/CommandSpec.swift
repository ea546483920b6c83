import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// A command's one declaration: how to write it, what it does, an example, how to parse it, what Tab
/// may complete after it, what running it does to the lab, and where it may be typed. Everything
/// else (`help`, completion, errors, `history`, `undo`) reads it from here, so nothing about a
/// command is written twice.
public struct CommandSpec: Sendable {
  /// The words that name the command (`set`, `add replica`, `sync-mode`).
  public let name: String
  public let group: Group
  /// How to write it: `help` shows it and every error about it ends with it.
  public let declaredUsage: Usage
  /// One line for the `help` list.
  public let summary: String
  /// The longer text of `help NAME`, including where the lab simplifies a real system.
  public let detail: String
  /// A line that runs on a fresh lab; `help NAME` shows it, and the tests parse it.
  public let example: String
  /// What running it does: whether `history` records it and `undo` replays it.
  public let effect: Effect
  /// Where the command may be typed.
  public let scope: Scope
  /// What Tab offers for each argument position after the name.
  public let completions: [Completion]
  package let parse: @Sendable (_ args: [String], _ spec: CommandSpec) throws(CommandError) -> Command

  package init(
    name: String, group: Group, usage: Usage, summary: String, detail: String, example: String,
    effect: Effect, scope: Scope = .lab, completions: [Completion],
    parse: @escaping @Sendable (_ args: [String], _ spec: CommandSpec) throws(CommandError) -> Command
  ) {
    self.name = name
    self.group = group
    self.declaredUsage = usage
    self.summary = summary
    self.detail = detail
    self.example = example
    self.effect = effect
    self.scope = scope
    self.completions = completions
    self.parse = parse
  }

  /// A command that takes no arguments and always means `command`: its parser only checks that
  /// nothing follows the name.
  package init(
    name: String, group: Group, usage: Usage, summary: String, detail: String, example: String,
    effect: Effect, scope: Scope = .lab, means command: Command
  ) {
    self.init(
      name: name, group: group, usage: usage, summary: summary, detail: detail, example: example,
      effect: effect, scope: scope, completions: [],
      parse: { args, spec throws(CommandError) in
        try CommandRegistry.arity(args, 0...0, spec)
        return command
      })
  }

  /// The usage line, as `help` and errors show it.
  public var usage: String { declaredUsage.line }

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

    /// The word `help TOPIC` names the group by: never a command's name.
    public var topic: String {
      switch self {
      case .data: "data"
      case .time: "time"
      case .faults: "faults"
      case .failover: "detection"
      case .replication: "replication"
      case .clients: "guarantees"
      case .build: "cluster"
      case .views: "views"
      case .lab: "lab"
      }
    }
  }

  /// What a command does to the lab. The lab is deterministic, so `undo` replays the session without
  /// its last change: it must know which commands changed something, and a view left out would be
  /// taken back instead of the change before it.
  public enum Effect: Sendable, Equatable {
    /// Changes the cluster, its clients or its settings: recorded, and replayed by `undo`.
    case changesCluster
    /// Only shows something: recorded for `history` and `save`, skipped by `undo`.
    case view
    /// Acts on the session or the lesson, not the lab: never recorded (`undo` must not undo `undo`).
    case session
    /// A view with exactly these (lowercased) arguments, a change otherwise: `semi-sync` alone
    /// shows the settings, `election compare` changes nothing.
    case viewWhen(arguments: [[String]])

    /// The effect of one line that gave `args`.
    package func resolved(for args: [String]) -> Effect {
      guard case .viewWhen(let views) = self else { return self }
      return views.contains(args.map { $0.lowercased() }) ? .view : .changesCluster
    }
  }

  /// Where a command may be typed.
  public enum Scope: Sendable, Equatable {
    /// Anywhere: `help` lists it and Tab offers it.
    case lab
    /// Only while a lesson is taken step by step; there it comes before a lab command of the same
    /// name, and only when its arguments fit (bare `restart` starts the lesson over, `restart db1`
    /// is still the lab's).
    case lesson
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
    /// Command words, the topics of `help TOPIC` and `all`.
    case helpTopics
    /// Keys the cluster has seen.
    case keys
    /// Lesson numbers, as `lessons` lists them.
    case lessons
    case none
  }

  /// Words in the name: `add replica` has two.
  package var nameWords: [String] { name.split(separator: " ").map(String.init) }

  package func error(_ message: String) -> CommandError { CommandError(message, usage: usage) }
}
