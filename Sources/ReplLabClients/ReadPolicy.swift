import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Where a client sends its reads when a read does not name a node.
public enum ReadPolicy: String, Sendable, CaseIterable {
  /// Every read goes to the master: always current, and all the read load is on one node.
  case master
  /// Each read goes to a live replica picked by the lab's seeded generator (a load balancer).
  case random
  /// Reads take turns over the live replicas in name order.
  case roundRobin = "round-robin"
  /// Every read goes to one replica, the client's sticky replica.
  case sticky

  /// `round-robin over the live replicas`: the policy in a sentence.
  public var phrase: String {
    switch self {
    case .master: "go to the master"
    case .random: "go to a live replica picked at random (from the lab's seeded generator)"
    case .roundRobin: "take turns over the live replicas (round-robin)"
    case .sticky: "stick to one replica"
    }
  }
}
