import Testing

@testable import ReplLab

/// Random fault schedules against the control plane: nothing traps, a replay is identical, and with
/// fencing on the cluster settles on one master once every fault is repaired.
@Suite struct FaultScheduleTests {
  static let moves = [
    "set k v", "set j w", "del k", "get k", "get k from db2", "get j from db3", "crash master", "crash db2", "crash db3",
    "crash db4", "restart db1", "restart db2", "restart db3", "restart db4", "wait 300ms", "wait 3s", "wait 12s",
    "partition db1", "partition db2 from db3", "partition app", "partition orch", "partition db1 db2", "heal",
    "delay db1 4s", "delay db1 10ms", "loss 20%", "loss 0", "jitter 100ms", "promote", "promote db3",
    "election bully", "election raft", "election most-up-to-date", "failover auto", "failover manual",
    "detector phi 8", "detector timeout 5s", "proxy on", "proxy off", "demote db1", "demote db2",
    "replica-priority db4 0", "election compare", "timeline last 5", "diff", "heartbeats", "status", "settle",
  ]

  static func play(seed: UInt64, steps: Int) -> (Lab, String) {
    var lab = Lab(seed: seed)
    var pick = SeededGenerator(seed: seed &* 7919)
    var out = lab.transcript("add replica db4", "detector timeout 5s", "failover auto", "recovery-block 0")
    for _ in 0..<steps {
      out += "\n" + lab.transcript(moves.randomElement(using: &pick)!)
    }
    return (lab, out)
  }

  @Test("random fault schedules", arguments: 1...24)
  func randomSchedule(seed: Int) {
    let (first, text) = Self.play(seed: UInt64(seed), steps: 120)
    let (_, again) = Self.play(seed: UInt64(seed), steps: 120)
    #expect(text == again, "seed \(seed) is not deterministic")
    var lab = first
    lab.run("fencing on", "loss 0", "jitter 0", "delay db1 10ms", "heal")
    for n in lab.cluster.nodeNames where lab.cluster.node(n)?.isUp == false { lab.run("restart \(n)") }
    lab.run("wait 2m")
    let acting = lab.cluster.nodeNames.filter { lab.cluster.node($0)!.role == .master }
    #expect(acting.count <= 1, "seed \(seed): masters \(acting)\n\(lab.run("status").output)")
    #expect(lab.cluster.messagesInFlight >= 0)
  }
}
