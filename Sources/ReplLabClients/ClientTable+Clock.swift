import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// A write's timestamp under last-write-wins, and whose clock gave it.
public struct Stamp: Sendable, Equatable {
  /// The writer's wall clock when it wrote: true time plus its clock offset.
  public let time: SimTime
  public let client: String
  /// True time of the write, which no clock in the cluster shows.
  public let trueTime: SimTime
}

/// A write that last-write-wins discards: the key holds a write with a later timestamp.
public struct LastWriteWinsLoss: Sendable, Equatable {
  public let client: String
  public let key: String
  /// The discarded write's timestamp and the one that kept the key.
  public let mine: SimTime
  public let held: Stamp
  /// How much later in true time this write came than the one that keeps the key.
  public let cameAfter: SimTime
}

/// Clocks of app servers, and last-write-wins: a conflict rule that orders two writes to a key by
/// their writers' wall clocks (an `UPDATE ... WHERE updated_at < :mine` in the application,
/// Cassandra's cell timestamps from the driver's clock). A write whose timestamp is not newer than
/// the key's changes nothing: no log entry, no replication.
extension ClientTable {
  /// `clock CLIENT OFFSET`: the client's app server's wall clock is `offset` off true time from now
  /// on (an NTP step, or drift caught up with).
  public mutating func setClock(_ rawName: String, offset: SimTime) throws(ClientError) {
    let s = try session(rawName)
    sessions[s.name]!.clockOffset = offset
  }

  /// `lww on|off`.
  public mutating func setLastWriteWins(_ on: Bool) {
    lastWriteWins = on
    if !on { stamps = [:] }
  }

  /// The loss a write by `client` to `key` would suffer now under `lww on`, or nil when it wins (or
  /// lww is off). Nothing changes.
  public func lastWriteWinsLoss(client rawName: String, key: String, at now: SimTime) throws(ClientError)
    -> LastWriteWinsLoss?
  {
    let s = try session(rawName)
    guard lastWriteWins, let held = stamps[key] else { return nil }
    let mine = now + s.clockOffset
    guard mine <= held.time else { return nil }
    return LastWriteWinsLoss(client: s.name, key: key, mine: mine, held: held, cameAfter: now - held.trueTime)
  }

  /// Counts a discarded write in the client's statistics.
  public mutating func discarded(_ loss: LastWriteWinsLoss) {
    sessions[loss.client]!.stats.writes += 1
  }
}
