import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabCommands
@testable import ReplLabPresentation

/// Exercises whose goal a shortcut used to reach: the shortcut, typed at the prompt, now leaves
/// exactly the check that closes it failing (every other check holds, so the shortcut was a real
/// one), and the exercise's own solution still reaches the goal (`ExerciseTests`).
@Suite struct ExerciseShortcutTests {
  struct Shortcut: Sendable, CustomTestStringConvertible {
    let exercise: String
    let lines: [String]
    /// The one check left failing, as `check` words it.
    let failing: String
    let why: String
    var testDescription: String { "\(exercise): \(why)" }
  }

  static let shortcuts: [Shortcut] = [
    Shortcut(
      exercise: "30", lines: ["crash db1", "wait 8s"], failing: "at some point, db1 is partitioned",
      why: "a plain crash instead of the partition"),
    Shortcut(
      exercise: "30", lines: ["partition db1 app", "wait 8s", "crash db1"], failing: "at every point, masters <= 1",
      why: "split brain first, then a crash by hand"),
    Shortcut(
      exercise: "31",
      lines: ["set photo new.jpg", "wait 100ms", "as bob get photo", "as bob get photo", "ops clear"],
      failing: "client bob monotonic-reads on", why: "ops clear without a setting for bob"),
    Shortcut(
      exercise: "32", lines: ["sync-mode async", "sync-mode semi"], failing: "semi-sync fallbacks >= 1",
      why: "sync-mode toggled by hand"),
    Shortcut(
      exercise: "35", lines: ["crash db1", "wait 15s", "restart db1", "wait 3s"],
      failing: "at some point, db1 is partitioned", why: "a plain crash instead of the partition"),
  ]

  @Test(arguments: shortcuts)
  func aShortcutLeavesTheCheckThatClosesItFailing(_ s: Shortcut) throws {
    var lab = Interpreter(seed: 1, lessonsDirectory: Project.root + "/Lessons")
    #expect(lab.execute("exercise \(s.exercise)").error == nil)
    for line in s.lines {
      let reply = lab.execute(line)
      #expect(reply.error == nil, "\(line): \(reply.error ?? "")")
    }
    let verdicts = lab.verdicts(of: try #require(lab.attempt))
    #expect(verdicts.filter { !$0.holds }.map(\.text) == [s.failing], "\(verdicts)")
    let check = lab.execute("check").output
    #expect(check.contains("The goal is not reached yet."), "\(check)")
  }

  @Test func theNewExpectFormsParseAndSayWhatTheyCheck() throws {
    let forms: [(String, ReplLabCommands.Expectation)] = [
      ("expect semi-sync fallbacks >= 1", .semiSyncFallbacks(.greaterOrEqual, 1)),
      ("expect client bob monotonic-reads on", .clientFix(client: "bob", .monotonicReads, on: true)),
      ("expect db1 is partitioned", .state(node: "db1", .partitioned)),
    ]
    for (line, expected) in forms {
      guard case .expect(let e) = try Parser.parse(line) else {
        Issue.record("\(line) is not an expect")
        continue
      }
      #expect(e == expected)
      #expect("expect " + e.text == line)
    }
    for bad in ["expect semi-sync fallbacks 1", "expect client bob monotonic-reads", "expect client bob speed on"] {
      #expect(throws: CommandError.self, "\(bad)") { try Parser.parse(bad) }
    }
  }

  @Test func theNewExpectFormsJudgeTheCluster() {
    var lab = Interpreter(seed: 1)
    #expect(lab.execute("expect db1 is partitioned").failedExpectation)
    _ = lab.execute("partition db1")
    #expect(lab.execute("expect db1 is partitioned").error == nil)
    #expect(lab.execute("expect db2 is partitioned").error == nil)
    _ = lab.execute("heal")
    #expect(lab.execute("expect db1 is partitioned").failedExpectation)

    let noFix = lab.execute("expect client app monotonic-reads on")
    #expect(noFix.error == "expected client app monotonic-reads on, but app has no monotonic-reads setting")
    _ = lab.execute("client app monotonic-reads sticky")
    #expect(lab.execute("expect client app monotonic-reads on").error == nil)
    #expect(lab.execute("expect client nobody monotonic-reads on").failedExpectation)

    // Turning semi-sync off by hand is no fallback; a write nobody acknowledges in time is one.
    _ = lab.execute("sync-mode semi")
    _ = lab.execute("sync-mode async")
    _ = lab.execute("sync-mode semi")
    #expect(lab.execute("expect semi-sync fallbacks = 0").error == nil)
    for line in ["semi-sync timeout 1s", "crash db2", "crash db3", "set k 1"] { _ = lab.execute(line) }
    #expect(
      lab.execute("expect semi-sync fallbacks = 1").error == nil, "\(lab.execute("expect semi-sync fallbacks = 1"))")
    _ = lab.execute("reset")
    #expect(lab.execute("expect semi-sync fallbacks = 0").error == nil)
  }
}
