import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// One line for what the lease regime did.
  public static func lease(_ e: LeaseEvent, in cluster: Cluster) -> String {
    let store = LeaseStore.name
    let s = cluster.control.lease.settings
    switch e {
    case .acquired(let node, let epoch, let expiresAt, let previous):
      let after = previous.flatMap { $0 == node ? nil : " (\($0)'s expired)" } ?? ""
      return
        "\(node) finds no leader key in \(store)\(after) and takes it (it lasts until t=\(expiresAt.secondsText) unless renewed), then promotes itself: master in epoch \(epoch)."
    case .demoted(let node, let at, let renewedAt, let expiresAt, let triedSince):
      var text =
        "\(node) could not renew the leader key: \(store) has not answered since t=\(triedSince.secondsText) (retry_timeout \(s.retryTimeout.durationText)). It demotes itself to read-only and refuses writes from now on"
      if let renewedAt, let expiresAt, expiresAt > at {
        text +=
          ", \((expiresAt - at).durationText) before the key it last renewed at t=\(renewedAt.secondsText) expires (t=\(expiresAt.secondsText)): no other node can hold the key while it still takes writes."
      } else {
        text += "."
      }
      return text
    case .lostKey(let node, let holder):
      return "\(node) finds \(holder) holding the leader key: it demotes itself to read-only and follows \(holder)."
    case .keyExpired(let holder, let renewedAt, let expiresAt):
      return
        "\(store): \(holder)'s leader key, last renewed at t=\(renewedAt.secondsText), expired (ttl \((expiresAt - renewedAt).durationText)); the agents watching it race to take it."
    case .declined(let node, let reason):
      switch reason {
      case .tooFarBehind(let lag, let limit):
        return
          "\(node) does not try for the leader key: it is \(lag == 1 ? "1 entry" : "\(lag) entries") behind the leader's last recorded position (maximum_lag_on_failover \(limit))."
      case .notHealthiest(let ahead, let position, let mine):
        return
          "\(node) does not try for the leader key: \(ahead) is further ahead (seq \(position); \(node) has seq \(mine))."
      case .notSynchronous(let standby):
        return standby.map {
          "\(node) does not try for the leader key: in synchronous_mode only the synchronous standby, \($0), may take over."
        }
          ?? "\(node) does not try for the leader key: synchronous_mode_strict and no synchronous standby recorded, so no node may take over."
      }
    case .follows(let node, let leader, let epoch):
      return "\(node) sees \(leader) holding the leader key and follows it (epoch \(epoch))."
    }
  }

  /// `patroni NAME VALUE`.
  public static func patroni(_ s: PatroniSettings) -> String {
    var text =
      "Patroni: ttl \(s.ttl / 1000), loop_wait \(s.loopWait / 1000), retry_timeout \(s.retryTimeout / 1000), maximum_lag_on_failover \(s.maximumLagOnFailover), synchronous_mode \(s.synchronousMode ? "on" : "off")"
    if s.synchronousMode { text += ", synchronous_mode_strict \(s.synchronousModeStrict ? "on" : "off")" }
    return text
      + ". A leader that cannot renew gives up after \(s.retryTimeout.durationText) and demotes itself, at least \((s.ttl - s.loopWait - s.retryTimeout).durationText) before its key can expire."
  }
}
