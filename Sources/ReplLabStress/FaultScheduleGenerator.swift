import ReplLab

/// Draws fault schedules from a seed. The lab's own generator (`seed N` in the schedule) drives
/// what happens inside the cluster; this one only chooses the lines, so the same seed always gives
/// the same schedule and, through the lab's determinism, the same run.
///
/// Steps name nodes without knowing the cluster's state (a restart may hit a node that is up): the
/// lab refuses such a line with one error and the schedule goes on, as a lesson would.
public struct FaultScheduleGenerator: Sendable {
  let seed: UInt64
  var random: SeededGenerator
  var nodes = ["db1", "db2", "db3"]
  var values = 0
  /// Whether this schedule runs under the lease regime, drawn from a stream of its own so that the
  /// schedules of every other seed stay as they were.
  var leases = false
  /// The schedule being drawn keeps majority commit: its steps never change how writes are
  /// acknowledged.
  var keepsMajorityCommit = false

  public init(seed: UInt64) {
    self.seed = seed
    // A different stream from the lab's own generator, which starts from the same seed.
    random = SeededGenerator(seed: seed ^ 0x5EED_FA17_5C4E_D01E)
  }

  public mutating func schedule(steps: ClosedRange<Int>) -> FaultSchedule {
    nodes = ["db1", "db2", "db3"]
    var leaseDraw = SeededGenerator(seed: seed ^ 0x1EA5_E5EE_D0D0_CAFE)
    leases = Int.random(in: 0..<100, using: &leaseDraw) < 25
    var setup = ["seed \(seed)", "reset"]
    // A third of the schedules run a replica set that elects by itself, most under w:"majority".
    let consensus = chance(33)
    keepsMajorityCommit = false
    if chance(70) {
      setup.append("add replica db4")
      nodes.append("db4")
    }
    if consensus {
      // One regime at a time: a replica set has no lease.
      leases = false
      if chance(40) {
        setup.append("add replica db5")
        nodes.append("db5")
      }
      setup.append("manager consensus")
      keepsMajorityCommit = chance(75)
      setup.append("write-concern " + (keepsMajorityCommit ? "majority" : "1"))
      if chance(20) { setup.append("proxy on") }
      setup.append("client alice reads " + pick(["round-robin", "sticky", "master"]))
      setup.append("settle")
      let count = Int.random(in: steps, using: &random)
      let lines = (0..<count).map { _ in step() }
      return FaultSchedule(
        seed: seed, setup: setup, steps: lines, nodes: nodes, fencing: true, consensus: true,
        majorityCommit: keepsMajorityCommit)
    }
    if chance(25) {
      setup.append("add standby db5")
      nodes.append("db5")
    }
    setup.append(pick(["detector timeout 5s", "detector timeout 5s", "detector phi 8"]))
    if chance(60) {
      setup += [
        "failover auto", "recovery-block 0",
        "election " + pick(["most-up-to-date", "most-up-to-date", "raft", "bully"]),
      ]
    }
    let fencing = chance(80)
    if !fencing { setup.append("step-down off") }
    if chance(20) { setup.append("proxy on") }
    setup.append("client alice reads " + pick(["round-robin", "sticky", "master"]))
    setup.append("sync-mode " + pick(["async", "semi", "semi", "sync"]))
    if leases {
      // Patroni's rule holds (2 + 2 x 5 <= 20) and short schedules still see keys expire.
      setup += ["manager lease", "patroni ttl 20", "patroni retry_timeout 5", "patroni loop_wait 2"]
    }
    setup.append("settle")
    let count = Int.random(in: steps, using: &random)
    let lines = (0..<count).map { _ in step() }
    return FaultSchedule(seed: seed, setup: setup, steps: lines, nodes: nodes, fencing: fencing, leases: leases)
  }

  /// One step, by weight: writes and waits most, everything else now and then.
  mutating func step() -> String {
    switch Int.random(in: 0..<100, using: &random) {
    case 0..<24: return write()
    case 24..<30: return read()
    case 30..<38: return chance(40) ? "crash master" : "crash \(node())"
    case 38..<47: return "restart \(node())"
    case 47..<53: return partition()
    case 53..<58: return "heal"
    case 58..<61: return "delay \(node()) " + pick(["10ms", "300ms", "2s", "8s"])
    case 61..<63: return pick(["loss 10%", "loss 60%", "loss 90%", "loss 0", "loss 0", "jitter 50ms", "jitter 0"])
    case 63..<68: return chance(50) ? "promote" : "promote \(node())"
    case 68..<78: return modeChange()
    case 78..<79: return "demote \(node())"
    default: return pick(["wait 100ms", "wait 500ms", "wait 2s", "wait 6s", "wait 12s", "settle", "settle"])
    }
  }

  mutating func write() -> String {
    values += 1
    let key = "k\(Int.random(in: 1...4, using: &random))"
    switch Int.random(in: 0..<100, using: &random) {
    case 0..<60: return "set \(key) v\(values)"
    case 60..<70: return "del \(key)"
    case 70..<80: return "incr c1"
    case 80..<88:
      return "set u\(Int.random(in: 1...2, using: &random)) " + pick(["rand()", "uuid()", "sysdate()", "now()"])
    case 88..<94:
      return "load \(Int.random(in: 5...40, using: &random)) writes over " + pick(["500ms", "2s", "5s"]) + " keys 6"
    default: return "as alice set \(key) v\(values)"
    }
  }

  mutating func read() -> String {
    let key = "k\(Int.random(in: 1...4, using: &random))"
    switch Int.random(in: 0..<3, using: &random) {
    case 0: return "get \(key)"
    case 1: return "get \(key) from \(node())"
    default: return "as alice get \(key)"
    }
  }

  mutating func partition() -> String {
    // Under a lease the store is what a node must reach; the orchestrator plays no part.
    let decider = leases ? "etcd" : "orch"
    switch Int.random(in: 0..<6, using: &random) {
    case 0: return "partition \(node())"
    case 1: return "partition \(node()) from \(node())"
    case 2: return "partition \(node()) \(node()) from \(decider)"
    case 3: return "partition \(decider)"
    case 4: return "partition app"
    default: return "partition \(node()) from \(decider) app"
    }
  }

  mutating func modeChange() -> String {
    if keepsMajorityCommit {
      return pick([
        "log-format statement", "log-format row", "log-format mixed", "retention 30", "retention off",
        "slow \(node()) 50/s", "slow \(node()) off",
      ])
    }
    return pick([
      "sync-mode async", "sync-mode semi", "sync-mode semi", "sync-mode sync",
      "semi-sync wait-point after_sync", "semi-sync wait-point after_commit", "semi-sync acks 2", "semi-sync acks 1",
      "semi-sync timeout 2s", "semi-sync timeout 10s",
      "sync-commit remote_write", "sync-commit remote_apply", "sync-commit local",
      "sync-standbys all", "sync-standbys first 1 db2 db3", "sync-standbys any 1 db2 db3",
      "sync-fallback async", "sync-fallback wait",
      "log-format statement", "log-format row", "log-format mixed",
      "failover auto", "failover manual", "retention 30", "retention off", "slow \(node()) 50/s", "slow \(node()) off",
    ])
  }

  mutating func node() -> String { pick(nodes) }

  mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

  mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &random)] }
}
