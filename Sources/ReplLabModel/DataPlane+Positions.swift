import ReplLabKernel

/// Where a replica stopped, told as MySQL tells it: a byte offset in one server's binary log
/// (gtid_mode=OFF) or a set of global transaction ids (gtid_mode=ON); writes made on a replica
/// (errant transactions); and re-pointing a replica to another source (CHANGE REPLICATION SOURCE).
extension DataPlane {
  /// Where a binlog file's first event starts: the 4-byte magic number, the format description
  /// and the previous-GTIDs events (MySQL 8 reports 157 for a new file).
  public static let binlogHeaderBytes = 157
  /// What one lab write takes in a binlog besides its key and value: GTID (or anonymous GTID),
  /// BEGIN, table map, row event and XID events.
  public static let binlogEventOverhead = 254

  /// A server_uuid for `name`, the same every run: hexadecimal digits hashed from the name in
  /// the 8-4-4-4-12 form MySQL shows.
  public static func serverUUID(of name: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    var digits = ""
    var round = 0
    while digits.count < 32 {
      for b in name.utf8 {
        h ^= UInt64(b)
        h = h &* 0x0000_0100_0000_01B3
      }
      h ^= UInt64(round)
      // splitmix64's finalizer: names that differ in one letter get unrelated digits.
      var z = h &+ 0x9E37_79B9_7F4A_7C15
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      let hex = String(z, radix: 16, uppercase: true)
      digits += String(repeating: "0", count: 16 - hex.count) + hex
      round += 1
    }
    let d = Array(digits.prefix(32))
    return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(d[$0]) }.joined(separator: "-")
  }

  public mutating func setPositions(_ view: PositionView) { positions = view }
  public mutating func setRejoinMode(_ mode: RejoinMode) { rejoinMode = mode }

  /// The GTIDs of the entries in `name`'s log up to `last` (its applied seq by default:
  /// gtid_executed; its received seq: Retrieved_Gtid_Set), with its local transactions.
  public func gtidSet(of name: String, through last: Int? = nil, local: Bool = true) -> GTIDSet {
    guard let n = nodes[name] else { return GTIDSet() }
    let last = last ?? n.applied
    var set = GTIDSet()
    let history = n.log.history
    for (i, start) in history.enumerated() {
      let end = min(last, i + 1 < history.count ? history[i + 1].firstSeq - 1 : n.log.lastSeq)
      guard end >= start.firstSeq, let origin = masterOfEpoch[start.epoch] else { continue }
      let base = gtidBase[start.epoch] ?? 0
      set.insert(origin, (base + 1)...(base + end - start.firstSeq + 1))
    }
    if local { for t in n.localTransactions { set.insert(t.origin, t.number) } }
    return set
  }

  /// The GTID of entry `seq` in `name`'s log.
  public func gtid(of seq: Int, on name: String) -> (origin: String, number: Int)? {
    guard let n = nodes[name], let start = n.log.history.last(where: { $0.firstSeq <= seq }),
      seq <= n.log.lastSeq, let origin = masterOfEpoch[start.epoch]
    else { return nil }
    return (origin, (gtidBase[start.epoch] ?? 0) + seq - start.firstSeq + 1)
  }

  /// Bytes entry `seq` takes in `name`'s binlog.
  func binlogBytes(of seq: Int, on name: String) -> Int {
    // The row image, read without making an entry: a position sums every write in its file.
    guard let row = nodes[name]?.log.row(seq) else { return Self.binlogEventOverhead + 8 }
    return Self.binlogEventOverhead + keys.name(row.key).utf8.count + (row.value?.utf8.count ?? 0)
  }

  /// Where each entry in `seqs` ends in `name`'s binlog (mysqlbinlog's end_log_pos), summed once.
  public func binlogEnds(of name: String, seqs: ClosedRange<Int>) -> [BinlogCoordinates?] {
    guard let n = nodes[name] else { return [] }
    var result: [BinlogCoordinates?] = []
    var current = binlogPosition(of: name, after: seqs.lowerBound - 1)
    for s in seqs {
      let file = n.binlogFiles.last(where: { $0.firstSeq <= s })
      if let c = current, file?.number == c.file, !n.localTransactions.contains(where: { $0.afterSeq == s - 1 }) {
        current = BinlogCoordinates(file: c.file, position: c.position + binlogBytes(of: s, on: name))
      } else {
        current = binlogPosition(of: name, after: s)
      }
      result.append(current)
    }
    return result
  }

  /// Where the event after entry `seq` starts in `name`'s own binlog, or nil when `seq` is older
  /// than that binlog (the node was built from a snapshot taken later).
  public func binlogPosition(of name: String, after seq: Int) -> BinlogCoordinates? {
    guard let n = nodes[name], let file = n.binlogFiles.last(where: { $0.firstSeq <= seq + 1 }) else { return nil }
    return BinlogCoordinates(file: file.number, position: offset(in: file, of: name, after: seq))
  }

  /// The offset in `file` of `name`'s binlog right after entry `seq` (the end of the file when
  /// `seq` is its last entry).
  func offset(in file: BinlogFile, of name: String, after seq: Int) -> Int {
    var position = Self.binlogHeaderBytes
    if seq >= file.firstSeq {
      for s in file.firstSeq...seq { position += binlogBytes(of: s, on: name) }
    }
    for t in nodes[name]!.localTransactions where t.afterSeq >= file.firstSeq - 1 && t.afterSeq < seq {
      position += Self.binlogEventOverhead + keys.name(t.key).utf8.count + (t.value?.utf8.count ?? 0)
    }
    return position
  }

  /// The entry after which `coordinates` fall in `name`'s binlog, or nil when they fall inside an
  /// event or outside the binlog.
  public func seq(at coordinates: BinlogCoordinates, on name: String) -> Int? {
    guard let n = nodes[name], let i = n.binlogFiles.firstIndex(where: { $0.number == coordinates.file }) else {
      return nil
    }
    let file = n.binlogFiles[i]
    let end = i + 1 < n.binlogFiles.count ? n.binlogFiles[i + 1].firstSeq - 1 : n.log.lastSeq
    guard end >= file.firstSeq - 1 else { return nil }
    // Offsets only grow within a file: sum once, and stop once past the one asked for.
    var o = offset(in: file, of: name, after: file.firstSeq - 1)
    for s in (file.firstSeq - 1)...end {
      if s >= file.firstSeq {
        o += binlogBytes(of: s, on: name)
        for t in n.localTransactions where t.afterSeq == s - 1 && t.afterSeq >= file.firstSeq - 1 {
          o += Self.binlogEventOverhead + keys.name(t.key).utf8.count + (t.value?.utf8.count ?? 0)
        }
      }
      if o == coordinates.position { return s }
      if o > coordinates.position { return nil }
    }
    return nil
  }

  /// A write made directly on replica `name` (read_only off, or a user with SUPER): it changes the
  /// replica's data only and takes a GTID of the replica's own server_uuid.
  package mutating func writeOnReplica(_ name: String, key: String, value: String?) throws(ClusterError)
    -> LocalTransaction
  {
    guard let n = nodes[name] else { throw .unknownNode(name, known: nodeNames) }
    guard name != masterName, n.role == .replica else { throw .notAReplica(name) }
    guard n.isUp else { throw .nodeDown(name, alternatives: [], key: nil) }
    let id = keys.intern(key)
    let t = LocalTransaction(
      origin: name, number: gtidSet(of: name).highest(name) + 1, key: id, value: value, time: now,
      afterSeq: n.log.lastSeq)
    nodes[name]!.data[id] = value
    nodes[name]!.localTransactions.append(t)
    return t
  }

  /// Transactions `name` has that the cluster's master lacks (GTID_SUBTRACT(replica, master)).
  public func errantGTIDs(of name: String) -> GTIDSet {
    guard let m = masterName, m != name, nodes.contains(name) else { return GTIDSet() }
    return gtidSet(of: name).subtracting(gtidSet(of: m))
  }

  /// Every GTID that no master wrote (a write on a replica, or kept by an old master) held by a
  /// live node: what an operator hunts down before it spreads.
  public var errantTransactions: GTIDSet {
    var set = GTIDSet()
    for name in nodeNames where nodes[name]!.isUp {
      for t in nodes[name]!.localTransactions { set.insert(t.origin, t.number) }
    }
    return set
  }

  /// With GTIDs, a replica that now follows `master` asks for every transaction it lacks, and gets
  /// the master's local ones too: an errant transaction spreads to every replica of its server.
  /// Returns those it received.
  package mutating func receiveLocalTransactions(_ name: String, from master: String) -> [LocalTransaction] {
    guard positions == .gtid, let m = nodes[master], nodes.contains(name) else { return [] }
    let have = gtidSet(of: name)
    var received: [LocalTransaction] = []
    for t in m.localTransactions where !have.contains(t.origin, t.number) {
      nodes[name]!.data[t.key] = t.value
      let copy = LocalTransaction(
        origin: t.origin, number: t.number, key: t.key, value: t.value, time: t.time,
        afterSeq: nodes[name]!.log.lastSeq)
      nodes[name]!.localTransactions.append(copy)
      received.append(copy)
    }
    return received
  }
}
