import Testing

@testable import ReplLabCommands
@testable import ReplLabModel

/// Parsing of `positions`, `repoint`, `on NODE set|del`, `rejoin` and `rewind`, and the one-line
/// error for each way of getting them wrong.
@Suite struct PositionCommandTests {
  static func error(_ line: String) -> String? { ParserTests.error(line) }

  @Test(arguments: [
    ("positions FILE", Command.positions(.file)),
    ("positions gtid", .positions(.gtid)),
    ("repoint db3 db2", .repoint("db3", to: "db2", at: nil)),
    (
      "repoint db3 master at mysql-bin.000002:417",
      .repoint("db3", to: "master", at: BinlogCoordinates(file: 2, position: 417))
    ),
    ("on db3 set promo 1", .writeOn(node: "db3", key: "promo", value: "1")),
    ("on db3 DEL promo", .writeOn(node: "db3", key: "promo", value: nil)),
    ("rejoin full-resync", .rejoin(.fullResync)),
    ("rejoin Manual", .rejoin(.manual)),
    ("rewind db1", .rewind("db1")),
  ])
  func parses(_ line: String, _ expected: Command) throws {
    #expect(try Parser.parse(line) == expected)
  }

  @Test func errors() {
    #expect(
      Self.error("positions lsn") == "unknown positions 'lsn'; use seq, file or gtid. Usage: positions seq|file|gtid")
    #expect(Self.error("repoint db3")?.hasPrefix("repoint needs one more argument") == true)
    #expect(Self.error("repoint db3 db2 mysql-bin.000002:417")?.hasPrefix("expected `at FILE:POS`") == true)
    #expect(Self.error("repoint db3 db2 at 417")?.hasPrefix("'417' is not a binlog position") == true)
    #expect(Self.error("on db3 get promo")?.hasPrefix("expected `set KEY VALUE` or `del KEY`") == true)
    #expect(Self.error("on db3 set promo")?.hasPrefix("`set` needs a key and a value") == true)
    #expect(Self.error("rejoin undo")?.hasPrefix("unknown rejoin mode 'undo'; use rollback, rewind") == true)
    #expect(Self.error("rewind")?.hasPrefix("rewind needs one more argument") == true)
  }
}
