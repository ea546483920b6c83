import ReplLabControl
import ReplLabModel

extension Cluster {
  /// Words that name whichever node is master now, as learners of different systems say it.
  public static let roleWords: Set<String> = ["master", "leader", "primary"]

  /// Resolves a node name as a learner types it: a name (any case), or `master`/`leader`/`primary`
  /// for the current master.
  public func resolve(_ name: String) throws(ClusterError) -> String {
    if Self.roleWords.contains(name.lowercased()) {
      guard let m = data.masterName else { throw .noMaster }
      return m
    }
    return try data.existingNode(name)
  }

  /// `resolve` as a function value, for the client layer (`ClientTable.resolveNode`).
  public static let resolveNode: @Sendable (String, Cluster) throws(ClusterError) -> String = {
    name, c throws(ClusterError) in
    try c.resolve(name)
  }
}
