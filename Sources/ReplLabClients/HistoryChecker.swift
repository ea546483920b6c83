import DequeModule
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Judges a history of client operations by what it shows alone, as Jepsen's Elle does, and names
/// each read that broke read-your-writes, monotonic reads or consistent prefix reads.
///
/// Every read carries the version it returned: the seq of the write its value came from. In one
/// replication log, seq order is the order of writes, so each guarantee becomes a comparison of seqs:
/// - read-your-writes: a read of key k returns a version older than the client's own last
///   acknowledged write to k;
/// - monotonic reads: a read of key k returns a version older than one the client already read for k;
/// - consistent prefix: the client already read a write w (on another key), and now reads key k
///   without a write to k that came before w in the log.
///
/// It checks incrementally: `observe` takes operations in order and returns the violations each one
/// reveals, so the lab can say so the moment a read breaks a guarantee, and `check` runs a fresh
/// checker over a whole history with exactly the same verdicts.
///
/// Simplified: after a failover that lost writes, the new master reuses their seqs; the checker then
/// trusts the newer writes and its verdicts about reads of the lost ones are approximate. Like the
/// history, it remembers writes only within the newest `window` operations, so a long run does not
/// grow it without bound: a read is judged against the writes the history still shows.
public struct HistoryChecker: Sendable {
  /// How many of the newest operations the writes it remembers come from.
  public let window: Int
  /// Per client and key, its latest acknowledged write.
  private var ownWrites: [String: [String: ClientOperation]] = [:]
  /// Per client and key, the read that returned the newest version.
  private var newestRead: [String: [String: ClientOperation]] = [:]
  /// Per client, the reads with the newest versions on two different keys (a read of key k is
  /// judged against the best one on a key other than k).
  private var newestTwo: [String: (ClientOperation, ClientOperation?)] = [:]
  /// Per key, its writes in seq order.
  private var writes: [String: Deque<ClientOperation>] = [:]
  /// Every remembered write's key and number, oldest first: which one to forget next.
  private var writeOrder: Deque<(key: String, number: Int)> = []

  public init(window: Int = ClientHistory.defaultCapacity) {
    self.window = max(1, window)
  }

  /// Every violation in `operations`, in history order.
  public static func check(_ operations: some Sequence<ClientOperation>) -> [Violation] {
    var checker = HistoryChecker()
    var found: [Violation] = []
    for op in operations { found += checker.observe(op) }
    return found
  }

  /// Takes the next operation of the history; returns the violations it reveals.
  public mutating func observe(_ op: ClientOperation) -> [Violation] {
    switch op.kind {
    case .write(_, let seq, _, let acknowledged):
      forget(before: op.number)
      // A seq at or below the newest one means a failover replaced those writes: keep the new line.
      func add(_ op: ClientOperation, to list: inout Deque<ClientOperation>) {
        while let last = list.last, last.version >= seq { list.removeLast() }
        list.append(op)
      }
      add(op, to: &writes[op.key, default: []])
      writeOrder.append((op.key, op.number))
      if acknowledged { ownWrites[op.client, default: [:]][op.key] = op }
      return []
    case .noAnswer:
      return []
    case .read:
      let found = violations(of: op)
      remember(op)
      return found
    }
  }

  /// Forgets writes that fell out of the window that ends at operation `number`.
  private mutating func forget(before number: Int) {
    while let oldest = writeOrder.first, oldest.number <= number - window {
      writeOrder.removeFirst()
      // A failover may already have replaced it; otherwise it is the oldest write to its key.
      if writes[oldest.key]?.first?.number == oldest.number {
        writes[oldest.key]!.removeFirst()
        if writes[oldest.key]!.isEmpty { writes[oldest.key] = nil }
      }
    }
  }

  private func violations(of read: ClientOperation) -> [Violation] {
    var found: [Violation] = []
    let v = read.version
    if let own = ownWrites[read.client]?[read.key], v < own.version {
      found.append(Violation(guarantee: .readYourWrites, read: read, earlier: own, missed: nil))
    }
    if let seen = newestRead[read.client]?[read.key], v < seen.version {
      found.append(Violation(guarantee: .monotonicReads, read: read, earlier: seen, missed: nil))
    }
    if let witness = newestOnOtherKey(for: read), witness.version > v,
      let before = latestWrite(to: read.key, before: witness.version), before.version > v
    {
      found.append(Violation(guarantee: .consistentPrefix, read: read, earlier: witness, missed: before))
    }
    return found
  }

  private mutating func remember(_ read: ClientOperation) {
    if read.version > (newestRead[read.client]?[read.key]?.version ?? -1) {
      newestRead[read.client, default: [:]][read.key] = read
    }
    guard read.version > 0 else { return }
    guard let (best, second) = newestTwo[read.client] else {
      newestTwo[read.client] = (read, nil)
      return
    }
    var top = [best] + (second.map { [$0] } ?? [])
    if let i = top.firstIndex(where: { $0.key == read.key }) {
      if read.version > top[i].version { top[i] = read }
    } else {
      top.append(read)
    }
    top.sort { $0.version > $1.version }
    newestTwo[read.client] = (top[0], top.count > 1 ? top[1] : nil)
  }

  private func newestOnOtherKey(for read: ClientOperation) -> ClientOperation? {
    guard let (best, second) = newestTwo[read.client] else { return nil }
    return best.key != read.key ? best : second
  }

  /// The newest write to `key` with a seq below `seq`.
  private func latestWrite(to key: String, before seq: Int) -> ClientOperation? {
    guard let list = writes[key] else { return nil }
    // Binary search: the first write at or after `seq`; the one before it is the answer.
    var lo = 0
    var hi = list.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if list[mid].version < seq { lo = mid + 1 } else { hi = mid }
    }
    return lo > 0 ? list[lo - 1] : nil
  }
}
