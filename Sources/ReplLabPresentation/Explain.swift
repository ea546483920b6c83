import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// The sentences the lab prints: one plain sentence of why for everything that matters. Views read
/// the cluster; they never change it.
public enum Explain {
  /// `set balance 100`, `del balance`, with quotes around values that need them.
  public static func operation(_ op: Operation, in cluster: Cluster) -> String {
    switch op {
    case .set(let key, let value): "set \(cluster.keyName(key)) \(quoted(value))"
    case .delete(let key): "del \(cluster.keyName(key))"
    }
  }

  /// How a log entry reads: the statement that was shipped, or the row image.
  public static func entry(_ e: LogEntry, in cluster: Cluster) -> String {
    if let s = e.statement { return "stmt: " + s.text(key: cluster.keyName(e.op.key)) }
    return operation(e.op, in: cluster)
  }

  public static func quoted(_ value: String) -> String {
    value.contains(" ") || value.isEmpty ? "\"\(value)\"" : value
  }

  /// `db1, db2 and db3`.
  public static func list(_ names: [String]) -> String {
    switch names.count {
    case 0: return "nobody"
    case 1: return names[0]
    default: return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
  }

  package static func plural(_ n: Int, _ word: String) -> String {
    if n == 1 { return "1 \(word)" }
    // entry -> entries, but key -> keys: a y after a vowel just takes an s.
    let vowelY = word.dropLast().last.map { "aeiou".contains($0) } ?? false
    return word.hasSuffix("y") && !vowelY ? "\(n) \(word.dropLast())ies" : "\(n) \(word)s"
  }

  /// `seq 4` or `seqs 4-7`.
  package static func seqRange(_ first: Int, _ last: Int) -> String {
    first == last ? "seq \(first)" : "seq \(first)-\(last)"
  }

  /// An event line: indented, with its simulated time.
  public static func event(_ e: ClusterEvent, in cluster: Cluster) -> String {
    "  t=\(e.time.secondsText)  " + happening(e.what, in: cluster)
  }

  /// Above this many deliveries in one command, they are summarised per node instead of listed.
  public static let maxListedDeliveries = 12

  /// The event lines of one command. Under heavy traffic the per-message delivery lines would drown
  /// everything else, so they are folded into one summary line per replica.
  public static func events(_ events: [ClusterEvent], in cluster: Cluster) -> [String] {
    // A delivery, or deliveries the journal already folded: (node, first, last, applied, messages, until).
    func delivery(_ e: ClusterEvent) -> (String, Int, Int, Int, Int, SimTime)? {
      switch e.what {
      case .replicated(let n, let f, let l, let a): (n, f, l, a, 1, e.time)
      case .replicatedSummary(let n, let f, let l, let a, let m, let until): (n, f, l, a, m, until)
      default: nil
      }
    }
    let deliveries = events.compactMap(delivery)
    guard deliveries.reduce(0, { $0 + $1.4 }) > maxListedDeliveries else {
      return events.map { event($0, in: cluster) }
    }
    var lines: [String] = []
    var summarised: Set<String> = []
    for e in events {
      guard let (node, _, _, _, _, _) = delivery(e) else {
        lines.append(event(e, in: cluster))
        continue
      }
      guard summarised.insert(node).inserted else { continue }
      var first = Int.max
      var last = 0
      var applied = 0
      var messages = 0
      var lastTime: SimTime = 0
      for (n, f, l, a, m, until) in deliveries where n == node {
        first = min(first, f)
        last = max(last, l)
        applied = a
        messages += m
        lastTime = until
      }
      let tail = applied == last ? "applied all of it" : "applied up to seq \(applied)"
      lines.append(
        "  t=\(e.time.secondsText)..\(lastTime.secondsText)  \(node) received \(seqRange(first, last)) in \(plural(messages, "message")) and \(tail)"
      )
    }
    return lines
  }

  package static func happening(_ h: ClusterEvent.Happening, in cluster: Cluster) -> String {
    switch h {
    case .replicated(let node, let first, let last, let applied):
      return applied == last
        ? (first == last
          ? "\(node) received and applied seq \(first)" : "\(node) received and applied \(seqRange(first, last))")
        : "\(node) received \(seqRange(first, last)); applied up to seq \(applied)"
    case .replicatedSummary(let node, let first, let last, let applied, let messages, _):
      let tail = applied == last ? "applied all of it" : "applied up to seq \(applied)"
      return "\(node) received \(seqRange(first, last)) in \(plural(messages, "message")) and \(tail)"
    case .rolledBack(let node, let master, let discarded):
      let ops = discarded.map { "seq \($0.seq) (\(operation($0.op, in: cluster)))" }
      if cluster.control.regime == .consensus {
        // MongoDB keeps what it rolls back, for an operator to reapply or drop.
        return
          "\(node) rolled back \(plural(discarded.count, "write")) that \(master) never had and wrote \(discarded.count == 1 ? "it" : "them") to a rollback file (MongoDB: rollback/ under the dbPath): \(ops.joined(separator: ", "))"
      }
      return
        "\(node) rolled back \(plural(discarded.count, "write")) that \(master) never had, now \(Styled.mark("discarded", .lost)): \(ops.joined(separator: ", "))"
    case .rewound, .divergedStaysOut, .fullResync, .keptErrant, .errantSpread:
      return positionsHappening(h, in: cluster) ?? ""
    case .rejoined(let node, let master, let epoch):
      return "\(node) now follows \(master) (epoch \(epoch))"
    case .semiSyncOff(let master, let seq, let waited):
      return
        "semi-sync timed out after \(waited.durationText) waiting for \(cluster.semiSync.acks == 1 ? "a replica" : "\(cluster.semiSync.acks) replicas") to receive seq \(seq); \(master) switched semi-sync OFF and acknowledges writes asynchronously"
    case .semiSyncOn(let master, let replica, let seq):
      let acks = cluster.semiSync.acks
      return acks > 1
        ? "\(replica) caught up to seq \(seq), and with it \(acks) replicas have everything (rpl_semi_sync_source_wait_for_replica_count \(acks)); \(master) switched semi-sync back ON"
        : "\(replica) caught up to seq \(seq); \(master) switched semi-sync back ON"
    case .lateAcknowledgement(let seq, let waited, let mode, let level, let by):
      let how = verb(for: mode, level: level)
      return by.isEmpty
        ? "seq \(seq) acknowledged to its client after \(waited.durationText)"
        : "seq \(seq) acknowledged to its client after \(waited.durationText): \(list(by)) \(by.count == 1 ? "has" : "have") \(how) it"
    case .syncDegraded(let master, let seq):
      return
        "too few synchronous standbys are connected; sync-fallback async: \(master) acknowledges seq \(seq) and later writes without them"
    case .syncRestored(let master, let seq):
      return "enough synchronous standbys are connected again: from seq \(seq) \(master) waits for them"
    case .syncStandbysChanged(let master, let now, let before):
      let gone = before.filter { !now.contains($0) }
      if now.isEmpty {
        return
          "\(master) has no synchronous standby left (\(list(gone)) disconnected): synchronous commits cannot complete"
      }
      let came = now.filter { !before.contains($0) }
      let why = gone.isEmpty ? "" : " (\(list(gone)) disconnected)"
      return
        "\(list(came.isEmpty ? now : came)) \(came.count == 1 || (came.isEmpty && now.count == 1) ? "is" : "are") now \(master)'s synchronous standby\(now.count == 1 ? "" : "s")\(why)"
    case .logPurged(let node, let master, let needed, let oldest, let auto):
      let head = "\(node) needs seq \(needed), but \(master) keeps only seq \(oldest) onward: partial resync impossible"
      return auto ? head + "; full resync from a snapshot" : head + "; replication stopped until `resync \(node)`"
    case .snapshotSent(let node, let master, let seq, let keys, let transfer):
      return
        "\(master) sends \(node) a snapshot at seq \(seq) (\(plural(keys, "key"))), arriving in about \(transfer.durationText)"
    case .snapshotLoaded(let node, let seq, let keys):
      return "\(node) loaded the snapshot (seq \(seq), \(plural(keys, "key"))) and asks for the log from seq \(seq + 1)"
    case .cannotRewind(let node, let master, let forkSeq, let oldest):
      return
        "\(node)'s history parted from \(master)'s after seq \(forkSeq), but \(node) keeps its log only from seq \(oldest): it cannot roll back, so it asks for a full snapshot"
    case .senderTimedOut(let replica, let master, let after):
      return
        "\(master) gives up its connection to \(replica) after \(after.durationText) without a reply (wal_sender_timeout): \(replica)'s host died, and nothing had closed it"
    case .messageFault(let hit):
      return messageFaultEvent(hit)
    case .connectionBroken(let replica, let master, let retransmissions):
      return
        "\(replica) lost its connection to \(master) (TCP gave up after \(retransmissions) retransmissions) and reconnects"
    case .loadFinished(let id, let writes, let acknowledged, let failed, let first, let last):
      let range = first.map { f in " (\(seqRange(f, last ?? f)))" } ?? ""
      let fails = failed > 0 ? ", \(failed) failed because no master was up" : ""
      return "load \(id) finished: \(plural(writes, "write"))\(range), \(acknowledged) acknowledged\(fails)"
    case .clientCutOff(let master, let seqs):
      return
        "the client waiting for \(seqs.map { "seq \($0)" }.joined(separator: ", ")) lost its connection when \(master) crashed: it cannot tell whether the write survives"
    case .control(let notice):
      if let f = notice as? FencingEvent { return fencing(f) }
      if let l = notice as? LeaseEvent { return lease(l, in: cluster) }
      if let e = notice as? ConsensusEvent { return consensus(e, in: cluster) }
      if let p = notice as? PlacedFaultHit { return faultHit(p) }
      if let p = notice as? PartitionEnded { return partitionEnded(p) }
      if let a = notice as? ApplierEvent { return applier(a) }
      guard let e = notice as? ControlEvent else { return "\(notice)" }
      return control(e, in: cluster)
    }
  }
}
