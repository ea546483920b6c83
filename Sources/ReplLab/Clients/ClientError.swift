/// Why a client command was refused, in words a learner can act on. A refused command changed nothing.
public enum ClientError: Error, Sendable, Equatable {
  case unknownClient(String, known: [String])
  case nameIsNode(String)
  case tooManyClients(Int)
  /// A sticky replica was named that cannot serve: it does not exist, is down, or is not a replica.
  case badStickyReplica(String, reason: String)
  case noReplicaToStick(client: String)
  /// `from NODE` would read past the replica a sticky fix keeps the client on.
  case stickyBypass(client: String, sticky: String, asked: String, guarantee: Guarantee)
  /// A fix sends this read to the master, and the master cannot answer.
  case masterNeeded(client: String, why: String, problem: String)

  public var message: String {
    switch self {
    case .unknownClient(let name, let known):
      "there is no client named '\(name)'; the clients are \(Explain.list(known)). `client \(name)` creates it"
    case .nameIsNode(let name):
      "'\(name)' is a node's name; pick a client name that is not, like alice"
    case .tooManyClients(let limit):
      "the lab keeps at most \(limit) clients; reuse one of them"
    case .badStickyReplica(let name, let reason):
      "\(name) cannot be a sticky replica: \(reason)"
    case .noReplicaToStick(let client):
      "no replica is up for \(client) to stick to; `restart NODE` or `add replica NAME` first"
    case .stickyBypass(let client, let sticky, let asked, let guarantee):
      "\(client) keeps \(guarantee.title) by reading only from \(sticky); reading from \(asked) would break that. Leave out `from`, or turn the fix off (`client \(client) \(guarantee.rawValue) off`)"
    case .masterNeeded(let client, let why, let problem):
      "\(client)'s read must go to the master (\(why)), but \(problem)"
    }
  }
}
