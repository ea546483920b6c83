/// One parsed command line. Parsing never touches the cluster; running does.
public enum Command: Sendable, Equatable {
  case set(key: String, value: String)
  case get(key: String, from: String?)
  case del(key: String)
  case crash(String)
  case restart(String)
  case promote(String?)
  case addReplica(String)
  case remove(String)
  case reset
  case seed(UInt64)
  case syncMode(SyncMode)
  case wait(SimTime)
  case settle
  case delay(String, SimTime)
  case status
  case log(node: String?, last: Int?)
  case lag
  /// `diff [NODE NODE]`: which keys differ between nodes.
  case diff(String?, String?)
  /// Failure detection, elections, fencing, routing, network faults and the timeline.
  case control(ControlCommand)
  case help(String?)
  case lessons
  case narration(String)
  case blank
  case quit
}
