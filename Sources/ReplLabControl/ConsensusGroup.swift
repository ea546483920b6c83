import ReplLabKernel
import ReplLabModel

/// The consensus regime (Raft, a MongoDB replica set): no outside manager. Every data node hears
/// the leader's heartbeats and runs a randomised election timer; a node that hears nothing for its
/// timeout stands as candidate in a new term, and a majority of votes makes it leader.
public struct ConsensusGroup: Sendable {
  /// Where the client's driver (or the proxy) believes the primary is.
  public internal(set) var router = Router()

  public init() {}
}

extension ConsensusGroup: FailoverRegime {
  public static var endpoints: [String] { [Router.clientName, Router.proxyName] }

  public mutating func start(in data: inout DataPlane) {}

  public mutating func fire(_ timer: any ControlTimerPayload, in data: inout DataPlane) {}

  public mutating func deliver(_ signal: any ControlSignal, from: String, to: String, in data: inout DataPlane) {}

  public mutating func nodeCrashed(_ name: String, in data: DataPlane) {}

  public mutating func networkHealed(in data: inout DataPlane) -> Bool { false }

  public mutating func stop(in data: inout DataPlane) {}

  /// A restarted former primary learns the newer term from the first heartbeat it hears.
  public var fencesReturningMasters: Bool { true }

  public func clientMaster(in data: DataPlane) -> String? { router.master ?? data.masterName }
}
