import ReplLabKernel
import ReplLabModel

/// Where the default client sends its writes: straight to the master it was last told about, or
/// through a proxy in front of the cluster (HAProxy, ProxySQL, PgBouncer) that the orchestrator
/// re-points. Either way the knowledge travels as an announcement message, so for a moment, or for
/// as long as a partition lasts, it can be stale.
public struct Router: Sendable, Equatable {
  /// The default client's name on the network.
  public static let clientName = "app"
  /// The proxy's name on the network.
  public static let proxyName = "proxy"

  /// Whether the client goes through the proxy.
  public internal(set) var viaProxy = false
  /// The master the client (or the proxy) believes in, and the epoch it was announced with.
  public internal(set) var master: String?
  public internal(set) var epoch = 1

  /// Who receives the orchestrator's announcements: the proxy when there is one, else the client.
  public var endpoint: String { viaProxy ? Self.proxyName : Self.clientName }
}
