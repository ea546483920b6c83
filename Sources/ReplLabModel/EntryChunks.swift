import DequeModule

/// A log's entries in fixed-size chunks, oldest first. A log without retention grows to a million
/// entries per node: chunks never copy what they already hold to grow (a single array briefly holds
/// its old and new buffers, half as much again), retention drops whole chunks from the front, and a
/// copy of the cluster (undo, what-if) shares every chunk until one is written.
struct EntryChunks: Sendable {
  /// 4,096 entries of 56 bytes: 224 KiB a chunk.
  static let shift = 12
  static let chunkSize = 1 << shift
  static let mask = chunkSize - 1

  private var chunks: Deque<ContiguousArray<StoredEntry>> = []
  /// Entries already dropped from the front of the first chunk.
  private var head = 0
  private(set) var count = 0

  subscript(i: Int) -> StoredEntry {
    get {
      let j = i + head
      return chunks[j >> Self.shift][j & Self.mask]
    }
    _modify {
      let j = i + head
      yield &chunks[j >> Self.shift][j & Self.mask]
    }
  }

  mutating func append(_ e: StoredEntry) {
    if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkSize {
      chunks.append([])
    }
    chunks[chunks.count - 1].append(e)
    count += 1
  }

  /// Drops the `n` oldest entries.
  mutating func removeFirst(_ n: Int) {
    precondition(n >= 0 && n <= count, "cannot drop \(n) of \(count) entries")
    count -= n
    if count == 0 {
      removeAll()
      return
    }
    head += n
    while head >= Self.chunkSize {
      chunks.removeFirst()
      head -= Self.chunkSize
    }
  }

  /// Drops the `n` newest entries.
  mutating func removeLast(_ n: Int) {
    precondition(n >= 0 && n <= count, "cannot drop \(n) of \(count) entries")
    count -= n
    if count == 0 {
      removeAll()
      return
    }
    var left = n
    while left > 0 {
      let last = chunks.count - 1
      let live = chunks[last].count - (last == 0 ? head : 0)
      if live <= left {
        chunks.removeLast()
        left -= live
      } else {
        chunks[last].removeLast(left)
        left = 0
      }
    }
  }

  mutating func removeAll() {
    chunks.removeAll()
    head = 0
    count = 0
  }
}
