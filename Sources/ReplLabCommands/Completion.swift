import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// What Tab offers in the REPL: command words first, then each command's arguments.
public enum Completer {
  /// Candidates for the word being typed (`partial`), given the words before it on the line.
  public static func candidates(
    before: [String], partial: String, nodes: [String], clients: [String] = [], keys: [String] = [],
    lessons: [String] = []
  ) -> [String] {
    let lowerPartial = partial.lowercased()
    let options: [String]
    if before.isEmpty {
      options = CommandRegistry.firstWords
    } else if let spec = CommandRegistry.spec(for: before) {
      let position = before.count - spec.nameWords.count
      options =
        position < spec.completions.count
        ? words(for: spec.completions[position], nodes: nodes, clients: clients, keys: keys, lessons: lessons) : []
    } else {
      // Second word of a two-word command (`add replica`).
      let first = before[0].lowercased()
      options =
        before.count == 1
        ? CommandRegistry.all.filter { $0.nameWords.count > 1 && $0.nameWords[0] == first }.map { $0.nameWords[1] }
        : []
    }
    // Keys keep their case (`get Balance`); everything else is matched without it.
    return options.filter { $0.hasPrefix(lowerPartial) || $0.hasPrefix(partial) }.sorted()
  }

  package static func words(
    for completion: CommandSpec.Completion, nodes: [String], clients: [String] = [], keys: [String] = [],
    lessons: [String] = []
  ) -> [String] {
    switch completion {
    case .words(let w): w
    case .nodes: nodes
    case .nodesOrMaster: nodes + ["master"]
    case .clients: clients
    case .endpoints: nodes + ControlPlane.endpoints + ["from"]
    case .commands: CommandRegistry.firstWords
    case .helpTopics: CommandRegistry.firstWords + CommandSpec.Group.allCases.map(\.topic) + ["all"]
    case .keys: keys
    case .lessons: lessons
    case .none: []
    }
  }
}
