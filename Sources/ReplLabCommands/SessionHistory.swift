import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// The commands of one session, in order, so `undo` can replay all but the last and `save` can write
/// them as a lesson. Views are kept for `save` but skipped on replay: they change nothing.
///
/// Bounded: a piped run of a million lines must not keep a million strings. Past `capacity` the
/// history stops recording and `undo` and `save` say why they cannot help.
public struct SessionHistory: Sendable {
  public static let capacity = 10_000

  public struct Entry: Sendable, Equatable {
    public let line: String
    /// False for views (`status`, `lag`, `expect` ...), which a replay skips.
    public let changes: Bool
  }

  /// The seed the session started from: a replay starts there too.
  public let seed: UInt64
  public private(set) var entries: [Entry] = []
  /// More commands ran than `capacity`; the history is incomplete from then on.
  public private(set) var overflowed = false

  public init(seed: UInt64) { self.seed = seed }

  package mutating func record(_ line: String, changes: Bool) {
    guard !overflowed else { return }
    if entries.count == Self.capacity {
      overflowed = true
      entries = []
      return
    }
    entries.append(Entry(line: line, changes: changes))
  }

  /// The index of the last command that changed something: what `undo` takes back.
  package var lastChange: Int? { entries.lastIndex(where: \.changes) }

  /// The session as a lesson script that `repl-lab run` replays.
  package func script(named name: String) -> String {
    var lines = [
      "# Saved from a repl-lab session. Replay it with `repl-lab run \(name)`;",
      "# add `#` lines of narration to turn it into a lesson.",
    ]
    if seed != 1 { lines.append("seed \(seed)") }
    lines += entries.map(\.line)
    return lines.joined(separator: "\n") + "\n"
  }
}
