import ReplLabKernel
import ReplLabModel

/// MongoDB's write concern `w`: when the primary acknowledges a write.
public enum WriteConcern: String, Sendable, CaseIterable, Equatable {
  /// w:"majority": once a majority of the members, the primary counted, hold it. An acknowledged
  /// write is on a majority, and any majority a new primary can win contains one of them.
  case majority
  /// w:1: as soon as the primary has it. A failover before the others receive it loses it.
  case one = "1"
}

extension Cluster {
  /// `write-concern majority|1`, in the data plane's terms: majority is `sync-mode sync` waiting for
  /// ANY n of the other members, n being a majority minus the primary; 1 is `sync-mode async`.
  public mutating func setWriteConcern(_ w: WriteConcern) throws(ClusterError) {
    switch w {
    case .majority:
      // The only step that can refuse comes first, so a refused line changes nothing.
      guard let standbys = ConsensusGroup.majorityStandbys(in: data) else {
        // A set of one: the primary alone is a majority.
        data.setSyncMode(.async)
        break
      }
      try data.setSyncStandbys(standbys)
      data.setCommitLevel(.on)
      data.setSyncFallback(.wait)
      data.setSyncMode(.sync)
    case .one:
      data.setSyncMode(.async)
    }
    control.consensus.writeConcern = w
  }
}

extension ConsensusGroup {
  /// ANY n of every member but the primary, n = a majority minus the primary itself; nil when the
  /// primary alone is a majority.
  public static func majorityStandbys(in data: DataPlane) -> StandbyNames? {
    let others = data.nodeNames.filter { $0 != data.masterName && data.nodes[$0]?.isStandby != true }
    let needed = majority(of: data) - 1
    guard needed > 0, !others.isEmpty else { return nil }
    return .any(min(others.count, needed), others)
  }
}
