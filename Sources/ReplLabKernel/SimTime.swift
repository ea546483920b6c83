/// Simulated time in milliseconds since the lab started. The lab never reads a wall clock: time moves
/// only when the simulation delivers a message, fires a timer, or a command such as `wait` asks it to.
public typealias SimTime = Int64

extension SimTime {
  /// `1234` as `1.234s`: the form every prompt and event line uses, fixed width after the point so
  /// columns of times line up.
  public var secondsText: String {
    let whole = self / 1000
    let frac = self % 1000
    let fracText = String(frac)
    return "\(whole)." + String(repeating: "0", count: 3 - fracText.count) + fracText + "s"
  }

  /// A duration for a sentence: `10 ms`, `1.5 s`, `2 min 5 s`.
  public var durationText: String {
    if self < 1000 { return "\(self) ms" }
    if self < 60_000 {
      var frac = String(self % 1000)
      frac = String(repeating: "0", count: 3 - frac.count) + frac
      while frac.hasSuffix("0") { frac.removeLast() }
      return frac.isEmpty ? "\(self / 1000) s" : "\(self / 1000).\(frac) s"
    }
    let minutes = self / 60_000
    let seconds = (self % 60_000) / 1000
    return seconds == 0 ? "\(minutes) min" : "\(minutes) min \(seconds) s"
  }
}
