import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// partition, heal, loss and jitter on the simulated network, and that heartbeats never keep the
/// clock from stopping.
@Suite struct PartitionTests {
  @Test func aPartitionLosesMessagesAlreadyOnTheWireAndHealResyncs() {
    var lab = Lab()
    lab.run("set a 1", "partition db3")
    #expect(lab.cluster.network.isCut("db1", "db3") && lab.cluster.network.isCut("db3", "orch"))
    #expect(!lab.cluster.network.isCut("db1", "db2"))
    lab.run("wait 100ms")
    #expect(lab.cluster.node("db3")!.applied == 0)
    #expect(lab.cluster.node("db2")!.applied == 1)
    let healed = lab.transcript("heal", "wait 100ms")
    #expect(healed.contains("Healed: every link works again. db3 reconnects to its master and catches up."))
    #expect(lab.cluster.node("db3")!.applied == 1)
    #expect(lab.cluster.network.cutLinks.isEmpty)
  }

  @Test func fromCutsOnlyTheNamedLinksAndStatusSaysSo() {
    var lab = Lab()
    lab.run("partition db2 from db3")
    #expect(lab.cluster.network.cutLinks == [Network.Link("db2", "db3")])
    #expect(lab.run("status").output.hasSuffix("network: cut db2-db3."))
    lab.run("heal", "partition db1 app")
    #expect(lab.run("status").output.hasSuffix("network: partitioned: db1, app | db2, db3, orch."))
  }

  @Test func badPartitionsAreOneLineErrorsAndCutNothing() {
    var lab = Lab()
    let cases = [
      ("partition db9", "there is no node named 'db9'"),
      ("partition db2 db2", "'db2' is named twice"),
      ("partition db1 from db1", "'db1' is named twice"),
      ("partition master db1", "'db1' is named twice"),
      ("partition db2 from", "`from` needs at least one node"),
      ("partition from db2", "name the nodes to cut off before `from`"),
      ("partition", "partition needs at least one node"),
      ("partition db1 db2 db3 orch app proxy", "nothing is left on the other side"),
    ]
    for (line, message) in cases {
      let r = lab.run(line)
      #expect(r.error?.contains(message) == true, "\(line): \(r.error ?? r.output)")
      #expect(r.error?.contains("\n") == false)
    }
    #expect(lab.cluster.network.cutLinks.isEmpty)
  }

  @Test func lossDropsHeartbeatsButReplicationIsRetransmitted() {
    var lab = Lab()
    lab.run("loss 50%")
    for i in 1...20 { lab.run("set k\(i) v\(i)") }
    lab.run("wait 5s")
    // Every write reached both replicas, some of them 200 ms late.
    #expect(lab.cluster.node("db2")!.applied == 20 && lab.cluster.node("db3")!.applied == 20)
    let lostHeartbeats = lab.cluster.timeline.records.filter { r in
      if case .message(let m, nil) = r.entry, case .control(let s) = m.body, case .heartbeat = s as? ControlMessage {
        return true
      }
      return false
    }
    #expect(!lostHeartbeats.isEmpty)
    #expect(lab.run("loss 1.5").error?.contains("between 0 and 1") == true)
    #expect(lab.cluster.network.lossRate == 0.5)
  }

  @Test func settleEndsDespiteHeartbeatsAndALongWaitStaysFast() {
    var lab = Lab()
    lab.run("set a 1")
    let settled = lab.run("settle").output
    #expect(settled.hasSuffix("settled after 20 ms: nothing in flight."))
    let quiet = lab.run("settle").output
    #expect(quiet == "settled after 0 ms: nothing in flight.")
    lab.run("wait 1h")
    #expect(lab.cluster.now == 3_600_020)
    #expect(lab.cluster.messagesInFlight == 0)
  }

  @Test func aSyncWriteWaitsAsBeforeWithHeartbeatsInTheQueue() {
    var lab = Lab()
    lab.run("sync-mode semi", "wait 3s")
    let w = lab.run("set a 1").output
    #expect(w.hasSuffix("semi-sync: acknowledged after 20 ms, once db2 had received it."))
  }

  @Test func jitterDelaysButKeepsEachLinkInOrder() {
    var lab = Lab()
    lab.run("jitter 300ms")
    for i in 1...10 { lab.run("set k \(i)") }
    lab.run("wait 2s")
    #expect(lab.cluster.node("db2")!.applied == 10)
    #expect(lab.run("get k from db3").output.hasPrefix("\"10\""))
    #expect(lab.run("jitter 2m").error?.contains("at most 1m") == true)
  }
}
