import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// `apply-delay NODE DURATION|off`.
  public static func applyDelay(_ name: String, delay: SimTime?, in cluster: Cluster) -> String {
    guard let delay else {
      return "\(name) applies entries as they arrive again (recovery_min_apply_delay 0, SOURCE_DELAY 0)."
    }
    return """
      \(name) now applies each entry \(delay.durationText) after the master committed it \
      (recovery_min_apply_delay, SOURCE_DELAY); it still receives and acknowledges everything at once.
      """
  }
}

extension Refusal {
  public static func delayMaster(_ name: String) -> String {
    "\(name) is the master; `apply-delay` holds back what a replica applies"
  }
}
