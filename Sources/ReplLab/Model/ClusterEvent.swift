/// Something that happened inside the simulation while a command ran, worth one line of output.
///
/// The model records these and never prints; the presentation layer turns them into sentences.
public struct ClusterEvent: Sendable {
  public let time: SimTime
  public let what: Happening

  public enum Happening: Sendable {
    /// A replica stored entries `first...last` and has now applied up to `applied`.
    case replicated(node: String, first: Int, last: Int, applied: Int)
    /// A node rolled back entries the new master does not have.
    case rolledBack(node: String, master: String, discarded: [LogEntry])
    /// A node started following `master` after a restart.
    case rejoined(node: String, master: String, epoch: Int)
    /// Semi-sync gave up waiting for `seq` and the master went on asynchronously.
    case semiSyncOff(master: String, seq: Int, waited: SimTime)
    /// A replica caught up and the master switched semi-sync back on.
    case semiSyncOn(master: String, replica: String, seq: Int)
    /// A write whose command had already returned was finally acknowledged to its client.
    case lateAcknowledgement(seq: Int, waited: SimTime, mode: SyncMode, by: [String])
    /// The master crashed while a client waited for `seq`: the client cannot know the outcome.
    case clientCutOff(master: String, seqs: [Int])
    /// Failure detection, elections, promotion, fencing and client routing (see ControlEvent).
    case control(ControlEvent)
  }
}
