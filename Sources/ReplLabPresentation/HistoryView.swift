import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `ops` and `ops check`: the record of client operations, and the checker's verdicts.
public enum HistoryView {
  /// How many operations `ops` shows without `last N`.
  public static let defaultShown = 40

  /// `ops [CLIENT] [last N]`: one row per operation, newest last.
  public static func render(_ history: ClientHistory, client: String?, last: Int?) -> String {
    let ops = history.operations.filter { client == nil || $0.client == client }
    guard !ops.isEmpty else {
      return client.map { "\($0) has no operations in the history yet." }
        ?? "The history is empty: no client has written or read anything yet."
    }
    let count = last ?? defaultShown
    let shown = ops.suffix(count)
    var table = TextTable(["#", "time", "client", "operation", "node", "position", "result"])
    for op in shown {
      table.add(row(op))
    }
    var lines = [table.render()]
    if ops.count > shown.count {
      lines.append(
        "(\(ops.count - shown.count) older operation\(ops.count - shown.count == 1 ? "" : "s") not shown; `ops last N` shows more)"
      )
    }
    if history.dropped > 0 {
      lines.append(
        "(the history keeps the newest \(history.capacity) operations; \(history.dropped) older ones were dropped)")
    }
    return lines.joined(separator: "\n")
  }

  package static func row(_ op: ClientOperation) -> [String] {
    let n = "\(op.number)"
    let t = op.time.secondsText
    switch op.kind {
    case .write(let value, let seq, _, let acknowledged):
      let operation = value.map { "set \(op.key) \(Explain.quoted($0))" } ?? "del \(op.key)"
      return [n, t, op.client, operation, op.node, "seq \(seq)", acknowledged ? "OK" : "not acknowledged"]
    case .read(let value, let applied, let version, let waited):
      var result = value.map { "\"\($0)\"" } ?? "(nil)"
      // Short, so a row fits the transcripts' 100 columns: the value, the write it came from, the wait.
      result += version == 0 ? ", never written there" : " (seq \(version))"
      if waited > 0 { result += ", after \(waited.durationText)" }
      return [n, t, op.client, "get \(op.key)", op.node, "applied \(applied)", result]
    case .noAnswer(let waited):
      return [
        n, t, op.client, "get \(op.key)", op.node, "-",
        waited > 0 ? "no answer after \(waited.durationText)" : "no answer",
      ]
    }
  }

  /// `ops check`: every violation in the history, explained, and a count per guarantee.
  public static func check(_ history: ClientHistory) -> String {
    let ops = history.operations
    let violations = HistoryChecker.check(ops)
    let clients = Set(ops.map(\.client)).count
    let reads = ops.filter(\.isAnsweredRead).count
    var head =
      "Checked \(Explain.plural(ops.count, "operation")) by \(Explain.plural(clients, "client")) (\(Explain.plural(reads, "answered read")))"
    if history.dropped > 0 { head += "; \(history.dropped) older ones were dropped and are not checked" }
    guard !violations.isEmpty else {
      return head + ": no read broke read-your-writes, monotonic reads or consistent prefix reads."
    }
    let broken = Set(violations.map(\.read.number)).count
    var lines = [head + ": \(Explain.plural(broken, "read")) broke a guarantee."]
    let width = "#\(violations.map(\.read.number).max()!)".count
    for v in violations {
      let tag = "#\(v.read.number)"
      lines.append(
        tag + String(repeating: " ", count: width - tag.count) + "  \(v.guarantee.title): "
          + Explain.violationSentence(v))
    }
    let counts = Guarantee.allCases.map { g in "\(g.title) \(violations.filter { $0.guarantee == g }.count)" }
    lines.append("Violations: " + counts.joined(separator: ", ") + ".")
    return lines.joined(separator: "\n")
  }
}
