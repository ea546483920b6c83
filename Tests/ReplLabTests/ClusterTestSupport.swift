@testable import ReplLab

/// Small read-only helpers shared by the model tests.
extension Cluster {
  /// What `node` has applied for `key`, straight from its data (no freshness checks, works when down).
  func testValue(of key: String, on node: String) -> String? {
    guard let id = keys.id(of: key) else { return nil }
    return nodes[node]?.data[id]
  }

  /// Drains the journal and keeps only the happenings.
  mutating func testHappenings() -> [ClusterEvent.Happening] {
    drainEvents().map(\.what)
  }
}
