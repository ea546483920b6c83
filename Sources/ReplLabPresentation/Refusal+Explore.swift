import ReplLabKernel

extension Refusal {
  /// A scenario line that does not parse.
  public static func badScenarioLine(_ n: Int, _ line: String, _ why: String) -> String {
    "line \(n) of the scenario, `\(line)`: \(why)"
  }

  /// A scenario line that would leave the copy (a lesson, a file, another exploration).
  public static func scenarioCommand(_ n: Int, _ line: String) -> String {
    "line \(n) of the scenario, `\(line)`, cannot run inside explore; a scenario holds cluster commands"
  }

  /// More placements than `explore` runs.
  public static func tooManyPlacements(_ n: Int, limit: Int, longest: String?) -> String {
    let hint = longest.map { "; `\($0)` runs the most events" } ?? ""
    return
      "explore would run \(n) placements, more than \(limit): use fewer lines, `settle` instead of a long `wait`, or fewer --compare values\(hint)"
  }

  /// A scenario file with no command in it.
  public static func emptyScenario(_ path: String) -> String { "\(path) holds no command to explore" }
}
