/// One of a node's binary log files: the first sequence number written in it.
public struct BinlogFile: Sendable, Equatable {
  public let number: Int
  public let firstSeq: Int
}
