import ReplLabControl
import ReplLabModel

/// Small read-only helpers shared by the tests that drive a cluster.
extension Cluster {
  /// What `node` has applied for `key`, straight from its data (no freshness checks, works when down).
  public func testValue(of key: String, on node: String) -> String? {
    guard let id = data.keys.id(of: key) else { return nil }
    return data.nodes[node]?.data[id]
  }

  /// Drains the journal and keeps only the happenings.
  public mutating func testHappenings() -> [ClusterEvent.Happening] {
    drainEvents().map(\.what)
  }
}
