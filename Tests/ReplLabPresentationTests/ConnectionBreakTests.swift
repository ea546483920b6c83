import Testing

@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Replication never stops without a word: a lost replication packet is retransmitted with TCP's
/// back-off, and when TCP gives the connection up the replica reconnects and asks for what it lacks.
@Suite struct ConnectionBreakTests {
  @Test func heavyLossSlowsReplicationButEveryReplicaCatchesUp() throws {
    var c = Cluster()
    c.setLoss(0.9)
    _ = try c.startLoad(count: 1000, over: 0, keys: 100)
    let quiet = c.settle()
    #expect(quiet, "settle must end with nothing in flight")
    for r in ["db2", "db3"] {
      #expect(c.node(r)?.received == 1000, "\(r) stopped at seq \(c.node(r)?.received ?? -1)")
      #expect(c.data.replicationState(of: r) == .streaming)
    }
    let breaks = c.drainEvents().filter { if case .connectionBroken = $0.what { return true } else { return false } }
    #expect(!breaks.isEmpty, "with 90% loss some packet is lost 16 times in a row")
  }

  @Test func retransmissionsBackOffExponentiallyAsTCPDoes() {
    // 200 ms doubling to TCP_RTO_MAX (120 s); fifteen retransmissions, and TCP gives up when the
    // sixteenth timeout runs out: 924.6 s, Linux's well-known 15.4 minutes.
    var total: SimTime = 0
    var timeout = DataPlane.retransmitTimeout
    for _ in 0...DataPlane.maxRetransmissions {
      total += timeout
      timeout = min(timeout * 2, DataPlane.maxRetransmitTimeout)
    }
    #expect(total == 924_600)
    var c = Cluster()
    c.setLoss(1)
    _ = try? c.write("x", "1")
    let quietEarly = c.settle(limit: 924_000)
    #expect(!quietEarly, "before TCP gives up the write is still in flight")
    let quietLater = c.settle(limit: 1_000)
    #expect(!quietLater, "the reconnecting hellos are lost too")
    let events = c.drainEvents()
    let broke = events.compactMap { e -> String? in
      if case .connectionBroken(let replica, "db1", 15) = e.what { return replica } else { return nil }
    }
    #expect(broke.sorted() == ["db2", "db3"])
    #expect(events.first { if case .connectionBroken = $0.what { return true } else { return false } }?.time == 924_600)
    // The replicas are reconnecting, and the lag table says so instead of "streaming".
    #expect(c.data.replicationState(of: "db2") == .connecting)
    #expect(LagView.render(c).contains("db2      connecting"))
  }

  @Test func aReplicaWhoseConnectionBrokeReconnectsWhenLossStops() {
    var c = Cluster()
    c.setLoss(1)
    _ = try? c.write("x", "1")
    c.advance(by: 930_000)
    c.setLoss(0)
    let quiet = c.settle(limit: 3_600_000)
    #expect(quiet)
    #expect(c.node("db2")?.received == 1 && c.node("db3")?.received == 1)
    #expect(c.data.replicationState(of: "db2") == .streaming)
  }
}
