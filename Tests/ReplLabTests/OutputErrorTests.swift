import Foundation
import ReplLabTestSupport
import Testing

/// Output the binary could not write is never lost in silence, and a file it cannot read is said
/// plainly, with its own exit status (74) and no usage banner.
@Suite struct OutputErrorTests {
  /// Runs `script` under /bin/sh, with `$BIN` the built `repl-lab`, in a directory of its own that
  /// holds the project's lessons and transcripts.
  static func shell(_ script: String) throws -> BuiltBinary.Result {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-out-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createSymbolicLink(atPath: dir + "/Lessons", withDestinationPath: Project.root + "/Lessons")
    try FileManager.default.createSymbolicLink(
      atPath: dir + "/Transcripts", withDestinationPath: Project.root + "/Transcripts")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    var env = ProcessInfo.processInfo.environment
    env["BIN"] = BuiltBinary.path
    process.environment = env
    process.currentDirectoryURL = URL(fileURLWithPath: dir)
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return .init(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }

  static let commands = [
    "\"$BIN\" run Lessons/01-replication-log.lab", "printf 'set x 1\\nstatus\\n' | \"$BIN\"", "\"$BIN\" check",
    "\"$BIN\" lessons", "\"$BIN\" --help", "\"$BIN\" run --help",
  ]

  @Test(arguments: commands)
  func aFullDiskIsReportedOnceAndFailsTheRun(command: String) throws {
    let r = try Self.shell("\(command) > /dev/full")
    #expect(r.status == 74, "\(command): \(r.status) \(r.stderr)")
    #expect(
      r.stderr.components(separatedBy: "cannot write standard output: No space left on device").count == 2,
      "\(r.stderr)")
  }

  @Test(arguments: commands)
  func aClosedStandardOutputIsReportedOnceAndFailsTheRun(command: String) throws {
    let r = try Self.shell("\(command) >&-")
    #expect(r.status == 74, "\(command): \(r.status) \(r.stderr)")
    #expect(
      r.stderr.components(separatedBy: "cannot write standard output: Bad file descriptor").count == 2, "\(r.stderr)")
  }

  @Test func aReaderThatLeavesEarlyIsQuiet() throws {
    // Far more output than a pipe holds: the writer meets the closed pipe.
    let r = try Self.shell(
      "i=0; while [ $i -lt 20000 ]; do echo \"set k$i v\"; i=$((i+1)); done > big.lab; \"$BIN\" run big.lab | head -1; \"$BIN\" < big.lab | head -1"
    )
    #expect(r.stderr.isEmpty, "\(r.stderr)")
    #expect(r.stdout.split(separator: "\n").count == 2)
  }

  @Test func runOnADirectoryOrAMissingFileSaysWhyWithoutTheUsageBanner() throws {
    for (target, reason) in [("Lessons/", "Is a directory"), ("no-such.lab", "No such file or directory")] {
      let r = try Self.shell("\"$BIN\" run \(target)")
      #expect(r.status == 74, "\(target): \(r.status)")
      #expect(r.stderr.contains("cannot read \(target): \(reason)"), "\(r.stderr)")
      #expect(!r.stderr.contains("Usage:"))
      #expect(r.stdout.isEmpty)
    }
    let lessons = try Self.shell("\"$BIN\" check --lessons Lessons/01-replication-log.lab")
    #expect(lessons.status == 74 && !lessons.stderr.contains("Usage:"), "\(lessons.status) \(lessons.stderr)")
    // A mistyped command line still gets the usage banner, and its own status.
    let usage = try Self.shell("\"$BIN\" run")
    #expect(usage.status == 64 && usage.stderr.contains("Usage:"))
  }
}
