import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

/// A lesson script: one command per line, `#` lines are narration, blank lines are kept.
public struct Lesson: Sendable {
  /// File name without directory (`01-replication-log.lab`), used in error locations.
  public let fileName: String
  public let path: String
  public let lines: [String]

  public init(fileName: String, path: String, text: String) {
    self.fileName = fileName
    self.path = path
    // Split the bytes, not Characters: "\r\n" is one Character in Swift, and walking a long script
    // Character by Character costs far more than the bytes. A line ends at "\n" (dropping the "\r"
    // of CRLF), and one more "\r" at its end goes too.
    let cr = UInt8(ascii: "\r")
    // A byte-order mark some editors put first is not part of the title line.
    var bytes = Substring(text).utf8[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
      var bytes = line
      if bytes.last == cr { bytes = bytes.dropLast() }
      if bytes.last == cr { bytes = bytes.dropLast() }
      return String(Substring(bytes))
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

  /// The first narration line, without its `#`: the lesson's title, control characters made visible.
  public var title: String {
    guard let first = lines.first(where: { $0.hasPrefix("#") }) else { return name }
    return VisibleText.escape(Parser.trim(String(first.drop(while: { $0 == "#" }))))
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
