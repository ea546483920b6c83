import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension ClientError {
  /// The refusal in words a learner can act on.
  public var message: String {
    switch self {
    case .unknownClient(let name, let known):
      "there is no client named '\(name)'; the clients are \(Explain.list(known)). `client \(name)` creates it"
    case .nameIsNode(let name):
      "'\(name)' is a node's name; pick a client name that is not, like alice"
    case .tooManyClients(let limit):
      "the lab keeps at most \(limit) clients; reuse one of them"
    case .badStickyReplica(let name, let reason):
      "\(name) cannot be a sticky replica: \(Explain.stickyRefusal(reason))"
    case .noReplicaToStick(let client):
      "no replica is up for \(client) to stick to; `restart NODE` or `add replica NAME` first"
    case .stickyBypass(let client, let sticky, let asked, let guarantee):
      "\(client) keeps \(guarantee.title) by reading only from \(sticky); reading from \(asked) would break that. Leave out `from`, or turn the fix off (`client \(client) \(guarantee.rawValue) off`)"
    case .masterNeeded(let client, let redirect, let problem):
      "\(client)'s read must go to the master (\(Explain.redirectReason(redirect, client: client))), but \(problem?.message ?? "the cluster has no master")"
    }
  }
}

extension Explain {
  package static func stickyRefusal(_ r: StickyRefusal, ) -> String {
    switch r {
    case .notANode(let e): e.message
    case .isMaster(let client):
      "it is the master; sticky reads are for replicas (`client \(client) reads master` reads from the master)"
    case .down(let live): "it is down" + (live.isEmpty ? "" : "; live replicas are \(Explain.list(live))")
    case .notFollowing(let master): "it does not follow the master \(master ?? "")"
    }
  }

  package static func notServing(_ r: NotServing) -> String {
    switch r {
    case .removed: "it is no longer in the cluster"
    case .nowMaster: "it is now the master"
    case .down: "it is down"
    case .notFollowing: "it does not follow the master"
    }
  }
}
