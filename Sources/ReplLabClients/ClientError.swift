import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Why a client command was refused (the words are Presentation's). A refused command changed nothing.
public enum ClientError: Error, Sendable, Equatable {
  case unknownClient(String, known: [String])
  case nameIsNode(String)
  case tooManyClients(Int)
  /// A sticky replica was named that cannot serve: it does not exist, is down, or is not a replica.
  case badStickyReplica(String, reason: StickyRefusal)
  case noReplicaToStick(client: String)
  /// `from NODE` would read past the replica a sticky fix keeps the client on.
  case stickyBypass(client: String, sticky: String, asked: String, guarantee: Guarantee)
  /// A fix (`redirect`) sends this read to the master, and the master cannot answer: `problem`
  /// says why, or is nil when the cluster has no master at all.
  case masterNeeded(client: String, redirect: RouteNote, problem: ClusterError?)
}

/// Why a node cannot be a client's sticky replica.
public enum StickyRefusal: Sendable, Equatable {
  /// The name does not resolve to a node.
  case notANode(ClusterError)
  /// It is the master; `client` could read from the master instead.
  case isMaster(client: String)
  /// It is down; `live` are the replicas that could serve.
  case down(live: [String])
  /// It does not follow the cluster's master.
  case notFollowing(master: String?)
}

/// Why a sticky replica can no longer serve.
public enum NotServing: Sendable, Equatable {
  case removed
  case nowMaster
  case down
  case notFollowing
}
