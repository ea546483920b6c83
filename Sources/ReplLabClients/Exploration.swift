import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// What `explore` found: how many placements of a fault (or of two) it ran and how they ended,
/// grouped by outcome class, each class with its shortest placement.
public struct Exploration: Sendable, Equatable {
  /// One fault, or two placed one after the other.
  public let faults: [PlacedFault]
  /// The scenario's lines, in order.
  public let scenario: [String]
  /// Placements there are; `explored` of them ran (fewer when Ctrl-C stopped the run).
  public let placements: Int
  public internal(set) var explored = 0
  public internal(set) var classes: [OutcomeClass] = []

  public init(faults: [PlacedFault], scenario: [String], placements: Int) {
    self.faults = faults
    self.scenario = scenario
    self.placements = placements
  }

  /// Whether every placement ran.
  public var complete: Bool { explored == placements }

  /// Where a fault was placed: before the scenario's line `line` (0-based) ran, `events` events into
  /// it (0: before it started); `line == scenario.count` is after the last line.
  public struct Spot: Sendable, Equatable, Comparable {
    public let line: Int
    public let events: Int

    public init(line: Int, events: Int) {
      self.line = line
      self.events = events
    }

    public static func < (a: Spot, b: Spot) -> Bool { (a.line, a.events) < (b.line, b.events) }
  }

  /// Where each fault was placed, in the order of the faults.
  public struct Placement: Sendable, Equatable, Comparable {
    public let spots: [Spot]

    public init(_ spots: [Spot]) { self.spots = spots }

    /// One fault's placement.
    public init(line: Int, events: Int) { spots = [Spot(line: line, events: events)] }

    public var line: Int { spots[0].line }
    public var events: Int { spots[0].events }

    public static func < (a: Placement, b: Placement) -> Bool { a.spots.lexicographicallyPrecedes(b.spots) }
  }

  /// Placements that ended the same way (the same harms), how many, and the first of them.
  public struct OutcomeClass: Sendable, Equatable {
    public let harms: [ExplorationOutcome.Harm]
    public internal(set) var count: Int
    public let shortest: Placement
    /// Where each fault of the shortest placement fell.
    public let moments: [FaultMoment]
    public let outcome: ExplorationOutcome
    /// The longest recovery time seen in the class.
    public internal(set) var longestRecovery: SimTime?
  }

  /// Counts one more run; classes stay in the order the harms sort.
  public mutating func add(_ placement: Placement, moments: [FaultMoment], outcome: ExplorationOutcome) {
    explored += 1
    let harms = outcome.harms
    if let i = classes.firstIndex(where: { $0.harms == harms }) {
      classes[i].count += 1
      if let t = outcome.recoveryTime { classes[i].longestRecovery = max(classes[i].longestRecovery ?? 0, t) }
      return
    }
    classes.append(
      OutcomeClass(
        harms: harms, count: 1, shortest: placement, moments: moments, outcome: outcome,
        longestRecovery: outcome.recoveryTime))
    classes.sort { a, b in
      a.harms.count != b.harms.count ? a.harms.count < b.harms.count : a.harms.lexicographicallyPrecedes(b.harms)
    }
  }

  /// Placements whose run had `harm`.
  public func count(with harm: ExplorationOutcome.Harm) -> Int {
    classes.filter { $0.harms.contains(harm) }.reduce(0) { $0 + $1.count }
  }
}
