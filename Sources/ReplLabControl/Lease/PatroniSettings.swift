import ReplLabKernel
import ReplLabModel

/// Patroni's dynamic configuration, as far as the lease regime uses it (patroni
/// docs/dynamic_configuration.rst).
public struct PatroniSettings: Sendable, Equatable {
  /// ttl: how long the leader key lives without a renewal (30 s).
  public var ttl: SimTime = 30_000
  /// loop_wait: how long each agent sleeps between runs of its HA loop (10 s).
  public var loopWait: SimTime = 10_000
  /// retry_timeout: how long an agent retries a store operation before giving up (10 s); a leader
  /// that gives up on renewing demotes itself.
  public var retryTimeout: SimTime = 10_000
  /// maximum_lag_on_failover: a replica further behind the leader's last recorded position does not
  /// try to take the key. Patroni counts bytes of WAL (1 MiB by default); the lab counts log
  /// entries, with the same number.
  public var maximumLagOnFailover = 1_048_576
  /// synchronous_mode: the leader keeps one synchronous standby and only it may take over.
  public var synchronousMode = false
  /// synchronous_mode_strict: with no synchronous standby left, writes wait instead of going async.
  public var synchronousModeStrict = false

  public init() {}

  /// Patroni's rule that keeps a leader's demotion ahead of its key's expiry: a leader renews at
  /// least every loop_wait and gives up after retry_timeout, so this must not exceed ttl.
  public var keepsDemotionBeforeExpiry: Bool { loopWait + 2 * retryTimeout <= ttl }

  /// The settings by name, as `patroni NAME VALUE` spells them.
  public enum Name: String, Sendable, CaseIterable {
    case ttl
    case loopWait = "loop_wait"
    case retryTimeout = "retry_timeout"
    case maximumLagOnFailover = "maximum_lag_on_failover"
    case synchronousMode = "synchronous_mode"
    case synchronousModeStrict = "synchronous_mode_strict"
  }
}
