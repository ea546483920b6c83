import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension FailureDetector {
  /// `timeout 30 s` or `phi accrual, threshold 8`.
  public var description: String {
    switch self {
    case .timeout(let d): "timeout \(d.timeout.durationText)"
    case .phiAccrual(let d):
      d.acceptablePause == 0
        ? "phi accrual, threshold \(PhiAccrualDetector.text(d.threshold))"
        : "phi accrual, threshold \(PhiAccrualDetector.text(d.threshold)), pause \(d.acceptablePause.durationText)"
    }
  }
}

extension PhiAccrualDetector {
  /// `8`, `8.5`, `0.75`: a threshold as a learner would type it.
  public static func text(_ x: Double) -> String {
    var s = Explain.fixed(x, 2)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
  }
}
