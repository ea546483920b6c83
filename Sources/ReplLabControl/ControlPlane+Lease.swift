import ReplLabKernel
import ReplLabModel

extension ControlPlane {
  /// The endpoint beside the nodes that views name when the network splits: the orchestrator, or
  /// the configuration store under the lease regime.
  public var deciderEndpoint: String { regime == .lease ? LeaseStore.name : Self.orchestratorName }
}

extension Cluster {
  /// `patroni NAME VALUE`: one of Patroni's settings for the lease regime. Refused, changing
  /// nothing, when it would break Patroni's rule loop_wait + 2 × retry_timeout ≤ ttl.
  public mutating func setPatroni(_ settings: PatroniSettings) {
    control.lease.settings = settings
  }
}
