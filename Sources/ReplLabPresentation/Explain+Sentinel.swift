import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension Explain {
  /// The sentence for one step of a Sentinel failover, named by the event Sentinel itself publishes.
  package static func sentinel(_ news: SentinelNews, in cluster: Cluster) -> String {
    let count = SentinelState.names.count
    switch news {
    case .objectivelyDown(let master, let agreeing, let quorum):
      return
        "+odown: the Sentinels ask each other (SENTINEL is-master-down-by-addr): \(agreeing) of \(count) agree that \(master) is down, quorum \(quorum), so it is objectively down."
    case .leaderElected(let leader, let epoch, let votes):
      return
        "+elected-leader: \(leader) asks the others for their vote in config epoch \(epoch) and gets \(votes) of \(count) (a majority, \(count / 2 + 1), is needed): it leads the failover."
    case .selected(let node, let leader, let ranking, let skipped):
      let ranked = ranking.map { c in
        "\(c.name) (priority \(c.priority), offset seq \(c.seq), run ID \(c.runID.prefix(8))..)"
      }
      var text =
        "+selected-slave: \(leader) ranks the replicas by replica-priority, then replication offset, then the smaller run ID (random at each start): \(ranked.joined(separator: ", "))"
      let skips = cluster.nodeNames.compactMap { n in skipped[n].map { "\(n) (\($0))" } }
      if !skips.isEmpty { text += "; skipped \(skips.joined(separator: ", "))" }
      return text + ". It sends \(node) SLAVEOF NO ONE."
    case .promotionConfirmed(let node, let leader, let after, let replicas):
      let reconf = replicas.isEmpty ? "" : "; it sends SLAVEOF \(node) to \(list(replicas))"
      return
        "+promoted-slave: \(leader)'s INFO poll (every \(after.durationText) during a failover) shows \(node) as master\(reconf)."
    case .abandoned(let master):
      return "\(master) answers PING again before the Sentinels agreed it was down: no failover."
    case .converted(let node, let master, let epoch, let oldEpoch, let after):
      return
        "+convert-to-slave: a Sentinel's INFO poll (every \(SentinelState.infoPeriod.durationText)) finds \(node) acting as master in epoch \(oldEpoch), \(after.durationText) after they reconnected to it, and sends it SLAVEOF \(master) (epoch \(epoch)). \(node) resyncs in full: every write it took while it was back is discarded, and its clients are never told."
    }
  }
}
