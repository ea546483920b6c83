import Foundation
import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabCommands
@testable import ReplLabPresentation

/// Lesson files as editors and file systems leave them: a byte-order mark, control characters in
/// narration, transcripts without a lesson, unreadable transcripts, a `--bless` that was killed.
@Suite struct LessonFileTests {
  static func scratch() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-lessonfile-\(UUID().uuidString)")
      .path
    try FileManager.default.createDirectory(atPath: dir + "/Lessons", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: dir + "/Transcripts", withIntermediateDirectories: true)
    return dir
  }

  @Test func aByteOrderMarkIsNotPartOfTheTitle() throws {
    let lesson = Lesson(fileName: "01-bom.lab", path: "01-bom.lab", text: "\u{FEFF}# Lesson 1: marked\r\nset x 1\n")
    #expect(lesson.lines == ["# Lesson 1: marked", "set x 1"])
    #expect(lesson.title == "Lesson 1: marked")
    let run = LessonRunner.run(lesson)
    #expect(run.errors == 0)
    #expect(run.transcript.hasPrefix("# Lesson 1: marked\n"))
    // Only a mark at the very start goes.
    #expect(Lesson(fileName: "a.lab", path: "a.lab", text: "# a\n\u{FEFF}set x 1\n").lines[1] == "\u{FEFF}set x 1")
  }

  @Test func pipedInputDropsAByteOrderMarkToo() throws {
    let r = try BuiltBinary.run([], input: "\u{FEFF}set x 1\n")
    #expect(r.stdout.hasPrefix("OK  seq 1 on db1"), "\(r.stdout)")
  }

  @Test func controlCharactersAreShownNotObeyed() {
    #expect(VisibleText.escape("plain\ttext") == "plain\ttext")
    #expect(VisibleText.escape("\u{1b}[31mred\u{1b}]0;title\u{07}") == "^[[31mred^[]0;title^G")
    #expect(VisibleText.escape("a\u{7f}b\u{9b}c\u{202e}d é") == "a^?b<U+009B>c<U+202E>d é")
    let text = "# Lesson 1: \u{1b}]0;pwned\u{07}title\n# \u{1b}[2Jnarration\nset x 1 \u{1b}[31m\n# closing \u{1b}[0m\n"
    let lesson = Lesson(fileName: "01-esc.lab", path: "01-esc.lab", text: text)
    // In a transcript: plain text, the sequences spelled out.
    let transcript = LessonRunner.run(lesson).transcript
    #expect(!transcript.contains("\u{1b}") && !transcript.contains("\u{07}"))
    #expect(transcript.contains("# ^[[2Jnarration"))
    #expect(lesson.title == "Lesson 1: ^[]0;pwned^Gtitle")
    // Taken step by step at the prompt.
    let guided = GuidedLesson(lesson)
    #expect(guided.show() == "  ^[[2Jnarration\n\nnext: set x 1 ^[[31m    (Enter runs it)")
  }

  @Test func checkWarnsAboutATranscriptWithoutALesson() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "# Demo\nset x 1\n".write(toFile: dir + "/Lessons/01-demo.lab", atomically: true, encoding: .utf8)
    let blessed = try BuiltBinary.run(["check", "--bless"], environment: ["CI": ""], in: dir)
    #expect(blessed.status == 0)
    try "old\n".write(toFile: dir + "/Transcripts/00-renamed.txt", atomically: true, encoding: .utf8)
    let r = try BuiltBinary.run(["check"], in: dir)
    #expect(r.status == 0, "a stray transcript is a warning, not a failure")
    #expect(r.stdout.contains("warning: Transcripts/00-renamed.txt has no lesson in Lessons/"))
    #expect(r.stdout.hasSuffix("1 lesson: 1 matched, 0 differ, 0 without transcript\n"))
  }

  @Test func anUnreadableTranscriptIsNotMissingAndBlessLeavesItAlone() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "# Demo\nset x 1\n".write(toFile: dir + "/Lessons/01-demo.lab", atomically: true, encoding: .utf8)
    // (The tests may run as root, who reads any file: a directory is unreadable for everyone.)
    try FileManager.default.createDirectory(
      atPath: dir + "/Transcripts/01-demo.txt/keep", withIntermediateDirectories: true)
    let r = try BuiltBinary.run(["check"], in: dir)
    #expect(r.status == 74)
    #expect(r.stdout.contains("UNREADABLE 01-demo: cannot read Transcripts/01-demo.txt: Is a directory"), "\(r.stdout)")
    #expect(!r.stdout.contains("MISSING"))
    let bless = try BuiltBinary.run(["check", "--bless"], environment: ["CI": ""], in: dir)
    #expect(bless.status == 74)
    #expect(bless.stdout.contains("not rewritten"))
    #expect(bless.stdout.contains("0 transcripts rewritten, 0 unchanged, 1 unreadable"))
    #expect(FileManager.default.fileExists(atPath: dir + "/Transcripts/01-demo.txt/keep"))
  }

  @Test func blessRemovesTheTemporaryFilesAKilledBlessLeft() throws {
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "# Demo\nset x 1\n".write(toFile: dir + "/Lessons/01-demo.lab", atomically: true, encoding: .utf8)
    // A process that is gone (pid numbers stop well below 2^31 - 2), and this one, still running.
    let stale = dir + "/Transcripts/01-demo.txt.tmp-2147483646"
    let live = dir + "/Transcripts/01-demo.txt.tmp-\(getpid())"
    for path in [stale, live] { #expect(FileManager.default.createFile(atPath: path, contents: Data())) }
    let r = try BuiltBinary.run(["check", "--bless"], environment: ["CI": ""], in: dir)
    #expect(r.status == 0)
    #expect(r.stdout.contains("removed  Transcripts/01-demo.txt.tmp-2147483646, left by a run that was stopped"))
    #expect(!FileManager.default.fileExists(atPath: stale))
    #expect(FileManager.default.fileExists(atPath: live), "a running process may still be writing it")
    #expect(FileManager.default.fileExists(atPath: dir + "/Transcripts/01-demo.txt"))
  }
}
