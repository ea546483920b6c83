import Foundation
import ReplLab
import ReplLabTestSupport
import Testing

/// The failover features through the built `repl-lab` binary, as a learner would use them.
@Suite struct FailoverEndToEndTests {
  @Test func pipedAutomaticFailoverSplitBrainAndDemote() throws {
    let input = """
      step-down off
      failover auto
      detector timeout 5s
      set a 0
      wait 2s
      partition db1 app
      set a 1
      wait 6s
      heal
      wait 2s
      set a 2
      wait 20ms
      diff
      demote db1
      election paxos

      """
    let r = try BuiltBinary.run([], input: input)
    // The last line is a mistake: the run says so in its status.
    #expect(r.status == 65)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.contains { $0.contains("orch suspects db1 (master) is dead") })
    #expect(lines.contains { $0.contains("In fact db1 is up") })
    #expect(lines.contains { $0.contains("split brain: db1 still acts as master in epoch 1") })
    #expect(lines.contains("a    2             1                 2"))
    // Output wider than 100 columns is wrapped.
    #expect(
      r.stdout.contains(
        TextWrap.wrap(
          "db1 steps down from master (epoch 1) and follows db2 (epoch 2). It rolled back 1 write db2 never had, now discarded: seq 2 (set a 1).",
          width: 100)))
    #expect(
      r.stdout.hasSuffix(
        TextWrap.wrap(
          "error: unknown election method 'paxos': use most-up-to-date, bully, raft or sentinel (or compare). Usage: election METHOD|compare\n",
          width: 100)))
  }

  @Test func timelineSVGIsWrittenByTheBinary() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-svg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try BuiltBinary.run(
      [],
      input: "failover auto\ndetector timeout 3s\nset x 1\nwait 1500ms\ncrash master\nwait 4s\ntimeline --svg t.svg\n",
      in: dir.path)
    #expect(r.status == 0)
    #expect(r.stdout.contains("Wrote the same diagram to t.svg; open it in a browser."))
    let svg = try String(contentsOf: dir.appendingPathComponent("t.svg"), encoding: .utf8)
    #expect(svg.hasPrefix("<svg") && svg.contains("db2 becomes master (epoch 2)"))
  }

  @Test func theNewLessonsAreListed() throws {
    let r = try BuiltBinary.run(["lessons"], in: Project.root)
    for line in [
      "13  heartbeats and a fixed timeout", "16  three ways to elect a master",
      "18  split brain, damage control, and fencing",
      "21  the timeline",
    ] {
      #expect(r.stdout.contains(line))
    }
  }
}
