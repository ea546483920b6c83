@testable import ReplLab
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabControl
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabPresentation

/// Small read-only helpers shared by the model tests.
extension Cluster {
  /// What `node` has applied for `key`, straight from its data (no freshness checks, works when down).
  func testValue(of key: String, on node: String) -> String? {
    guard let id = data.keys.id(of: key) else { return nil }
    return data.nodes[node]?.data[id]
  }

  /// Drains the journal and keeps only the happenings.
  mutating func testHappenings() -> [ClusterEvent.Happening] {
    drainEvents().map(\.what)
  }
}
