import ReplLabKernel

/// Redis's min-replicas-to-write and min-replicas-max-lag: a master refuses writes (-NOREPLICAS)
/// while fewer than `toWrite` replicas have acknowledged within `maxLag`. Replicas acknowledge
/// every second (REPLCONF ACK), so a master cut off from its replicas stops taking writes at most
/// `maxLag` after it last heard from them: the bound on what a cut-off master accepts.
public struct MinReplicas: Sendable, Equatable {
  /// min-replicas-to-write: 0 (Redis's default) turns the check off.
  public var toWrite = 0
  /// min-replicas-max-lag: 10 s by default.
  public var maxLag: SimTime = 10_000
  /// How often a replica sends REPLCONF ACK to its master (Redis's replicationCron: every second).
  public static let ackInterval: SimTime = 1000

  public init(toWrite: Int = 0, maxLag: SimTime = 10_000) {
    self.toWrite = toWrite
    self.maxLag = maxLag
  }

  public var isOn: Bool { toWrite > 0 }
}
