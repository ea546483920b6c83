import ReplLab

/// Drives an interpreter the way a lesson does, for tests that check what a learner would see.
public struct Lab {
  public var interpreter: Interpreter

  public init(seed: UInt64 = 1) {
    interpreter = Interpreter(seed: seed)
  }

  public var cluster: Cluster { interpreter.cluster }

  /// Runs each line; returns the output of the last one. Fails the caller's expectations through
  /// `error` when a line was refused.
  @discardableResult
  public mutating func run(_ lines: String...) -> Reply {
    var last = Reply()
    for line in lines { last = interpreter.execute(line) }
    return last
  }

  /// Runs lines and returns everything they printed, errors included, one string.
  public mutating func transcript(_ lines: String...) -> String {
    var out: [String] = []
    for line in lines {
      let r = interpreter.execute(line)
      if !r.output.isEmpty { out.append(r.output) }
      if let e = r.error { out.append("error: " + e) }
    }
    return out.joined(separator: "\n")
  }
}
