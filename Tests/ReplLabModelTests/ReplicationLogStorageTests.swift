import Testing

@testable import ReplLabModel

/// The log keeps its entries compact and in chunks; what it hands back must be exactly what was
/// appended, across chunk boundaries, after retention and after a rollback.
@Suite struct ReplicationLogStorageTests {
  private func entry(_ seq: Int, epoch: Int = 1, statement: Expression? = nil) -> LogEntry {
    let key = KeyTable.ID(seq % 7)
    let op: Operation = seq % 5 == 0 ? .delete(key: key) : .set(key: key, value: "v\(seq)")
    return LogEntry(seq: seq, epoch: epoch, time: simTime(seq), op: op, statement: statement)
  }

  private func simTime(_ seq: Int) -> Int64 { Int64(seq) * 3 }

  private func log(_ n: Int) -> ReplicationLog {
    var log = ReplicationLog()
    for s in 1...n { log.append(entry(s, epoch: s <= n / 2 ? 1 : 2)) }
    return log
  }

  /// What a log keeps per entry: 56 bytes where a `LogEntry` takes 80 (the seq is the entry's place).
  @Test func anEntryIsKeptInFiftySixBytes() {
    #expect(MemoryLayout<StoredEntry>.stride == 56)
    #expect(MemoryLayout<LogEntry>.stride == 80)
  }

  @Test func entriesComeBackAsAppendedAcrossChunks() {
    let n = EntryChunks.chunkSize * 2 + 10
    let l = log(n)
    #expect(l.count == n)
    for s in [1, 2, EntryChunks.chunkSize, EntryChunks.chunkSize + 1, n - 1, n] {
      #expect(l.entry(s) == entry(s, epoch: s <= n / 2 ? 1 : 2), "seq \(s)")
    }
    #expect(l.entries(from: EntryChunks.chunkSize - 1, limit: 3).map(\.seq) == Array((4095...4097)))
  }

  @Test func purgeAndTruncateAcrossChunkBoundaries() {
    let n = EntryChunks.chunkSize * 3
    var l = log(n)
    l.purge(through: EntryChunks.chunkSize + 5)
    #expect(l.firstSeq == EntryChunks.chunkSize + 6)
    #expect(l.entry(EntryChunks.chunkSize + 5) == nil)
    #expect(l.entry(EntryChunks.chunkSize + 6)?.seq == EntryChunks.chunkSize + 6)
    let removed = l.truncate(after: EntryChunks.chunkSize * 2 - 3)
    #expect(removed.map(\.seq) == Array((EntryChunks.chunkSize * 2 - 2)...n))
    #expect(l.lastSeq == EntryChunks.chunkSize * 2 - 3)
    #expect(l.count == EntryChunks.chunkSize - 8)
    l.append(entry(l.lastSeq + 1, epoch: 3))
    #expect(l.entry(l.lastSeq)?.epoch == 3)
    #expect(l.entries(from: 0).map(\.seq) == Array(l.firstSeq...l.lastSeq))
    l.purge(through: l.lastSeq)
    #expect(l.isEmpty)
    #expect(l.firstSeq == l.lastSeq + 1)
  }

  @Test func beforeImagesAndStatementsSurviveCompaction() {
    var l = ReplicationLog()
    let statements: [Expression?] = [nil, .literal("v1"), .literal("other"), .now, .sysdate, .rand, .uuid, .increment]
    for (i, st) in statements.enumerated() { l.append(entry(i + 1, statement: st)) }
    l.setBefore("old", at: 3)
    for (i, st) in statements.enumerated() {
      #expect(l.entry(i + 1)?.statement == st, "statement \(i + 1)")
    }
    #expect(l.entry(3)?.before == "old")
    #expect(l.entry(2)?.before == nil)
    _ = l.truncate(after: 2)
    l.append(entry(3, statement: .literal("v3")))
    #expect(l.entry(3)?.statement == .literal("v3"), "a rolled-back unusual statement is forgotten")
  }
}
