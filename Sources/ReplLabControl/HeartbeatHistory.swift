import DequeModule
import ReplLabKernel
import ReplLabModel

/// The intervals between one node's heartbeats as the orchestrator saw them arrive, over a sliding
/// window: what the phi accrual detector fits its normal distribution to.
public struct HeartbeatHistory: Sendable, Equatable {
  /// How many intervals the window keeps (Akka's max-sample-size is 1000; a smaller window lets a
  /// lesson watch the detector adapt within a minute or two).
  public static let maxSamples = 100

  public private(set) var intervals: Deque<SimTime> = []
  private var sum = 0.0
  private var sumOfSquares = 0.0

  /// A history that starts from one expected interval, as Akka's first-heartbeat-estimate does, so
  /// the detector has a mean before the second heartbeat arrives.
  public init(expected interval: SimTime) {
    add(interval)
  }

  public mutating func add(_ interval: SimTime) {
    if intervals.count == Self.maxSamples {
      let old = Double(intervals.removeFirst())
      sum -= old
      sumOfSquares -= old * old
    }
    intervals.append(interval)
    let x = Double(interval)
    sum += x
    sumOfSquares += x * x
  }

  /// Mean interval in milliseconds.
  public var mean: Double { sum / Double(intervals.count) }

  /// Population standard deviation in milliseconds.
  public var standardDeviation: Double {
    let m = mean
    let variance = sumOfSquares / Double(intervals.count) - m * m
    return variance > 0 ? variance.squareRoot() : 0
  }
}
