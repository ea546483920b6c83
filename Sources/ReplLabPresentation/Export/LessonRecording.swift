/// A lesson as it replayed, ready to become a web page: its narration, each command with what the
/// learner saw, and pictures of the cluster after each command. Pictures that come out the same
/// for several steps are kept once (`pictures`), and steps refer to them by index.
public struct LessonRecording: Sendable {
  /// One piece of the lesson, in file order.
  public enum Part: Sendable, Equatable {
    /// Narration: the `#` lines of one paragraph, without their `#`.
    case narration([String])
    /// A command the lesson ran: its step number (from 1), the prompt and command as the REPL
    /// echoed them, and what it printed (errors included), plain text.
    case command(step: Int, echo: String, output: String, isGoal: Bool)
    /// An exercise's hint, shown only when asked for.
    case hint(String)
    /// An exercise's goal check, as written.
    case check(String)
    /// An exercise's `solution` line: what follows is the solution, hidden until asked for.
    case solution
  }

  /// The pictures after one step (step 0: before the first command).
  public struct Snapshot: Sendable, Equatable {
    public var topology: Int
    public var lag: Int?
    /// What happened during the step, on the timeline; nil when nothing did.
    public var timeline: Int?

    public init(topology: Int, lag: Int? = nil, timeline: Int? = nil) {
      self.topology = topology
      self.lag = lag
      self.timeline = timeline
    }
  }

  public let name: String
  public let title: String
  public let isExercise: Bool
  public var parts: [Part] = []
  /// `snapshots[n]`: the pictures after step `n`.
  public var snapshots: [Snapshot] = []
  /// Each distinct SVG once.
  public private(set) var pictures: [String] = []
  /// The whole story at the end: the timeline's newest rows.
  public var finalTimeline: Int?
  private var index: [String: Int] = [:]

  public init(name: String, title: String, isExercise: Bool) {
    self.name = name
    self.title = title
    self.isExercise = isExercise
  }

  /// The index of `svg` in `pictures`, adding it the first time.
  public mutating func picture(_ svg: String) -> Int {
    if let i = index[svg] { return i }
    pictures.append(svg)
    index[svg] = pictures.count - 1
    return pictures.count - 1
  }

  /// How many commands the lesson ran.
  public var steps: Int { snapshots.count - 1 }
}
