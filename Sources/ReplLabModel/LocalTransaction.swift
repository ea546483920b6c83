import ReplLabKernel

/// A transaction written on a node outside the replication stream: on a replica whose read_only
/// was off (an errant transaction), or kept by an old master that rejoined without undoing its
/// writes (`rejoin keep`). It has a GTID of its origin and a place in that node's binary log.
public struct LocalTransaction: Sendable, Equatable {
  /// The node whose server_uuid its GTID carries.
  public let origin: String
  public let number: Int
  public let key: KeyTable.ID
  /// The value it set, or nil for a delete.
  public let value: String?
  public let time: SimTime
  /// The node's log ended at this seq when it was written: it follows that entry in the binlog.
  public let afterSeq: Int
}
