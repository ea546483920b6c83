import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// A clock offset as a learner writes it: `+500 ms`, `-2 s`, `0`.
  public static func offsetText(_ offset: SimTime) -> String {
    offset == 0 ? "0" : offset > 0 ? "+\(offset.durationText)" : "-\((-offset).durationText)"
  }

  /// `clock NAME OFFSET`.
  public static func clock(_ name: String, offset: SimTime, isClient: Bool) -> String {
    let whose = isClient ? "\(name)'s app server's clock" : "\(name)'s clock"
    guard offset != 0 else { return "\(whose) shows true time again." }
    let reads = isClient ? "its read-your-writes window and its lww timestamps read it" : "SYSDATE() run there reads it"
    return
      "\(whose) now reads \(offset > 0 ? "ahead of" : "behind") true time by \((abs(offset)).durationText) (\(offsetText(offset))); \(reads)."
  }

  /// `lww on|off`.
  public static func lww(_ on: Bool) -> String {
    on
      ? "Last-write-wins: each write carries its client's clock as its timestamp; a write no later than the key's is discarded."
      : "Last-write-wins off: writes apply in the order they reach the master, and the timestamps are forgotten."
  }

  /// A write last-write-wins discarded.
  public static func lastWriteWinsLoss(_ l: LastWriteWinsLoss) -> String {
    """
    Discarded by last-write-wins: \(l.client)'s write to \(l.key) is stamped \(l.mine.clockText) by its clock, \
    but \(l.key) holds \(l.held.client)'s write stamped \(l.held.time.clockText), which came \
    \(l.cameAfter.durationText) earlier in true time. Nothing was written; \(l.key) keeps \(l.held.client)'s value.
    """
  }
}

extension Refusal {
  public static func clockUnknown(_ name: String, nodes: [String], clients: [String]) -> String {
    "no node or client is called '\(name)' (nodes: \(nodes.joined(separator: ", ")); clients: \(clients.joined(separator: ", ")))"
  }
}
