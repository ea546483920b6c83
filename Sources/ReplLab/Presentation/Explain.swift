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

  static func plural(_ n: Int, _ word: String) -> String {
    if n == 1 { return "1 \(word)" }
    // entry -> entries, but key -> keys: a y after a vowel just takes an s.
    let vowelY = word.dropLast().last.map { "aeiou".contains($0) } ?? false
    return word.hasSuffix("y") && !vowelY ? "\(n) \(word.dropLast())ies" : "\(n) \(word)s"
  }

  /// `seq 4` or `seqs 4-7`.
  static func seqRange(_ first: Int, _ last: Int) -> String {
    first == last ? "seq \(first)" : "seq \(first)-\(last)"
  }

  /// An event line: indented, with its simulated time.
  public static func event(_ e: ClusterEvent, in cluster: Cluster) -> String {
    "  t=\(e.time.secondsText)  " + happening(e.what, in: cluster)
  }

  static func happening(_ h: ClusterEvent.Happening, in cluster: Cluster) -> String {
    switch h {
    case .replicated(let node, let first, let last, let applied):
      return applied == last
        ? (first == last ? "\(node) received and applied seq \(first)" : "\(node) received and applied \(seqRange(first, last))")
        : "\(node) received \(seqRange(first, last)); applied up to seq \(applied)"
    case .rolledBack(let node, let master, let discarded):
      let ops = discarded.map { "seq \($0.seq) (\(operation($0.op, in: cluster)))" }
      return "\(node) rolled back \(plural(discarded.count, "write")) that \(master) never had, now discarded: \(ops.joined(separator: ", "))"
    case .rejoined(let node, let master, let epoch):
      return "\(node) now follows \(master) (epoch \(epoch))"
    case .semiSyncOff(let master, let seq, let waited):
      return "semi-sync timed out after \(waited.durationText) waiting for a replica to receive seq \(seq); \(master) switched semi-sync OFF and acknowledges writes asynchronously"
    case .semiSyncOn(let master, let replica, let seq):
      return "\(replica) caught up to seq \(seq); \(master) switched semi-sync back ON"
    case .lateAcknowledgement(let seq, let waited, let mode, let by):
      let how = mode == .semi ? "received" : "applied"
      return by.isEmpty
        ? "seq \(seq) acknowledged to its client after \(waited.durationText)"
        : "seq \(seq) acknowledged to its client after \(waited.durationText): \(list(by)) \(by.count == 1 ? "has" : "have") \(how) it"
    case .clientCutOff(let master, let seqs):
      return "the client waiting for \(seqs.map { "seq \($0)" }.joined(separator: ", ")) lost its connection when \(master) crashed: it cannot tell whether the write survives"
    case .control(let e):
      return control(e, in: cluster)
    }
  }
}
