import ReplLabKernel

/// `load N writes [over DURATION] [keys K]`: client traffic spread evenly over simulated time.
package struct LoadGenerator: Sendable {
  package let id: Int
  package let total: Int
  package let start: SimTime
  package let duration: SimTime
  package let keys: Int
  package var issued = 0
  package var acknowledged = 0
  package var failed = 0
  package var firstSeq: Int?
  package var lastSeq: Int?

  /// When write number `i` (0-based) is due: evenly spaced, the last at the end of the duration.
  package func time(of i: Int) -> SimTime {
    total <= 1 ? start : start + SimTime(i) * duration / SimTime(total - 1)
  }
}
