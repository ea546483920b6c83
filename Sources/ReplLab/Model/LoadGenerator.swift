/// `load N writes [over DURATION] [keys K]`: client traffic spread evenly over simulated time.
struct LoadGenerator: Sendable {
  let id: Int
  let total: Int
  let start: SimTime
  let duration: SimTime
  let keys: Int
  var issued = 0
  var acknowledged = 0
  var failed = 0
  var firstSeq: Int?
  var lastSeq: Int?

  /// When write number `i` (0-based) is due: evenly spaced, the last at the end of the duration.
  func time(of i: Int) -> SimTime {
    total <= 1 ? start : start + SimTime(i) * duration / SimTime(total - 1)
  }
}
