import ReplLabTestSupport
import Testing

@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel

/// `manager`: one regime at a time runs the cluster; switching stops the old one's timers and keeps
/// the master and the client's routing.
@Suite struct RegimeSeamTests {
  /// The orchestrator's heartbeats arriving at `orch` in `ms` of simulated time.
  static func orchestratorHeartbeats(_ c: inout Cluster, over ms: SimTime) -> Int {
    let before = c.control.orchestrator.watches.values.map(\.heartbeats).reduce(0, +)
    c.advance(by: ms)
    return c.control.orchestrator.watches.values.map(\.heartbeats).reduce(0, +) - before
  }

  @Test func anotherRegimeStopsTheOrchestratorsHeartbeats() {
    var c = Cluster()
    #expect(Self.orchestratorHeartbeats(&c, over: 5000) > 0)
    c.setManager(.consensus)
    #expect(c.control.regime == .consensus)
    c.advance(by: 2000)  // the tick already queued comes due and stops
    #expect(Self.orchestratorHeartbeats(&c, over: 10_000) == 0)
    #expect(!c.control.orchestrator.ticking)
  }

  @Test func switchingBackRestartsOneHeartbeatClock() {
    var c = Cluster()
    c.setManager(.consensus)
    c.setManager(.orchestrator)  // within one interval: the queued tick carries on alone
    let beats = Self.orchestratorHeartbeats(&c, over: 10 * ControlPlane.defaultHeartbeatInterval)
    #expect((9 * c.nodeNames.count...10 * c.nodeNames.count).contains(beats))
  }

  @Test func theMasterAndTheClientsRoutingSurviveASwitch() throws {
    var c = Cluster()
    c.setProxy(true)
    c.setManager(.consensus)
    #expect(c.masterName == "db1")
    #expect(c.control.router.viaProxy)
    #expect(c.routedMaster == "db1")
    _ = try c.write("a", "1")
    #expect(c.testValue(of: "a", on: "db1") == "1")
  }

  @Test func theOrchestratorDoesNotFailOverForAnotherRegime() throws {
    var c = Cluster()
    c.setFailoverMode(.auto)
    c.setManager(.consensus)
    c.setManager(.orchestrator)
    c.setManager(.consensus)
    _ = try c.crash("db1")
    c.advance(by: 120_000)
    #expect(c.control.orchestrator.watches.values.allSatisfy { $0.suspectedAt == nil })
    #expect(!c.control.orchestrator.isFailingOver)
  }
}
