import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// The client lessons (30-33) replayed through an interpreter: the history checker must find every
/// anomaly they produce (compared with a brute-force reading of the definitions) and none among the
/// reads made while the client had a fix on for that guarantee.
@Suite struct ClientLessonTests {
  /// A lesson's histories (one per `history clear`) and, for each read, the fixes its client had on.
  struct Replay {
    var segments: [[ClientOperation]] = []
    /// segment index, read number -> guarantees whose fix was on when the read ran.
    var fixedAt: [Int: [Int: Set<Guarantee>]] = [:]
    /// Reads the lab flagged while the lesson ran (as the learner saw them).
    var flaggedOnline = 0
  }

  static func replay(_ file: String) throws -> Replay {
    let lesson = try Lesson.load(Project.root + "/Lessons/" + file)
    var interpreter = Interpreter()
    var replay = Replay()
    var recorded = 0
    for line in lesson.lines {
      let trimmed = Parser.trim(line)
      if trimmed == "ops clear" {
        replay.segments.append(Array(interpreter.clients.history.operations))
      }
      let reply = interpreter.execute(trimmed)
      #expect(reply.error == nil, "\(file): `\(trimmed)` failed: \(reply.error ?? "")")
      let history = interpreter.clients.history
      if trimmed == "ops clear" { recorded = 0 }
      if history.recorded > recorded, let op = history.operations.last, op.isAnsweredRead {
        let session = interpreter.clients.sessions[op.client]!
        replay.fixedAt[replay.segments.count, default: [:]][op.number] = Set(session.guarantees)
        if reply.output.contains(" broken: ") { replay.flaggedOnline += 1 }
      }
      recorded = history.recorded
    }
    replay.segments.append(Array(interpreter.clients.history.operations))
    return replay
  }

  struct Verdict: Hashable, CustomStringConvertible {
    let guarantee: Guarantee
    let read: Int
    var description: String { "#\(read) \(guarantee.rawValue)" }
  }

  /// The definitions read literally, over every pair (and triple) of operations.
  static func bruteForce(_ ops: [ClientOperation]) -> Set<Verdict> {
    var found: Set<Verdict> = []
    for (i, r) in ops.enumerated() where r.isAnsweredRead {
      let before = ops[..<i]
      let own = before.last { op in
        if case .write(_, _, _, true) = op.kind { return op.client == r.client && op.key == r.key }
        return false
      }
      if let own, r.version < own.version { found.insert(Verdict(guarantee: .readYourWrites, read: r.number)) }
      if before.contains(where: {
        $0.isAnsweredRead && $0.client == r.client && $0.key == r.key && $0.version > r.version
      }) {
        found.insert(Verdict(guarantee: .monotonicReads, read: r.number))
      }
      for p in before where p.isAnsweredRead && p.client == r.client && p.key != r.key {
        if before.contains(where: { $0.isWrite && $0.key == r.key && $0.version > r.version && $0.version < p.version })
        {
          found.insert(Verdict(guarantee: .consistentPrefix, read: r.number))
        }
      }
    }
    return found
  }

  static let lessons: [(file: String, shows: Set<Guarantee>)] = [
    ("22-read-your-writes.lab", [.readYourWrites]),
    ("23-monotonic-reads.lab", [.monotonicReads]),
    ("24-consistent-prefix.lab", [.consistentPrefix]),
    ("25-history-check.lab", [.readYourWrites, .monotonicReads, .consistentPrefix]),
  ]

  @Test(
    "the checker finds every anomaly a lesson produces, and none where the fix is on", arguments: lessons.map(\.file))
  func checkerMatchesTheDefinitions(_ file: String) throws {
    let shows = Self.lessons.first { $0.file == file }!.shows
    let replay = try Self.replay(file)
    var found: Set<Guarantee> = []
    var fixedReads: Set<Guarantee> = []
    var total = 0
    for (index, ops) in replay.segments.enumerated() {
      let checked = HistoryChecker.check(ops)
      let verdicts = Set(checked.map { Verdict(guarantee: $0.guarantee, read: $0.read.number) })
      #expect(verdicts == Self.bruteForce(ops), "\(file) segment \(index)")
      for v in checked {
        found.insert(v.guarantee)
        let fixed = replay.fixedAt[index]?[v.read.number] ?? []
        #expect(
          !fixed.contains(v.guarantee), "\(file): #\(v.read.number) broke \(v.guarantee.rawValue) with its fix on")
      }
      total += Set(checked.map(\.read.number)).count
      for fixes in (replay.fixedAt[index] ?? [:]).values { fixedReads.formUnion(fixes) }
    }
    // The lesson shows its anomaly, and then reads with the fix on.
    #expect(shows.isSubset(of: found), "\(file) should show \(shows.map(\.rawValue)), found \(found.map(\.rawValue))")
    #expect(shows.isSubset(of: fixedReads), "\(file) should read with a fix on for \(shows.map(\.rawValue))")
    // What the lab said while the lesson ran is what the checker finds afterwards.
    #expect(replay.flaggedOnline == total)
  }
}
