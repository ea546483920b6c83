import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension StatusView {
  /// The lease regime's lines: the leader key (holder, last renewal, expiry) and Patroni's timings,
  /// then where the client's writes go.
  package static func leaseLine(_ c: Cluster) -> String {
    let l = c.control.lease
    let s = l.settings
    var text = "\(LeaseStore.name) (lease): "
    if let k = l.store.leader(at: c.now) {
      text +=
        "leader key held by \(k.holder), renewed t=\(k.renewedAt.secondsText), expires t=\(k.expiresAt.secondsText) (in \((k.expiresAt - c.now).durationText))"
    } else {
      text += "no leader key"
      if let last = l.store.lastHolder { text += " (\(last)'s expired)" }
    }
    text +=
      ".\npatroni: ttl \(s.ttl / 1000), loop_wait \(s.loopWait / 1000), retry_timeout \(s.retryTimeout / 1000), maximum_lag_on_failover \(s.maximumLagOnFailover)"
    if s.synchronousMode {
      text += ", synchronous_mode on\(s.synchronousModeStrict ? " (strict)" : "")"
      if let sync = l.store.syncStandby { text += ", sync standby \(sync)" }
    }
    text += "."
    let target = c.control.router.master ?? "nobody"
    text += "\nclients: app sends writes to \(target)."
    return text
  }
}
