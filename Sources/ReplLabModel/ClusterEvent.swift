import ReplLabKernel

/// Something that happened inside the simulation while a command ran, worth one line of output.
///
/// The model records these and never prints; the presentation layer turns them into sentences.
public struct ClusterEvent: Sendable {
  public let time: SimTime
  public let what: Happening

  public enum Happening: Sendable {
    /// A message fault hit: a message lost (and retransmitted, if it rode TCP) or two reordered.
    case messageFault(MessageFaultHit)
    /// A replica stored entries `first...last` and has now applied up to `applied`.
    case replicated(node: String, first: Int, last: Int, applied: Int)
    /// Many deliveries to one replica folded into one (see `EventJournal`): `messages` messages from
    /// this event's time `until` the last, carrying seq `first...last`; now applied up to `applied`.
    case replicatedSummary(node: String, first: Int, last: Int, applied: Int, messages: Int, until: SimTime)
    /// A node rolled back entries the new master does not have.
    case rolledBack(node: String, master: String, discarded: [LogEntry])
    /// `rejoin rewind`: pg_rewind took the node back to where its history forked from `master`'s,
    /// discarding `count` entries without listing them.
    case rewound(node: String, master: String, forkSeq: Int, count: Int)
    /// `rejoin manual`: the node's history forked after `forkSeq` and it refuses to follow `master`
    /// in `epoch` (PostgreSQL: "requested timeline is not a child of this server's history").
    case divergedStaysOut(node: String, master: String, epoch: Int, forkSeq: Int, last: Int)
    /// `rejoin full-resync`: the node drops its data set and loads a full copy from `master`.
    case fullResync(node: String, master: String, discarded: [LogEntry])
    /// `rejoin keep`: the node follows `master` and keeps the writes it lacks as errant transactions.
    case keptErrant(node: String, master: String, kept: [LocalTransaction])
    /// With GTIDs, a replica that follows `master` received the local transactions it lacked.
    case errantSpread(node: String, master: String, received: [LocalTransaction])
    /// A node started following `master` after a restart.
    case rejoined(node: String, master: String, epoch: Int)
    /// Semi-sync gave up waiting for `seq` and the master went on asynchronously.
    case semiSyncOff(master: String, seq: Int, waited: SimTime)
    /// A replica caught up and the master switched semi-sync back on.
    case semiSyncOn(master: String, replica: String, seq: Int)
    /// A write whose command had already returned was finally acknowledged to its client.
    case lateAcknowledgement(seq: Int, waited: SimTime, mode: SyncMode, level: CommitLevel, by: [String])
    /// The master crashed while a client waited for `seq`: the client cannot know the outcome.
    case clientCutOff(master: String, seqs: [Int])
    /// Too few synchronous standbys are connected; `sync-fallback async` lets writes through.
    case syncDegraded(master: String, seq: Int)
    /// Enough synchronous standbys again: commits wait for them once more.
    case syncRestored(master: String, seq: Int)
    /// Under FIRST n, the synchronous standbys changed (one disconnected, a potential one took over).
    case syncStandbysChanged(master: String, now: [String], before: [String])
    /// The master no longer has the log a replica needs.
    case logPurged(node: String, master: String, needed: Int, oldest: Int, auto: Bool)
    /// A snapshot is on its way to a replica.
    case snapshotSent(node: String, master: String, seq: Int, keys: Int, transfer: SimTime)
    /// A replica loaded a snapshot and streams from the next seq.
    case snapshotLoaded(node: String, seq: Int, keys: Int)
    /// A node's history forked before the oldest entry it keeps, so it cannot roll back and needs a snapshot.
    case cannotRewind(node: String, master: String, forkSeq: Int, oldest: Int)
    /// TCP gave up retransmitting on the connection between a replica and its master; the replica
    /// connects again.
    case connectionBroken(replica: String, master: String, retransmissions: Int)
    /// The master's sender to a replica whose host died timed out after `after` (wal_sender_timeout).
    case senderTimedOut(replica: String, master: String, after: SimTime)
    /// A traffic generator finished.
    case loadFinished(id: Int, writes: Int, acknowledged: Int, failed: Int, firstSeq: Int?, lastSeq: Int?)
    /// Failure detection, elections, promotion, fencing and client routing (see ControlEvent).
    case control(any ControlNotice)
  }
}
