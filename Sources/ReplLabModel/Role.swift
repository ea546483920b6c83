import ReplLabKernel

/// What a node does in the cluster.
public enum Role: String, Sendable {
  /// Takes writes and ships them to replicas.
  case master
  /// Follows a master: receives its log, applies it, serves reads.
  case replica
}
