import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `explore FAULT ... during SCENARIO`: runs on copies; this interpreter keeps only the report
  /// (for `expect explored`).
  package mutating func runExplore(_ request: ExploreRequest) throws -> Reply {
    let scenario = try scenarioLines(request.scenario)
    // One explorer per compared value, each on its own copy with the value set.
    var explorers: [(value: String, explorer: Explorer)] = []
    if let compare = request.compare {
      for value in compare.values {
        var copy = self
        let reply = copy.perform(compare.line(for: value))
        if let error = reply.error { throw CommandRegistry.error("--compare: \(error)", command: "explore") }
        explorers.append((value, try Explorer(from: copy, faults: request.faults, scenario: scenario)))
      }
    } else {
      explorers.append(("", try Explorer(from: self, faults: request.faults, scenario: scenario)))
    }
    let total = explorers.reduce(0) { $0 + $1.explorer.placements.count }
    if total > Explorer.limit {
      let events = explorers[0].explorer.events
      let longest = events.indices.max { events[$0] < events[$1] }.map { scenario[$0] }
      throw CommandRegistry.error(
        Refusal.tooManyPlacements(total, limit: Explorer.limit, longest: longest), command: "explore")
    }
    var done = 0
    LongRun.exploring(done: 0, of: total, now: cluster.now)
    defer { LongRun.exploring(done: 0, of: 0, now: cluster.now) }
    var results: [(value: String, exploration: Exploration, replays: [[String]])] = []
    for (value, explorer) in explorers {
      let (report, replays) = explorer.explore { n, _ in
        LongRun.exploring(done: done + n, of: total, now: cluster.now)
      }
      done += report.explored
      results.append((value, report, replays))
      if !report.complete { break }
    }
    lastExploration = results.last?.exploration
    var text: String
    if let compare = request.compare {
      text = Explain.explorationComparison(
        compare.setting.joined(separator: " "), results.map { ($0.value, $0.exploration) })
    } else {
      text = Explain.exploration(results[0].exploration)
    }
    if let dir = request.saveDirectory {
      text += "\n" + Explain.savedExplorations(try saveExplorations(results, compare: request.compare, in: dir))
    }
    return Reply(output: text)
  }

  /// The scenario's lines: inline, or a file's commands without its narration and blank lines.
  func scenarioLines(_ scenario: ExploreRequest.Scenario) throws -> [String] {
    switch scenario {
    case .lines(let lines):
      return lines
    case .file(let path):
      if path.isEmpty || path.utf8.contains(0) {
        throw CommandRegistry.error("'\(path.replacing("\u{0}", with: "\\0"))' is not a file name", command: "explore")
      }
      if trust == .lesson { try FileSystem.requireInside(path, directory: workingDirectory) }
      let file = Lesson(fileName: path, path: path, text: try FileSystem.read(outputPath(path)))
      let lines = file.lines.map(Parser.trim).filter { !$0.isEmpty && !$0.hasPrefix("#") }
      guard !lines.isEmpty else { throw CommandRegistry.error(Refusal.emptyScenario(path), command: "explore") }
      return lines
    }
  }

  /// One lesson per outcome class: this session's commands (which built the cluster), then the
  /// class's first placement with its fault written in, then the recovery.
  func saveExplorations(
    _ results: [(value: String, exploration: Exploration, replays: [[String]])], compare: ExploreRequest.Comparison?,
    in dir: String
  ) throws -> [String] {
    if trust == .lesson { try FileSystem.requireInside(dir, directory: workingDirectory) }
    try FileSystem.makeDirectories(outputPath(dir))
    let setup = session.script(named: dir).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      .filter { line in
        guard !line.isEmpty, !line.hasPrefix("#") else { return false }
        if case .explore = try? Parser.parseLine(line, inLesson: false).command { return false }
        return true
      }
    var paths: [String] = []
    for r in results {
      for (i, c) in r.exploration.classes.enumerated() {
        let slug = (c.harms.isEmpty ? ["no-harm"] : c.harms.map(\.rawValue)).joined(separator: "-")
        let name = (compare == nil ? "" : "\(r.value)-") + "\(String(format2: i + 1))-\(slug).lab"
        var lines = Explain.savedPlacementHeader(c, r.exploration)
        lines += setup
        if let compare { lines.append(compare.line(for: r.value)) }
        lines += r.replays[i]
        let path = FileSystem.join(dir, name)
        try writeFile(lines.joined(separator: "\n") + "\n", to: path, force: false, command: "explore")
        paths.append(path)
      }
    }
    return paths
  }
}

extension String {
  /// `7` as `07`.
  fileprivate init(format2 n: Int) { self = n < 10 ? "0\(n)" : String(n) }
}
