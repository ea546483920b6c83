import ReplLab

/// Everything a command could change, captured so that two captures compare with `==`: the whole
/// interpreter, which is the cluster (data plane, control plane, the queue and the network), the
/// clients and their history, the session, the preset and the lesson being taken.
///
/// Nothing is copied field by field: a capture is a copy of the interpreter, which shares its
/// storage until one side changes (copy-on-write), and `==` walks both with `Mirror`
/// (`StateComparison`), so a stored property added anywhere in that state is compared without
/// anyone listing it. Only `scratch` is left out, by name and with its reason.
///
/// A refused line must leave it as it was. `differences(to:)` names the values that differ.
public struct StateDigest: Sendable, Equatable {
  /// The interpreter as it was when captured.
  public let state: Interpreter

  /// Stored properties that every line sets before it is parsed or refused, so they are not part
  /// of what a refused line may not change:
  /// - `DataPlane.commandStart`: when the running command began, set by `commandStarts()` at the
  ///   start of every command and read only while that command runs (to order its events).
  public static let scratch: StateComparison.Exclusions = ["DataPlane.commandStart"]

  public init(_ interpreter: Interpreter) {
    state = interpreter
  }

  public static func == (a: StateDigest, b: StateDigest) -> Bool {
    StateComparison.differences(a.state, b.state, excluding: scratch, limit: 1).isEmpty
  }

  /// The values that differ between two digests, one entry each (path, then both values), for a report.
  public func differences(to other: StateDigest, limit: Int = 20) -> [String] {
    StateComparison.differences(state, other.state, excluding: Self.scratch, limit: limit).map(\.description)
  }
}
