/// A random fault schedule: lines that build a cluster and pick its settings, then steps of writes,
/// reads, crashes, restarts, partitions, heals, delays, promotions, mode changes and waits. It is
/// plain lesson text, so a schedule that breaks an invariant can be handed to `repl-lab run` as is.
public struct FaultSchedule: Sendable, Equatable {
  public let seed: UInt64
  /// Starts the lab's generator at `seed` on a fresh cluster, then builds and configures it.
  public let setup: [String]
  public let steps: [String]
  /// Nodes the setup creates, in order.
  public let nodes: [String]
  /// Whether fencing stays on for the whole schedule (the fencing invariants apply only then).
  public let fencing: Bool
  /// Whether the schedule runs under the lease regime (the single-writer rule applies then).
  public let leases: Bool

  /// Whether the nodes elect among themselves (`manager consensus`): the election invariants apply.
  public let consensus: Bool
  /// Whether every write is acknowledged only once a majority holds it, for the whole schedule
  /// (`write-concern majority` under consensus): no acknowledged write may ever be lost.
  public let majorityCommit: Bool

  public init(
    seed: UInt64, setup: [String], steps: [String], nodes: [String], fencing: Bool, leases: Bool = false,
    consensus: Bool = false,
    majorityCommit: Bool = false
  ) {
    self.seed = seed
    self.setup = setup
    self.steps = steps
    self.nodes = nodes
    self.fencing = fencing
    self.leases = leases
    self.consensus = consensus
    self.majorityCommit = majorityCommit
  }

  /// The schedule for `seed`, with between `steps.lowerBound` and `steps.upperBound` steps.
  public init(seed: UInt64, steps: ClosedRange<Int> = 30...60) {
    var g = FaultScheduleGenerator(seed: seed)
    self = g.schedule(steps: steps)
  }

  /// Setup and steps, in order.
  public var lines: [String] { setup + steps }
}
