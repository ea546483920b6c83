import Foundation
import ReplLabTestSupport
import Testing

/// The shell's behaviour on the command line, against the built binary: comments in piped input and
/// lesson files, the width of what it prints, and how a script reports its mistakes.
@Suite struct ShellScriptTests {
  /// The README's own example, piped in as it is written, comments and all.
  static let readmeExample = """
    client alice reads round-robin          # reads take turns over the replicas
    as alice set bio "likes cats"
    as alice get bio                        # a lagging replica answers: read-your-writes broken
    client alice read-your-writes wait      # or: master, window 1s
    client bob monotonic-reads sticky       # or: wait, refuse
    client bob consistent-prefix wait       # or: sticky
    clients                                 # settings, and what the fixes cost
    ops check                               # every read that broke a guarantee, explained

    """

  @Test func commentsAtTheEndOfALineAreIgnoredInPipedInput() throws {
    let r = try BuiltBinary.run([], input: Self.readmeExample)
    #expect(r.status == 0)
    #expect(!r.stdout.contains("error:"), "\(r.stdout)")
    #expect(r.stdout.contains("read-your-writes broken"))
  }

  @Test func commentsAtTheEndOfALineAreIgnoredInALesson() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-shell-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let lesson = dir.appendingPathComponent("01-demo.lab")
    try "# A demo\nset tag #1   # a value that is a comment is no value\nset tag x#1 # but this one is\n"
      .write(to: lesson, atomically: true, encoding: .utf8)
    let r = try BuiltBinary.run(["run", lesson.path])
    // The transcript shows the line as written; the comment changed nothing.
    #expect(
      r.stdout == """
        # A demo
        [t=0.000s] repl-lab> set tag #1   # a value that is a comment is no value
        error: 01-demo.lab:2: set needs one more argument. Usage: set KEY VALUE
        [t=0.000s] repl-lab> set tag x#1 # but this one is
        OK  seq 1 on db1 (master, epoch 1). async: acknowledged before any replica has it.

        """, "\(r.stdout)")
  }
}
