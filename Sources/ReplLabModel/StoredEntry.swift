import ReplLabKernel

/// One log entry as a log keeps it: 56 bytes where a `LogEntry` takes 80. The seq is its place in
/// the log, so it is not stored; the epoch and the key are 32-bit; a statement is a one-byte code,
/// because all but hand-made ones are a function or the value itself.
struct StoredEntry: Sendable {
  var time: SimTime
  /// The value set, or nil for a delete.
  var value: String?
  var before: String?
  var key: KeyTable.ID
  var epoch: Int32
  var statement: StatementCode

  /// How the entry's statement is kept: the functions by name, a literal as "the value written".
  enum StatementCode: UInt8, Sendable {
    case none, literal, now, sysdate, rand, uuid, increment
    /// A literal other than the value written: the log keeps it beside the entries.
    case unusual
  }

  /// `e` in compact form, with `before` as its before-image (a received entry has none yet).
  init(_ e: borrowing LogEntry, before: String?) {
    time = e.time
    self.before = before
    // Epochs grow by one per promotion: two billion of them are out of any session's reach.
    epoch = Int32(truncatingIfNeeded: e.epoch)
    switch e.op {
    case .set(let k, let v):
      key = k
      value = v
    case .delete(let k):
      key = k
      value = nil
    }
    switch e.statement {
    case nil: statement = .none
    case .literal(let text)?: statement = text == value ? .literal : .unusual
    case .now?: statement = .now
    case .sysdate?: statement = .sysdate
    case .rand?: statement = .rand
    case .uuid?: statement = .uuid
    case .increment?: statement = .increment
    }
  }

  /// The entry as the rest of the lab sees it, at `seq`; `unusual` is the statement kept beside the
  /// log when the code says so.
  func entry(seq: Int, unusual: Expression?) -> LogEntry {
    let op: Operation = value.map { .set(key: key, value: $0) } ?? .delete(key: key)
    let s: Expression?
    switch statement {
    case .none: s = nil
    case .literal: s = value.map(Expression.literal)
    case .now: s = .now
    case .sysdate: s = .sysdate
    case .rand: s = .rand
    case .uuid: s = .uuid
    case .increment: s = .increment
    case .unusual: s = unusual
    }
    return LogEntry(seq: seq, epoch: Int(epoch), time: time, op: op, statement: s, before: before)
  }
}
