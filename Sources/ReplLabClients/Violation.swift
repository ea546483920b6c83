import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// One read that broke a guarantee, with the operations that show it.
public struct Violation: Sendable, Equatable {
  public let guarantee: Guarantee
  /// The read that broke the guarantee.
  public let read: ClientOperation
  /// What the read contradicts: for read-your-writes the client's own write; for monotonic reads the
  /// client's earlier read of a newer version of the key; for consistent prefix the client's earlier
  /// read of a write that came later in the log than one this read misses.
  public let earlier: ClientOperation
  /// Consistent prefix only: the write to the read's key, earlier in the log than what `earlier`
  /// saw, that this read did not show.
  public let missed: ClientOperation?
}
