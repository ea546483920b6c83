import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// `clients`: every client's settings, then what its reads cost and how often they broke a guarantee.
public enum ClientsView {
  /// Two tables, settings then cost, with a short legend for the cost columns.
  public static func render(_ table: ClientTable) -> String {
    // A clock column only once some app server's clock is off.
    let skewed = table.orderedSessions.contains { $0.clockOffset != 0 }
    var settings = TextTable(
      ["client", "reads", "read-your-writes", "monotonic-reads", "consistent-prefix", "timeout"]
        + (skewed ? ["clock"] : []))
    var cost = TextTable([
      "client", "writes", "reads", "by master", "redirected", "refused", "waited", "no answer", "broken",
    ])
    for s in table.orderedSessions {
      settings.add(
        [
          s.name, Explain.readsText(s),
          s.fix(for: .readYourWrites).text, s.fix(for: .monotonicReads).text, s.fix(for: .consistentPrefix).text,
          s.timeout.durationText,
        ] + (skewed ? [Explain.offsetText(s.clockOffset)] : []))
      let st = s.stats
      cost.add([
        s.name, "\(st.writes)", "\(st.reads)", "\(st.masterReads)", "\(st.redirected)", "\(st.refused)",
        st.waited.durationText, "\(st.timedOut)", "\(st.broken)",
      ])
    }
    let lww: [String] =
      table.lastWriteWins ? ["lww on: writes are ordered by their client's clock; older timestamps are discarded."] : []
    let head: [String] = [settings.render()] + lww
    let tail: [String] = [
      "",
      cost.render(),
      "by master: reads the master answered (redirected: sent there by read-your-writes).",
      "refused: reads a replica passed on because it was behind the client's position.",
      "waited: time waiting fixes held reads, in total. broken: reads that broke a guarantee.",
    ]
    return (head + tail).joined(separator: "\n")
  }
}
