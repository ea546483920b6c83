import Testing

@testable import ReplLabKernel
@testable import ReplLabModel

@Suite struct ReplicationLogTests {
  typealias Start = ReplicationLog.EpochStart

  static func entry(_ seq: Int, epoch: Int = 1, value: String? = nil) -> LogEntry {
    LogEntry(seq: seq, epoch: epoch, time: SimTime(seq * 10), op: .set(key: 0, value: value ?? "v\(seq)"))
  }

  /// A log holding `seqs`, all written in `epoch`, appended after `base`.
  static func log(_ seqs: ClosedRange<Int>, epoch: Int = 1, onto base: ReplicationLog = ReplicationLog())
    -> ReplicationLog
  {
    var log = base
    for s in seqs { log.append(entry(s, epoch: epoch)) }
    return log
  }

  @Test func emptyLog() {
    let log = ReplicationLog()
    #expect(log.lastSeq == 0)
    #expect(log.firstSeq == 1)
    #expect(log.isEmpty)
    #expect(log.history.isEmpty)
    #expect(log.lastEpoch == 0)
    #expect(log.entry(0) == nil)
    #expect(log.entry(1) == nil)
    #expect(log.entries(from: 1).isEmpty)
  }

  @Test func appendAndLookUp() {
    let log = Self.log(1...5)
    #expect(log.lastSeq == 5)
    #expect(log.firstSeq == 1)
    #expect(log.count == 5)
    #expect(log.entry(1) == Self.entry(1))
    #expect(log.entry(5) == Self.entry(5))
    #expect(log.entry(0) == nil)
    #expect(log.entry(6) == nil)
    #expect(log.entries(from: 4).map(\.seq) == [4, 5])
    #expect(log.entries(from: 6).isEmpty)
    #expect(log.history == [Start(epoch: 1, firstSeq: 1)])
    #expect(log.lastEpoch == 1)
  }

  @Test func appendInANewEpochExtendsHistory() {
    let log = Self.log(4...5, epoch: 3, onto: Self.log(1...3))
    #expect(log.history == [Start(epoch: 1, firstSeq: 1), Start(epoch: 3, firstSeq: 4)])
    #expect(log.lastEpoch == 3)
    #expect(log.epoch(at: 1) == 1)
    #expect(log.epoch(at: 3) == 1)
    #expect(log.epoch(at: 4) == 3)
    #expect(log.epoch(at: 5) == 3)
    #expect(log.epoch(at: 0) == nil)
    #expect(log.epoch(at: 6) == nil)
  }

  @Test func truncateReturnsRemovedEntriesOldestFirst() {
    var log = Self.log(1...5)
    let removed = log.truncate(after: 3)
    #expect(removed.map(\.seq) == [4, 5])
    #expect(removed == [Self.entry(4), Self.entry(5)])
    #expect(log.lastSeq == 3)
    #expect(log.count == 3)
    #expect(log.entry(4) == nil)
    #expect(log.entry(3) == Self.entry(3))
    // Appending continues from the truncation point.
    log.append(Self.entry(4, value: "new"))
    #expect(log.entry(4)?.op == .set(key: 0, value: "new"))
  }

  @Test func truncateAtOrPastTheEndRemovesNothing() {
    var log = Self.log(1...3)
    #expect(log.truncate(after: 3).isEmpty)
    #expect(log.truncate(after: 10).isEmpty)
    #expect(log.lastSeq == 3)
    #expect(log.count == 3)
  }

  @Test func truncateToZeroEmptiesTheLog() {
    var log = Self.log(1...3)
    #expect(log.truncate(after: 0).map(\.seq) == [1, 2, 3])
    #expect(log.lastSeq == 0)
    #expect(log.isEmpty)
    #expect(log.history.isEmpty)
  }

  @Test func truncateTrimsHistoryOfRemovedEpochs() {
    var log = Self.log(4...6, epoch: 2, onto: Self.log(1...3))
    #expect(log.history.count == 2)
    _ = log.truncate(after: 3)
    #expect(log.history == [Start(epoch: 1, firstSeq: 1)])
    #expect(log.lastEpoch == 1)
    // Writing epoch 3 afterwards starts a fresh step instead of extending epoch 2's.
    log.append(Self.entry(4, epoch: 3))
    #expect(log.history == [Start(epoch: 1, firstSeq: 1), Start(epoch: 3, firstSeq: 4)])
  }

  @Test func truncateInsideAnEpochKeepsItsStart() {
    var log = Self.log(4...6, epoch: 2, onto: Self.log(1...3))
    _ = log.truncate(after: 5)
    #expect(log.history == [Start(epoch: 1, firstSeq: 1), Start(epoch: 2, firstSeq: 4)])
  }

  @Test func purgeDropsOldEntriesButKeepsPositionsAndHistory() {
    var log = Self.log(4...5, epoch: 2, onto: Self.log(1...3))
    log.purge(through: 2)
    #expect(log.firstSeq == 3)
    #expect(log.lastSeq == 5)
    #expect(log.count == 3)
    #expect(log.entry(2) == nil)
    #expect(log.entry(3) == Self.entry(3))
    #expect(log.entries(from: 1).map(\.seq) == [3, 4, 5])
    #expect(log.history == [Start(epoch: 1, firstSeq: 1), Start(epoch: 2, firstSeq: 4)])
    #expect(log.epoch(at: 1) == 1)
    // Purging what is already gone does nothing.
    log.purge(through: 1)
    #expect(log.firstSeq == 3)
  }

  @Test func purgeEverything() {
    var log = Self.log(1...3)
    log.purge(through: 99)
    #expect(log.isEmpty)
    #expect(log.lastSeq == 3)
    #expect(log.firstSeq == 4)
    log.append(Self.entry(4))
    #expect(log.firstSeq == 4)
    #expect(log.entry(4) == Self.entry(4))
  }

  @Test func truncateAfterPurge() {
    var log = Self.log(1...5)
    log.purge(through: 2)
    let removed = log.truncate(after: 3)
    #expect(removed.map(\.seq) == [4, 5])
    #expect(log.firstSeq == 3)
    #expect(log.lastSeq == 3)
  }

  @Test func startingAfterASnapshot() {
    let log = ReplicationLog.startingAfter(
      7, history: [Start(epoch: 1, firstSeq: 1), Start(epoch: 2, firstSeq: 5), Start(epoch: 3, firstSeq: 8)])
    #expect(log.lastSeq == 7)
    #expect(log.firstSeq == 8)
    #expect(log.isEmpty)
    // The epoch starting after the snapshot is not part of it.
    #expect(log.history == [Start(epoch: 1, firstSeq: 1), Start(epoch: 2, firstSeq: 5)])
    #expect(log.epoch(at: 6) == 2)
  }

  // MARK: commonPrefix

  @Test func commonPrefixOfIdenticalLogs() {
    let a = Self.log(4...6, epoch: 2, onto: Self.log(1...3))
    let b = a
    #expect(a.commonPrefix(withHistory: b.history, lastSeq: b.lastSeq) == 6)
  }

  @Test func commonPrefixWithAReplicaBehind() {
    let master = Self.log(1...5)
    let replica = Self.log(1...3)
    #expect(master.commonPrefix(withHistory: replica.history, lastSeq: replica.lastSeq) == 3)
    #expect(replica.commonPrefix(withHistory: master.history, lastSeq: master.lastSeq) == 3)
  }

  @Test func commonPrefixWithAnEmptyReplica() {
    let master = Self.log(1...5)
    #expect(master.commonPrefix(withHistory: [], lastSeq: 0) == 0)
    let fresh = ReplicationLog.startingAfter(0, history: [Start(epoch: 1, firstSeq: 1)])
    #expect(master.commonPrefix(withHistory: fresh.history, lastSeq: fresh.lastSeq) == 0)
  }

  @Test func commonPrefixWithADivergedOldMaster() {
    // The old master wrote seqs 4-5 in epoch 1 that never left it; the new master took over at seq 3
    // in epoch 2 and wrote 4-6.
    let oldMaster = Self.log(1...5)
    var newMaster = Self.log(1...3)
    newMaster.beginEpoch(2)
    newMaster = Self.log(4...6, epoch: 2, onto: newMaster)
    #expect(newMaster.commonPrefix(withHistory: oldMaster.history, lastSeq: oldMaster.lastSeq) == 3)
    #expect(oldMaster.commonPrefix(withHistory: newMaster.history, lastSeq: newMaster.lastSeq) == 3)
  }

  @Test func commonPrefixWithADivergedOldMasterBeforeTheNewMasterWrites() {
    let oldMaster = Self.log(1...5)
    var newMaster = Self.log(1...3)
    newMaster.beginEpoch(2)
    #expect(newMaster.commonPrefix(withHistory: oldMaster.history, lastSeq: oldMaster.lastSeq) == 3)
    #expect(oldMaster.commonPrefix(withHistory: newMaster.history, lastSeq: newMaster.lastSeq) == 3)
  }

  @Test func commonPrefixAcrossSeveralEpochs() {
    // a: epoch 1 for 1-2, epoch 2 for 3-6.  b: epoch 1 for 1-2, epoch 2 for 3-4, epoch 3 for 5-8.
    let a = Self.log(3...6, epoch: 2, onto: Self.log(1...2))
    var b = Self.log(3...4, epoch: 2, onto: Self.log(1...2))
    b.beginEpoch(3)
    b = Self.log(5...8, epoch: 3, onto: b)
    #expect(a.commonPrefix(withHistory: b.history, lastSeq: b.lastSeq) == 4)
    #expect(b.commonPrefix(withHistory: a.history, lastSeq: a.lastSeq) == 4)
    // Diverged from the very first entry.
    let c = Self.log(1...4, epoch: 5)
    #expect(a.commonPrefix(withHistory: c.history, lastSeq: c.lastSeq) == 0)
  }

  @Test func commonPrefixWorksOnPurgedEntries() {
    var master = Self.log(1...10)
    master.purge(through: 8)
    let replica = Self.log(1...4)
    #expect(master.commonPrefix(withHistory: replica.history, lastSeq: replica.lastSeq) == 4)
  }

  // MARK: beginEpoch

  @Test func beginEpochMarksTheNextSeq() {
    var log = Self.log(1...3)
    log.beginEpoch(2)
    #expect(log.history == [Start(epoch: 1, firstSeq: 1), Start(epoch: 2, firstSeq: 4)])
    #expect(log.lastEpoch == 2)
    #expect(log.lastSeq == 3)
    // The fork point does not change the epoch of what was already written.
    #expect(log.epoch(at: 3) == 1)
    // Entries of the new epoch do not add another step.
    log.append(Self.entry(4, epoch: 2))
    #expect(log.history == [Start(epoch: 1, firstSeq: 1), Start(epoch: 2, firstSeq: 4)])
    #expect(log.epoch(at: 4) == 2)
  }

  @Test func beginEpochTwiceWithoutWritesKeepsOnlyTheNewest() {
    var log = Self.log(1...3)
    log.beginEpoch(2)
    log.beginEpoch(3)
    #expect(log.history == [Start(epoch: 1, firstSeq: 1), Start(epoch: 3, firstSeq: 4)])
    #expect(log.lastEpoch == 3)
  }

  @Test func beginEpochOnAnEmptyLog() {
    var log = ReplicationLog()
    log.beginEpoch(4)
    #expect(log.history == [Start(epoch: 4, firstSeq: 1)])
    log.append(Self.entry(1, epoch: 4))
    #expect(log.history == [Start(epoch: 4, firstSeq: 1)])
  }

  @Test func setBeforeStoresTheBeforeImage() {
    var log = Self.log(1...3)
    log.setBefore("old", at: 2)
    #expect(log.entry(2)?.before == "old")
    #expect(log.entry(1)?.before == nil)
    // Out of range is ignored.
    log.setBefore("x", at: 9)
    #expect(log.count == 3)
  }
}
