import ReplLabKernel

/// A node's durable replication log (the master's binlog/WAL, a replica's relay log) plus the history
/// of epochs it contains.
///
/// The epoch history is what PostgreSQL keeps as timeline history files: for each epoch, the first
/// sequence number written in it. Two logs agree on every entry up to the last sequence number at
/// which their epochs agree (an epoch has exactly one master), so comparing histories finds where a
/// node diverged without shipping the log.
public struct ReplicationLog: Sendable {
  /// An epoch and the first sequence number written in it.
  public struct EpochStart: Sendable, Equatable {
    public let epoch: Int
    public let firstSeq: Int
  }

  /// The entries kept, oldest first, compact (`StoredEntry`) and in chunks (`EntryChunks`): a node
  /// keeps a million of them without retention.
  private var stored = EntryChunks()
  /// Statements that are literals other than the value they wrote (only ever made by hand): the
  /// compact form cannot say them.
  private var unusualStatements: [Int: Expression] = [:]
  /// Sequence number of the newest entry (0 when nothing was ever written).
  private(set) public var lastSeq = 0
  private(set) public var history: [EpochStart] = []

  public init() {}

  /// Sequence number of the oldest entry still kept; `lastSeq + 1` when the log is empty.
  public var firstSeq: Int { lastSeq - stored.count + 1 }

  /// How many entries are kept.
  public var count: Int { stored.count }
  /// Whether no entry is kept.
  public var isEmpty: Bool { stored.count == 0 }
  public var lastEpoch: Int { history.last?.epoch ?? 0 }

  public func entry(_ seq: Int) -> LogEntry? {
    let i = seq - firstSeq
    return i >= 0 && i < stored.count ? materialize(i) : nil
  }

  /// Entries from `seq` (inclusive) to the end, or at most `limit` of them, as far as they are kept.
  public func entries(from seq: Int, limit: Int = .max) -> [LogEntry] {
    let start = max(seq, firstSeq) - firstSeq
    guard start < stored.count else { return [] }
    let end = start + min(limit, stored.count - start)
    var result: [LogEntry] = []
    result.reserveCapacity(end - start)
    for i in start..<end { result.append(materialize(i)) }
    return result
  }

  public mutating func append(_ entry: LogEntry) {
    append(StoredEntry(entry, before: entry.before), of: entry)
  }

  /// Appends entries a replica received, without the sender's before-images (each node keeps its own).
  public mutating func append(received: ArraySlice<LogEntry>) {
    // Field by field through the buffer: copying whole entries out (strings retained and released
    // again) cost more than storing them.
    received.withUnsafeBufferPointer { buffer in
      for i in buffer.indices {
        append(StoredEntry(buffer[i], before: nil), of: buffer[i])
      }
    }
  }

  private mutating func append(_ e: StoredEntry, of entry: borrowing LogEntry) {
    precondition(entry.seq == lastSeq + 1, "log entries must be appended in sequence order")
    if entry.epoch != lastEpoch { history.append(EpochStart(epoch: entry.epoch, firstSeq: entry.seq)) }
    if e.statement == .unusual { unusualStatements[entry.seq] = entry.statement }
    stored.append(e)
    lastSeq = entry.seq
  }

  /// What applying entry `seq` needs, read without making a `LogEntry` (applying is the hot path):
  /// its key, the value its row image sets (nil deletes), and whether it carries a statement.
  public func row(_ seq: Int) -> (key: KeyTable.ID, value: String?, hasStatement: Bool)? {
    let i = seq - firstSeq
    guard i >= 0 && i < stored.count else { return nil }
    let e = stored[i]
    return (e.key, e.value, e.statement != .none)
  }

  /// Records that writes from the next sequence number on belong to `epoch` (a promotion), so a
  /// follower comparing histories sees where this master's timeline forked.
  public mutating func beginEpoch(_ epoch: Int) {
    history.removeAll { $0.firstSeq > lastSeq }
    history.append(EpochStart(epoch: epoch, firstSeq: lastSeq + 1))
  }

  /// Replaces the before-image stored with entry `seq` (set when this node applies it).
  public mutating func setBefore(_ value: String?, at seq: Int) {
    let i = seq - firstSeq
    if i >= 0 && i < stored.count { stored[i].before = value }
  }

  /// Epoch of the entry at `seq` according to the history (works for purged entries too).
  public func epoch(at seq: Int) -> Int? {
    guard seq >= 1, seq <= lastSeq else { return nil }
    return history.last(where: { $0.firstSeq <= seq })?.epoch
  }

  /// The last sequence number this log shares with a log that has `otherHistory` and `otherLastSeq`.
  public func commonPrefix(withHistory otherHistory: [EpochStart], lastSeq otherLastSeq: Int) -> Int {
    var other = ReplicationLog()
    other.history = otherHistory
    other.lastSeq = otherLastSeq
    var s = min(lastSeq, otherLastSeq)
    // Epochs are step functions of seq; walking down over the steps of both finds the match fast.
    while s > 0 {
      let mine = epoch(at: s)
      let theirs = other.epoch(at: s)
      if mine == theirs { return s }
      let myStart = history.last(where: { $0.firstSeq <= s })?.firstSeq ?? 1
      let theirStart = otherHistory.last(where: { $0.firstSeq <= s })?.firstSeq ?? 1
      s = max(myStart, theirStart) - 1
    }
    return 0
  }

  /// Removes every entry after `seq` and returns them, oldest first.
  public mutating func truncate(after seq: Int) -> [LogEntry] {
    guard seq < lastSeq else { return [] }
    let keep = max(0, seq - firstSeq + 1)
    let removed = (keep..<stored.count).map(materialize)
    stored.removeLast(stored.count - keep)
    if !unusualStatements.isEmpty { unusualStatements = unusualStatements.filter { $0.key <= seq } }
    lastSeq = seq
    history.removeAll(where: { $0.firstSeq > seq })
    return removed
  }

  /// Drops entries up to and including `seq` (retention); the history is kept.
  public mutating func purge(through seq: Int) {
    let n = min(stored.count, max(0, seq - firstSeq + 1))
    if n > 0 { stored.removeFirst(n) }
    if !unusualStatements.isEmpty { unusualStatements = unusualStatements.filter { $0.key > seq } }
  }

  /// Starts a log that continues from a snapshot taken at `seq`, with the snapshot's epoch history.
  public static func startingAfter(_ seq: Int, history: [EpochStart]) -> ReplicationLog {
    var log = ReplicationLog()
    log.lastSeq = seq
    log.history = history.filter { $0.firstSeq <= seq }
    return log
  }

  /// The entry at index `i` of the kept entries, as the rest of the lab sees entries.
  private func materialize(_ i: Int) -> LogEntry {
    let e = stored[i]
    let seq = firstSeq + i
    return e.entry(seq: seq, unusual: e.statement == .unusual ? unusualStatements[seq] : nil)
  }
}
