import Foundation
import Testing

/// A piped line past the 4,096-byte limit is skipped to its newline and reported by its length,
/// in one pass and constant memory, and the lines after it run as usual.
@Suite struct LongLineTests {
  @Test func aHugeLineIsReportedByItsLengthAndTheNextLinesRun() throws {
    // 5 MB without a newline in the middle of a script: read once, not rescanned per block.
    let r = try OutputErrorTests.shell(
      "{ printf 'set x 1\\n'; head -c 5000000 /dev/zero | tr '\\\\0' a; printf '\\nget x\\n'; } | \"$BIN\"")
    #expect(r.status == 65, "a line too long is a mistake in the script")
    #expect(r.stdout.contains("error: the line is 5000000 bytes long; the limit is 4096"))
    #expect(r.stdout.hasSuffix("\"1\" from db1 (master, applied seq 1)\n"))
  }

  @Test func endlessInputWithoutANewlineRunsInConstantMemory() throws {
    // /dev/zero never ends: the reader must keep skipping without keeping what it skipped. Let it
    // run for a moment, then look at its peak memory.
    let r = try OutputErrorTests.shell(
      "\"$BIN\" < /dev/zero & pid=$!; sleep 2; grep VmHWM /proc/$pid/status; kill -9 $pid")
    let kb = r.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.first ?? 0
    #expect(kb > 0 && kb < 200_000, "peak resident memory \(kb) kB after 2 s of /dev/zero")
  }

  @Test func aLessonFileLargerThanSixteenMegabytesIsRefused() throws {
    let r = try OutputErrorTests.shell("head -c 17000000 /dev/zero > big.lab; \"$BIN\" run big.lab")
    #expect(r.status == 74)
    #expect(r.stderr.contains("larger than 16 MB"))
  }
}
