import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  public static func semiSyncSettings(_ c: Cluster) -> String {
    let s = c.semiSync
    let point =
      s.waitPoint == .afterSync
      ? "AFTER_SYNC: no client sees a write until a replica has it"
      : "AFTER_COMMIT: the master commits first, so clients may read a write no replica has yet"
    var text = "semi-sync: wait_for_replica_count \(s.acks), timeout \(s.timeout) ms, wait_point \(point)."
    if c.syncMode != .semi { text += " (This applies under `sync-mode semi`.)" }
    return text
  }

  package static func commitLevel(_ level: CommitLevel) -> String {
    switch level {
    case .off: "commits do not wait for anyone (the lab treats it like local)."
    case .local: "commits wait only for the master's own flush; replication is asynchronous."
    case .remoteWrite: "commits wait until the synchronous standbys have written the write."
    case .on: "commits wait until the synchronous standbys have flushed the write to disk."
    case .remoteApply: "commits wait until the synchronous standbys have applied the write, so reads there see it."
    }
  }

  public static func syncStandbys(_ c: Cluster) -> String {
    let names = c.syncStandbys
    var lines = ["synchronous_standby_names = \(names.text)."]
    var table = TextTable(["replica", "sync_state"])
    for r in c.replicaNames { table.add([r, c.syncState(of: r).text]) }
    lines.append(table.render())
    return lines.joined(separator: "\n")
  }

  package static func logFormat(_ f: LogFormat) -> String {
    switch f {
    case .row: "replicas receive the values the master stored."
    case .statement: "replicas receive statements and run them again; rand(), uuid() and sysdate() will differ."
    case .mixed: "statements, except unsafe ones (rand(), uuid(), sysdate()), which are shipped as rows."
    }
  }
}
