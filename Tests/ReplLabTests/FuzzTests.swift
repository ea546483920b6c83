import Foundation
import Testing

@testable import ReplLab

/// Random and mutated command lines thrown at the interpreter: nothing traps, every refused line is
/// exactly one error line, and a refused line leaves the cluster as it was.
@Suite struct FuzzTests {
  /// Words a line is built from: every command word, the lab's vocabulary, and hostile tokens.
  static let words: [String] =
    CommandRegistry.firstWords + [
      "replica", "standby", "from", "last", "master", "leader", "primary", "db1", "db2", "db3", "db4",
      "db9", "x", "k1", "balance", "1", "0", "-1", "3", "20ms", "1s", "2s", "-5s", "0ms", "5x", "1.5s",
      "99999999999999999999", "1e9", "writes", "over", "keys", "async", "semi", "sync", "acks",
      "timeout", "wait-point", "after_commit", "first", "any", "all", "on", "off", "auto", "manual",
      "statement", "row", "mixed", "now()", "rand()", "uuid()", "sysdate()", "100/s", "alice", "reads",
      "sticky", "round-robin", "read-your-writes", "monotonic-reads", "window", "orch", "app", "\"\"",
      "\"a b\"", "\"unclosed", "é", "日本", "🙂", "\u{07}", "\t", "#", "--svg",
    ]

  /// A random line: mostly a real command word followed by random words, sometimes noise.
  static func line(_ g: inout SeededGenerator) -> String {
    switch Int.random(in: 0..<20, using: &g) {
    case 0: return ""
    case 1: return String(repeating: "a", count: Int.random(in: 4000...6000, using: &g))
    case 2: return String((0..<Int.random(in: 1...12, using: &g)).map { _ in Character(Unicode.Scalar(UInt8.random(in: 1...127, using: &g))) })
    default:
      let count = Int.random(in: 1...5, using: &g)
      return (0..<count).map { _ in words.randomElement(using: &g)! }.joined(separator: " ")
    }
  }

  /// What a refused line must not change, cheap enough to take before every line.
  struct Digest: Equatable {
    let clock: SimTime
    let epoch: Int
    let master: String?
    let mode: SyncMode
    let queued: Int
    let pending: [Int]
    let keys: Int
    let nodes: [String]
    let random: UInt64

    init(_ c: Cluster) {
      clock = c.now
      epoch = c.epoch
      master = c.masterName
      mode = c.syncMode
      queued = c.queue.count
      pending = c.pendingWrites.map(\.seq)
      keys = c.keys.count
      nodes = c.orderedNodes.map { n in
        "\(n.name) \(n.role) \(n.isUp) \(n.epoch) \(n.applied) \(n.log.firstSeq)-\(n.log.lastSeq) \(n.data.pairs.map { "\($0.0)=\($0.1)" })"
      }
      var r = c.random
      random = r.next()
    }
  }

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func randomLinesNeverTrapAndRefusedLinesChangeNothing(seed: UInt64) {
    var g = SeededGenerator(seed: seed)
    var lab = Interpreter(seed: seed)
    // `save` and `timeline --svg` write files: into a directory of the test's own, never the package.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("repl-lab-fuzz-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    lab.workingDirectory = scratch
    var refused = 0
    for _ in 0..<1500 {
      let text = Self.line(&g)
      // `load` and long waits are fine but slow in a debug build; the words keep them small.
      let before = Digest(lab.cluster)
      let reply = lab.execute(text)
      guard let error = reply.error else { continue }
      refused += 1
      #expect(!error.contains("\n"), "a multi-line error for \(text.debugDescription): \(error)")
      #expect(reply.output.isEmpty, "output beside the error for \(text.debugDescription)")
      let after = Digest(lab.cluster)
      #expect(after == before, "\(text.debugDescription) was refused but changed the cluster")
      if after != before { return }
    }
    #expect(refused > 300)
  }
}
