/// Counts over many fault runs, and the determinism check: each schedule runs twice and the two
/// transcripts must be byte-identical.
public struct FaultTally: Sendable {
  public private(set) var schedules = 0
  public private(set) var lines = 0
  public private(set) var refused = 0
  public private(set) var promotions = 0
  public private(set) var acknowledgements = 0
  /// Acknowledged writes lost because the promoted node had not acknowledged them (allowed).
  public private(set) var lostLegitimately = 0
  /// Schedules that ended with keys an unsafe statement made differ, reported by `diff` (allowed).
  public private(set) var divergedUnsafely = 0

  public init() {}

  /// Adds `run`; returns its violation, or a determinism violation when `replay` (the same
  /// schedule run again) printed anything different.
  public mutating func add(_ run: FaultRun, replay: FaultRun?) -> InvariantViolation? {
    schedules += 1
    lines += run.lines.count
    refused += run.refused
    promotions += run.checker.promotions
    acknowledgements += run.checker.acknowledgements
    lostLegitimately += run.checker.lostLegitimately
    if run.diverged { divergedUnsafely += 1 }
    if let v = run.violation { return v }
    // The same printed text wraps to the same transcript: only a difference needs the wrapping.
    guard let replay, replay.printed != run.printed else { return nil }
    let a = run.transcript.split(separator: "\n", omittingEmptySubsequences: false)
    let b = replay.transcript.split(separator: "\n", omittingEmptySubsequences: false)
    let i = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) ?? min(a.count, b.count)
    let first = i < a.count ? String(a[i]) : "(end)"
    let second = i < b.count ? String(b[i]) : "(end)"
    return InvariantViolation(
      .determinism, line: FaultRun.header + run.lines.count,
      "two runs differ at transcript line \(i + 1): \(first.debugDescription) then \(second.debugDescription)")
  }

  /// One paragraph, the same for the same runs.
  public var summary: String {
    """
    \(schedules) fault schedules, \(lines) lines (\(refused) refused as a learner's mistakes would be), \
    each run twice with identical output. \(promotions) promotions; \(acknowledgements) writes acknowledged \
    with replicas holding them, of which \(lostLegitimately) were lost to a promoted node that had not \
    acknowledged them (allowed); \(divergedUnsafely) schedules ended with unsafe statements diverging, \
    reported by diff (allowed). No invariant was broken.
    """
  }
}
