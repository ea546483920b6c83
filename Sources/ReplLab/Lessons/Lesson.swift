/// A lesson script: one command per line, `#` lines are narration, blank lines are kept.
public struct Lesson: Sendable {
  /// File name without directory (`01-replication-log.lab`), used in error locations.
  public let fileName: String
  public let path: String
  public let lines: [String]

  public init(fileName: String, path: String, text: String) {
    self.fileName = fileName
    self.path = path
    // "\r\n" is one Character in Swift, so splitting on "\n" alone would not split CRLF files at all.
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { line in
      line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
    }
    if lines.last == "" { lines.removeLast() }
    self.lines = lines
  }

  public static func load(_ path: String) throws(FileSystem.Failure) -> Lesson {
    Lesson(fileName: FileSystem.baseName(path), path: path, text: try FileSystem.read(path))
  }

  /// The lesson's name without extension (`01-replication-log`), which names its transcript.
  public var name: String {
    fileName.hasSuffix(".lab") ? String(fileName.dropLast(4)) : fileName
  }

  /// The first narration line, without its `#`: the lesson's title.
  public var title: String {
    guard let first = lines.first(where: { $0.hasPrefix("#") }) else { return name }
    return Parser.trim(String(first.drop(while: { $0 == "#" })))
  }

  /// The number in the file name (`03-master-failover` is 3), which orders the course.
  public var number: Int? {
    let digits = name.prefix(while: { $0.isASCII && $0.isNumber })
    return digits.isEmpty || digits.count > 6 ? nil : Int(digits)
  }

  /// Whether the title calls it an exercise (`# Exercise 27: ...`): a goal the lab checks.
  public var isExercise: Bool { title.lowercased().hasPrefix("exercise") }

  /// The title without its `Lesson 3:` or `Exercise 27:` label: what the lesson is about, in one line.
  public var summary: String {
    let t = title
    guard let colon = t.firstIndex(of: ":") else { return t }
    let label = t[..<colon].split(separator: " ")
    guard label.count == 2, ["lesson", "exercise"].contains(label[0].lowercased()),
      label[1].allSatisfy({ $0.isASCII && $0.isNumber })
    else { return t }
    return Parser.trim(String(t[t.index(after: colon)...]))
  }
}
