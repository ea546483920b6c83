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

/// `history`, `undo` and `save`: the session's commands, taking one back by replaying the rest, and
/// writing them as a lesson.
@Suite struct SessionTests {
  /// Everything a learner could observe, to compare two interpreters.
  static func state(_ lab: inout Lab) -> String {
    var r = lab.cluster.random
    return lab.run("status").output + "\n" + lab.run("log").output + "\n" + lab.run("ops").output + "\n\(r.next())"
  }

  @Test func historyListsCommandsThatRanAndLeavesOutRefusedAndSessionOnes() {
    var lab = Lab()
    lab.run("set a 1", "crash db9", "status", "help", "history", "wait 20ms")
    #expect(lab.interpreter.session.entries.map(\.line) == ["set a 1", "status", "wait 20ms"])
    let shown = lab.run("history").output
    #expect(shown.contains("  1  set a 1\n  2  status\n  3  wait 20ms"))
    #expect(lab.run("history last 1").output.contains("(2 earlier commands not shown)\n  3  wait 20ms"))
    #expect(lab.run("history last 0").error != nil)
    #expect(lab.run("history first 2").error?.contains("history last N") == true)
  }

  @Test func undoGivesExactlyTheStateWithoutTheCommand() {
    var lab = Lab(seed: 7)
    lab.run("set a 1", "wait 20ms", "loss 30%", "set b 2", "wait 1s", "status")
    var expected = Lab(seed: 7)
    expected.run("set a 1", "wait 20ms", "loss 30%", "set b 2", "wait 1s")
    lab.run("crash db2", "lag")
    let r = lab.run("undo")
    #expect(r.output.hasPrefix("Undone: `crash db2`. Replayed 7 commands from the start; the clock is at t=1.020s."))
    // The views stay in the history; the undone command does not.
    #expect(
      lab.interpreter.session.entries.map(\.line) == [
        "set a 1", "wait 20ms", "loss 30%", "set b 2", "wait 1s", "status", "lag",
      ])
    #expect(Self.state(&lab) == Self.state(&expected))
  }

  @Test func undoAgainTakesBackTheOneBeforeAndThenThereIsNothingLeft() {
    var lab = Lab()
    lab.run("set a 1", "set a 2")
    lab.run("undo")
    #expect(lab.cluster.master?.log.lastSeq == 1)
    lab.run("undo")
    #expect(lab.cluster.master?.log.lastSeq == 0)
    let r = lab.run("undo")
    #expect(r.error?.hasPrefix("nothing to undo") == true)
  }

  @Test func refusedUndoAndSaveChangeNothing() {
    var lab = Lab()
    #expect(lab.run("undo").error?.hasPrefix("nothing to undo") == true)
    #expect(lab.run("save x.lab").error?.hasPrefix("nothing to save yet") == true)
    #expect(lab.run("undo now").error != nil)
  }

  @Test func saveWritesALessonThatReplaysToTheSameCluster() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-save-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("mine.lab").path
    var lab = Lab(seed: 5)
    lab.interpreter.trust = .interactive
    lab.run("sync-mode semi", "set k v", "jitter 5ms", "wait 1s", "crash master", "promote", "status")
    let r = lab.run("save \(path)")
    #expect(r.output == "Saved 7 commands to \(path). Replay it with `repl-lab run \(path)`.")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasPrefix("# Saved from a repl-lab session."))
    #expect(text.contains("\nseed 5\nsync-mode semi\n"))
    // Replaying the file gives the same cluster.
    var replayed = Lab()
    for line in try Lesson.load(path).lines { replayed.run(line) }
    #expect(Self.state(&replayed) == Self.state(&lab))
    // A second save to the same name is refused, and the file is unchanged.
    #expect(lab.run("save \(path)").error?.contains("already exists") == true)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
  }

  @Test func relativePathsLandInTheWorkingDirectory() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-wd-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var lab = Lab()
    lab.interpreter.workingDirectory = dir
    lab.run("set a 1", "save rel.lab", "timeline --svg rel.svg", "undo")
    #expect(FileManager.default.fileExists(atPath: dir + "/rel.lab"))
    #expect(FileManager.default.fileExists(atPath: dir + "/rel.svg"))
    #expect(lab.interpreter.workingDirectory == dir, "undo keeps where files go")
  }

  @Test func aSessionLongerThanItsCapacityRefusesUndoAndSaveButKeepsWorking() {
    var lab = Lab()
    for i in 0...SessionHistory.capacity { lab.interpreter.session.record("set k \(i)", changes: true) }
    #expect(lab.interpreter.session.overflowed)
    #expect(lab.interpreter.session.entries.isEmpty, "an overflowed history keeps nothing")
    #expect(lab.run("undo").error?.contains("more than 10000 commands") == true)
    #expect(lab.run("save x.lab").error?.contains("more than 10000 commands") == true)
    #expect(lab.run("set a 1").error == nil)
    #expect(lab.run("history").output.contains("more than 10000 commands"))
  }
}
