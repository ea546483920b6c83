/// A place in one server's binary log: a file and a byte offset in it (`mysql-bin.000002:1034`).
/// It means nothing on another server, whose files hold the same transactions at other offsets.
public struct BinlogCoordinates: Sendable, Equatable {
  /// The file's number, the suffix of `mysql-bin.NNNNNN`.
  public let file: Int
  public let position: Int

  public init(file: Int, position: Int) {
    self.file = file
    self.position = position
  }

  /// The file's name, as SHOW BINARY LOG STATUS prints it.
  public var fileName: String {
    let digits = String(file)
    return "mysql-bin." + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
  }

  public var text: String { "\(fileName):\(position)" }

  /// Reads `mysql-bin.000002:1034` (or `000002:1034`, `2:1034`).
  public init?(parsing text: String) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let pos = Int(parts[1]), pos >= 0 else { return nil }
    var name = Substring(parts[0].lowercased())
    if name.hasPrefix("mysql-bin.") { name = name.dropFirst("mysql-bin.".count) }
    guard !name.isEmpty, name.count <= 6, let n = Int(name), n > 0 else { return nil }
    file = n
    position = pos
  }
}
