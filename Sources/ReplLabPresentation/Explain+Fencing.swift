import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// One line for what a fencing mechanism did.
  public static func fencing(_ e: FencingEvent) -> String {
    switch e {
    case .poweredOff(let node, let by, let wasRunning):
      return wasRunning
        ? "STONITH: \(by) cuts \(node)'s power through its fence device before promoting anyone: whatever its clients believe, \(node) can take no more writes. It stays off until `restart \(node)`."
        : "STONITH: \(by) cuts \(node)'s power through its fence device before promoting anyone; \(node) was down already and stays off until `restart \(node)`."
    }
  }
}
