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

@Suite struct TimelineTests {
  /// When every folded heartbeat was lost, the row says so instead of "0 heartbeats from nobody".
  @Test func aFoldOfLostHeartbeatsSaysTheyWereLost() {
    var lab = Lab()
    lab.run("loss 100%", "wait 5s")
    let out = lab.run("timeline").output
    #expect(out.contains("... 15 heartbeats to orch lost, from db1, db2 and db3, until t=5.000s"))
    #expect(!out.contains("from nobody"))
  }

  @Test func messagesAreRecordedWithSendAndArrivalTimes() {
    var lab = Lab()
    lab.run("set a 1", "wait 30ms")
    let arrows = lab.cluster.timeline.records.compactMap { r -> (Message, SimTime?)? in
      if case .message(let m, let at) = r.entry { return (m, at) }
      return nil
    }
    #expect(arrows.count == 4)  // two entries, two acks
    #expect(arrows[0].0.from == "db1" && arrows[0].0.sentAt == 0 && arrows[0].1 == 10)
    #expect(arrows[2].0.to == "db1" && arrows[2].1 == 20)
  }

  @Test func aBatchOfEntriesIsKeptAsItsFirstAndLast() {
    var lab = Lab()
    lab.run("load 3000 writes over 100ms keys 10", "settle")
    let batches = lab.cluster.timeline.records.compactMap { r -> [LogEntry]? in
      if case .message(let m, _) = r.entry, case .entries(_, _, let entries) = m.body { return entries }
      return nil
    }
    #expect(!batches.isEmpty && batches.allSatisfy { $0.count <= 2 })
    #expect(batches.contains { $0.count == 2 && $0[1].seq - $0[0].seq > 1 })
    #expect(
      TimelineLayout.describe(.entries(epoch: 1, rewindTo: nil, batches.first { $0.count == 2 }!)).0.hasPrefix("seq "))
  }

  @Test func theTextViewDrawsArrowsMarksAndFoldsHeartbeats() {
    var lab = Lab()
    lab.run("set balance 100", "wait 20ms", "wait 10s", "crash db3", "wait 2s")
    let out = lab.run("timeline").output
    let lines = out.split(separator: "\n").map(String.init)
    #expect(lines[1] == "time      orch   db1   db2   db3   app")
    #expect(lines[2] == "0.000s      |     w-----------------o    set balance 100 -> seq 1 on db1")
    #expect(lines[3] == "0.010s      |     o----->     |     |    db1 -> db2: seq 1 (10 ms)")
    #expect(lines.contains("0.020s      |     <-----o     |     |    db2 -> db1: ack seq 1 (10 ms)"))
    #expect(
      lines.contains {
        $0.hasPrefix(
          "1.010s      :     :     :     :     :    ... 30 heartbeats from db1, db2 and db3 to orch, until t=10.010s")
      })
    #expect(lines.contains { $0.hasPrefix("10.020s     |     |     |     X     |    db3 crashes") })
    #expect(lines[lines.count - 2].hasPrefix("o sends"))
  }

  @Test func lastAndSinceSelectRows() {
    var lab = Lab()
    lab.run("set a 1", "wait 20ms", "wait 5s", "set b 2", "wait 20ms")
    let last = lab.run("timeline last 3").output.split(separator: "\n")
    #expect(last.count == 7)  // title, header, 3 rows, two legend lines
    #expect(last[0].contains("earlier rows not shown"))
    let since = lab.run("timeline since 5s").output
    #expect(since.contains("set b 2 -> seq 2") && !since.contains("set a 1"))
    #expect(lab.run("timeline since 1h").output == "Nothing happened since t=3600.000s.")
    #expect(lab.run("timeline last 0").error != nil)
    #expect(lab.run("timeline yesterday").error?.contains("expected `last N`") == true)
  }

  @Test func lostMessagesEndInAnX() {
    var lab = Lab()
    lab.run("partition db3", "set a 1", "wait 20ms")
    let out = lab.run("timeline").output
    #expect(out.contains("db1 -> db3: seq 1 (lost)"))
    #expect(out.contains("o----------->") == false)
    #expect(out.contains("o-----------x"))
  }

  @Test func theSVGIsACompleteDrawingOfTheSameRows() throws {
    var lab = Lab()
    lab.run("failover auto", "detector timeout 5s", "set a <1>", "wait 1500ms", "crash master", "wait 6s")
    let svg = TimelineSVG.render(lab.cluster, range: .last(40), notes: lab.interpreter.pictures)
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(svg.hasSuffix("</svg>\n"))
    #expect(svg.contains("set a &lt;1&gt; -&gt; seq 1 on db1"))
    #expect(svg.contains("db1 crashes"))
    #expect(svg.contains("db2 becomes master (epoch 2)"))
    #expect(svg.components(separatedBy: "<text").count == svg.components(separatedBy: "</text>").count)
    // Writing it through the command, as a learner at the prompt (a lesson may not name an absolute path).
    lab.interpreter.trust = .interactive
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("timeline-\(UUID().uuidString).svg").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = lab.run("timeline last 40 --svg \(path)")
    #expect(r.output.hasSuffix("Wrote the same diagram to \(path); open it in a browser."))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == svg)
    #expect(lab.run("timeline --svg /nonexistent/dir/t.svg").error?.hasPrefix("cannot write") == true)
  }

  @Test func theTimelineIsDeterministic() {
    func run() -> String {
      var lab = Lab(seed: 7)
      lab.run(
        "jitter 50ms", "loss 10%", "failover auto", "election raft", "detector phi 8", "set a 1", "wait 5s",
        "crash master", "wait 5s")
      return lab.run("timeline last 200").output + TimelineSVG.render(lab.cluster, range: .last(200))
    }
    #expect(run() == run())
  }
}
