import ReplLabKernel
import ReplLabModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// How the orchestrator decides that a node it no longer hears from is dead.
public enum FailureDetector: Sendable, Equatable {
  case timeout(TimeoutDetector)
  case phiAccrual(PhiAccrualDetector)

  /// How long after the last heartbeat this detector declares the node suspected, given the
  /// heartbeats seen so far.
  public func suspicionDelay(_ history: HeartbeatHistory) -> SimTime {
    switch self {
    case .timeout(let d): d.timeout
    case .phiAccrual(let d): d.suspicionDelay(history)
    }
  }
}

/// Suspect a node when nothing has arrived from it for a fixed time: Redis Sentinel's
/// down-after-milliseconds (30000 by default), the articles' "say 30 seconds".
public struct TimeoutDetector: Sendable, Equatable {
  public static let sentinelDefault: SimTime = 30_000
  public let timeout: SimTime

  public init(timeout: SimTime = sentinelDefault) {
    self.timeout = timeout
  }
}

/// The phi accrual failure detector (Hayashibara et al., 2004). Instead of a yes/no timeout it
/// outputs a suspicion level: phi = -log10(1 - F(t)), where t is the time since the last heartbeat
/// and F the cumulative normal distribution fitted to recent inter-arrival times. phi 1 means about
/// a 10% chance that suspecting now is a mistake, phi 2 about 1%, phi 8 one in a hundred million.
/// Akka and Cassandra both suspect at phi 8.
public struct PhiAccrualDetector: Sendable, Equatable {
  public static let defaultThreshold = 8.0
  /// Akka's min-std-deviation: perfectly regular heartbeats would otherwise give a zero deviation,
  /// and phi would leap to infinity a millisecond after the mean.
  public static let minStandardDeviation = 100.0

  public let threshold: Double
  /// Akka's acceptable-heartbeat-pause, added to the mean: pauses this long are not suspicious.
  public let acceptablePause: SimTime

  public init(threshold: Double = defaultThreshold, acceptablePause: SimTime = 0) {
    self.threshold = threshold
    self.acceptablePause = acceptablePause
  }

  /// phi for a node silent for `elapsed` ms whose heartbeats arrive every `mean` ms on average with
  /// deviation `standardDeviation`: -log10 of the probability that a heartbeat is still to come.
  public static func phi(elapsed: Double, mean: Double, standardDeviation: Double) -> Double {
    let z = (elapsed - mean) / (standardDeviation * 2.0.squareRoot())
    // P(heartbeat later than elapsed) = 1 - F = erfc(z) / 2.
    let tail = 0.5 * erfc(z)
    let value: Double
    if tail > 1e-300 {
      value = -log10(tail)
    } else {
      // Far in the tail erfc underflows; its asymptotic form keeps phi finite and increasing.
      let lnErfc = -z * z - log(z * Double.pi.squareRoot()) + log1p(-1 / (2 * z * z))
      value = -(log(0.5) + lnErfc) / log(10.0)
    }
    return value <= 0 ? 0 : value
  }

  /// phi now, for a node last heard from `elapsed` ms ago.
  public func phi(elapsed: SimTime, history: HeartbeatHistory) -> Double {
    Self.phi(
      elapsed: Double(elapsed), mean: history.mean + Double(acceptablePause),
      standardDeviation: max(history.standardDeviation, Self.minStandardDeviation))
  }

  /// The first whole millisecond of silence at which phi reaches the threshold.
  public func suspicionDelay(_ history: HeartbeatHistory) -> SimTime {
    var high: SimTime = 1
    while phi(elapsed: high, history: history) < threshold && high < 86_400_000 { high *= 2 }
    var low: SimTime = 0
    while low < high {
      let mid = (low + high) / 2
      if phi(elapsed: mid, history: history) >= threshold { high = mid } else { low = mid + 1 }
    }
    return low
  }
}
