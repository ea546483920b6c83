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
@testable import ReplLabStress

/// Random and mutated command lines thrown at the interpreter: nothing traps, every refused line is
/// exactly one error line, and a refused line leaves the cluster as it was. `repl-lab-stress fuzz`
/// runs the same generator for a million lines.
@Suite struct FuzzTests {
  /// A directory of the test's own for the files fuzz lines write (`save x`, `timeline --svg x`).
  static func scratch() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-fuzz-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }
  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func randomLinesNeverTrapAndRefusedLinesChangeNothing(seed: UInt64) {
    let dir = Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var fuzz = FuzzRun(seed: seed, workingDirectory: dir)
    fuzz.run(5_000)
    #expect(
      fuzz.failure == nil,
      "\(fuzz.failure.map { "line \($0.number) \($0.line.debugDescription): \($0.problem)" } ?? "")")
    #expect(fuzz.lines == 5_000)
    // Both sides are exercised: most lines are wrong, but plenty change the cluster.
    #expect(fuzz.refused > 2_500)
    #expect(fuzz.lines - fuzz.refused > 500)
  }

  @Test func theGeneratorIsDeterministicAndCoversEveryKindOfLine() {
    var a = FuzzLineGenerator(seed: 9)
    var b = FuzzLineGenerator(seed: 9)
    let lines = (0..<3_000).map { _ in a.next() }
    #expect(lines == (0..<3_000).map { _ in b.next() })
    #expect(lines.contains(""))
    #expect(lines.contains { $0.count >= 1_000 })
    #expect(lines.contains { $0.unicodeScalars.contains { $0.value < 32 && $0 != "\t" } })
    #expect(lines.contains { $0.unicodeScalars.contains { $0.value > 0xFFFF } })
    #expect(lines.contains { $0.contains("99999999999999999999") || $0.contains("000000000000") })
    #expect(lines.contains { $0.hasPrefix("wait -") || $0.contains(" -5s") || $0.contains(" -1ms") })
    // Every command's name starts some line.
    for spec in CommandRegistry.all {
      #expect(lines.contains { $0.lowercased().hasPrefix(spec.name) }, "no line starts with \(spec.name)")
    }
    #expect(!lines.contains { $0.contains("\n") || $0.contains("\r") })
  }

  @Test func theDigestSeesEveryKindOfChange() {
    var lab = Lab()
    #expect(StateDigest(lab.interpreter) == StateDigest(Lab().interpreter))
    for line in [
      "set x 1", "wait 1ms", "client bob", "sync-mode semi", "partition db3", "crash db2", "delay db3 50ms", "seed 5",
      "as bob get x",
    ] {
      let before = StateDigest(lab.interpreter)
      let reply = lab.run(line)
      #expect(reply.error == nil, "\(line): \(reply.error ?? "")")
      let after = StateDigest(lab.interpreter)
      #expect(after != before, "\(line) changed nothing the digest sees")
      #expect(!before.differences(to: after).isEmpty)
    }
  }

  @Test func aFailingLineIsReportedWithTheSessionAsALesson() throws {
    let dir = Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var fuzz = FuzzRun(seed: 3, keepScript: true, workingDirectory: dir)
    fuzz.run(40)
    let text = try #require(LessonScript.text(for: fuzz))
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "# Fuzz session, seed 3: 40 lines, \(fuzz.refused) refused.")
    #expect(lines[2] == "seed 3" && lines[3] == "reset")
    #expect(lines.count == 2 + 2 + 40 + 1)
  }
}
