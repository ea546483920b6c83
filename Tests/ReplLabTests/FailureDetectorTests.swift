import Foundation
import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// The detectors against the formulas: phi = -log10(1 - F(t)) with F the normal CDF.
@Suite struct FailureDetectorTests {
  static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-4) -> Bool { abs(a - b) < tolerance }

  @Test func phiMatchesTheNormalTailAtKnownPoints() {
    // 1 - F at the mean is 1/2, one deviation above 0.158655, two 0.0227501, three 0.0013499.
    #expect(Self.close(PhiAccrualDetector.phi(elapsed: 1000, mean: 1000, standardDeviation: 100), 0.30103))
    #expect(Self.close(PhiAccrualDetector.phi(elapsed: 1100, mean: 1000, standardDeviation: 100), 0.79952))
    #expect(Self.close(PhiAccrualDetector.phi(elapsed: 1200, mean: 1000, standardDeviation: 100), 1.64302))
    #expect(Self.close(PhiAccrualDetector.phi(elapsed: 1300, mean: 1000, standardDeviation: 100), 2.86967))
    // Long before the mean phi is zero: no suspicion at all.
    #expect(PhiAccrualDetector.phi(elapsed: 0, mean: 1000, standardDeviation: 100) == 0)
  }

  @Test func phiKeepsGrowingFarInTheTailInsteadOfBecomingInfinite() {
    let a = PhiAccrualDetector.phi(elapsed: 5000, mean: 1000, standardDeviation: 100)
    let b = PhiAccrualDetector.phi(elapsed: 50_000, mean: 1000, standardDeviation: 100)
    #expect(a.isFinite && b.isFinite)
    #expect(b > a && a > 300)
  }

  @Test func aWiderSpreadMakesTheDetectorMorePatient() {
    let steady = PhiAccrualDetector.phi(elapsed: 1500, mean: 1000, standardDeviation: 100)
    let jittery = PhiAccrualDetector.phi(elapsed: 1500, mean: 1000, standardDeviation: 300)
    #expect(steady > 6 && jittery < 2)
  }

  @Test func suspicionDelayIsTheFirstMillisecondAtTheThreshold() {
    var h = HeartbeatHistory(expected: 1000)
    for _ in 0..<20 { h.add(1000) }
    let d = PhiAccrualDetector(threshold: 8)
    let delay = d.suspicionDelay(h)
    // phi 8 is 1 - F = 1e-8, about 5.612 deviations (the 100 ms floor) past the mean.
    #expect(delay == 1562)
    #expect(d.phi(elapsed: delay, history: h) >= 8)
    #expect(d.phi(elapsed: delay - 1, history: h) < 8)
    // Akka's acceptable-heartbeat-pause adds to the mean.
    #expect(PhiAccrualDetector(threshold: 8, acceptablePause: 3000).suspicionDelay(h) == 4562)
    // A lower threshold suspects sooner.
    #expect(PhiAccrualDetector(threshold: 1).suspicionDelay(h) < delay)
  }

  @Test func historyKeepsASlidingWindowWithMeanAndDeviation() {
    var h = HeartbeatHistory(expected: 1000)
    h.add(800)
    h.add(1200)
    #expect(h.intervals.count == 3)
    #expect(Self.close(h.mean, 1000))
    #expect(Self.close(h.standardDeviation, (80_000.0 / 3).squareRoot()))
    for _ in 0..<(HeartbeatHistory.maxSamples + 10) { h.add(500) }
    #expect(h.intervals.count == HeartbeatHistory.maxSamples)
    #expect(Self.close(h.mean, 500) && Self.close(h.standardDeviation, 0))
  }

  @Test func timeoutDetectorWaitsItsTimeWhateverTheHistory() {
    var h = HeartbeatHistory(expected: 1000)
    h.add(5000)
    #expect(FailureDetector.timeout(TimeoutDetector()).suspicionDelay(h) == 30_000)
    #expect(FailureDetector.timeout(TimeoutDetector(timeout: 2000)).suspicionDelay(h) == 2000)
  }

  @Test func theOrchestratorSuspectsACrashedNodeExactlyWhenTheTimeoutRunsOut() {
    var lab = Lab()
    lab.run("wait 2500ms", "crash db3")
    let out = lab.transcript("wait 40s")
    // Last heartbeat arrived at 2.010 s (sent at 2 s, 10 ms latency): suspected at 32.010 s.
    #expect(out.contains("t=32.010s  orch suspects db3 (replica) is dead, 30 s after its last heartbeat at t=2.010s"))
    #expect(out.contains("It crashed at t=2.500s: detection took 29.51 s."))
    #expect(lab.cluster.control.orchestrator.watches["db3"]?.suspectedAt == 32_010)
  }

  @Test func phiSuspectsACrashWithinTwoSecondsOfSteadyHeartbeats() {
    var lab = Lab()
    lab.run("detector phi 8", "wait 10s", "crash db2")
    let out = lab.transcript("wait 3s")
    #expect(out.contains("t=10.573s  orch suspects db2 (replica) is dead"))
    #expect(out.contains("phi reached 8.02 (threshold 8"))
  }

  @Test func theHeartbeatsViewShowsPhiRisingWhileANodeIsSilent() {
    var lab = Lab()
    lab.run("detector phi 8", "wait 10s", "crash db3")
    // The phi column of db3's row, found by the header's column positions.
    func phi(_ view: String) -> String {
      let lines = view.split(separator: "\n").map(String.init)
      let header = lines.first { $0.hasPrefix("node") }!
      let start = header.distance(from: header.startIndex, to: header.range(of: "phi")!.lowerBound)
      let end = header.distance(from: header.startIndex, to: header.range(of: "verdict")!.lowerBound)
      let row = Array(lines.first { $0.hasPrefix("db3") }!)
      return String(row[start..<end]).trimmingCharacters(in: .whitespaces)
    }
    let early = phi(lab.run("wait 200ms", "heartbeats").output)
    let later = phi(lab.run("wait 300ms", "heartbeats").output)
    // Last heartbeat at 9.010 s: 1.19 s and 1.49 s of silence, still short of phi 8 at 1.562 s.
    #expect(early == "1.53")
    #expect(Double(later)! > 5 && Double(later)! < 8)
  }

  @Test func aRecoveredNodeIsHeardAgainAndTheOutageStaysOutOfItsStatistics() {
    var lab = Lab()
    lab.run("wait 5s", "crash db3", "wait 35s", "restart db3")
    let out = lab.transcript("wait 2s")
    #expect(out.contains("orch hears from db3 again; it had been suspected dead for"))
    let h = lab.cluster.control.orchestrator.watches["db3"]!.history
    #expect(h.intervals.allSatisfy { $0 < 2000 })
  }
}
