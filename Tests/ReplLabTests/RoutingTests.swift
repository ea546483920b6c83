import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Where the client's requests go: the master it was told about, through a proxy or not.
@Suite struct RoutingTests {
  @Test func aClientThatMissedTheAnnouncementIsRefusedByTheDeadOldMaster() {
    var lab = Lab()
    lab.run("failover auto", "detector timeout 5s", "wait 1500ms", "partition app", "crash master", "wait 6s")
    #expect(lab.cluster.masterName == "db2")
    #expect(lab.cluster.control.router.master == "db1")
    #expect(
      lab.run("set a 1").error
        == "app still sends writes to db1, which is down (connection refused): nobody has told app that db2 is master now"
    )
    let healed = lab.transcript("heal", "wait 20ms")
    #expect(healed.contains("app is told that db2 is master (epoch 2)"))
    #expect(lab.run("set a 1").output.hasPrefix("OK  seq 1 on db2"))
  }

  @Test func theProxySendsAReadForADownReplicaToALiveOne() {
    var lab = Lab()
    lab.run("set a 1", "wait 20ms", "crash db3")
    #expect(lab.run("get a from db3").error != nil)
    lab.run("proxy on")
    let r = lab.run("get a from db3").output
    #expect(
      r
        == "db3 is down, so the proxy sends the read to db2 instead.\n\"1\" from db2 (replica, applied seq 1), up to date with the master."
    )
  }

  @Test func theProxyIsReannouncedAfterAnAutomaticFailover() {
    var lab = Lab()
    lab.run("proxy on", "failover auto", "detector timeout 5s", "wait 1500ms", "crash master")
    let out = lab.transcript("wait 6s")
    #expect(out.contains("the proxy learns that db2 is master (epoch 2) and routes writes there"))
    #expect(lab.run("set a 1").output.hasPrefix("OK  seq 1 on db2"))
    #expect(lab.run("status").output.contains("clients: the proxy sends writes to db2."))
  }
}
