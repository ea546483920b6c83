import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct ParserTests {
  @Test func asciiLinesSplitOnBytesExactlyAsByCharacters() throws {
    var random = SeededGenerator(seed: 3)
    let alphabet = Array("ab \t\"xyz-1.()#")
    for _ in 0..<2000 {
      let line = String(
        (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
      let general = Result { () throws(CommandError) in try Tokenizer.splitCharacters(line) }
      switch general {
      case .success(let words): #expect(Tokenizer.splitPlainASCII(line) == words, "\(line.debugDescription)")
      case .failure: #expect(Tokenizer.splitPlainASCII(line) == nil, "\(line.debugDescription)")
      }
    }
    // Anything else takes the general path.
    #expect(Tokenizer.splitPlainASCII("set k caf\u{e9}") == nil)
    #expect(Tokenizer.splitPlainASCII("set k \u{7f}") == nil)
    #expect(Parser.trim(" \t set k v \r\n") == "set k v")
    #expect(Parser.trim(" \u{301}set k v") == " \u{301}set k v")
  }

  /// The error text for a line that must not parse.
  static func error(_ line: String) -> String? {
    do {
      let command = try Parser.parse(line)
      Issue.record("'\(line)' parsed as \(command), expected an error")
      return nil
    } catch {
      return error.text
    }
  }

  // MARK: Every command

  @Test(arguments: [
    ("set k v", Command.set(key: "k", value: "v")),
    ("get k", .get(key: "k", from: nil)),
    ("get k from db2", .get(key: "k", from: "db2")),
    ("get k from master", .get(key: "k", from: "master")),
    ("del k", .del(key: "k")),
    ("wait 250ms", .wait(250)),
    ("settle", .settle),
    ("crash db1", .crash("db1", .host)),
    ("crash master", .crash("master", .host)),
    ("crash db1 process", .crash("db1", .process)),
    ("crash db1 HOST", .crash("db1", .host)),
    ("restart db2", .restart("db2")),
    ("promote", .promote(nil)),
    ("promote db3", .promote("db3")),
    ("delay db3 500ms", .delay("db3", 500)),
    ("sync-mode async", .syncMode(.async)),
    ("sync-mode semi", .syncMode(.semi)),
    ("sync-mode sync", .syncMode(.sync)),
    ("add replica db4", .addReplica("db4")),
    ("remove db3", .remove("db3")),
    ("reset", .reset),
    ("seed 42", .seed(42)),
    ("seed 18446744073709551615", .seed(UInt64.max)),
    ("status", .status),
    ("log", .log(node: nil, last: nil)),
    ("log db2", .log(node: "db2", last: nil)),
    ("log last 5", .log(node: nil, last: 5)),
    ("log db2 last 5", .log(node: "db2", last: 5)),
    ("lag", .lag),
    ("help", .help(nil)),
    ("help promote", .help("promote")),
    ("help add replica", .help("add replica")),
    ("lessons", .lessons),
    ("quit", .quit),
    ("exit", .quit),
    ("", .blank),
    ("   \t ", .blank),
    ("# a narration line", .narration("# a narration line")),
    ("  # indented narration  ", .narration("# indented narration")),
  ])
  func parses(_ line: String, _ expected: Command) throws {
    #expect(try Parser.parse(line) == expected)
  }

  @Test func everyRegisteredCommandParsesItsExample() throws {
    for spec in CommandRegistry.all {
      let command = try Parser.parse(spec.example)
      #expect(command != .blank, "example of \(spec.name)")
    }
  }

  @Test func surroundingWhitespaceAndLineEndingsAreIgnored() throws {
    #expect(try Parser.parse("  set  k \t v  \r\n") == .set(key: "k", value: "v"))
  }

  // MARK: Case

  @Test(arguments: [
    ("SET k v", Command.set(key: "k", value: "v")),
    ("Get k FROM DB2", .get(key: "k", from: "db2")),
    ("CRASH Master", .crash("master", .host)),
    ("Sync-Mode SEMI", .syncMode(.semi)),
    ("ADD REPLICA DB4", .addReplica("db4")),
    ("Log DB2 LAST 3", .log(node: "db2", last: 3)),
    ("WAIT 2S", .wait(2000)),
    ("Help PROMOTE", .help("promote")),
    ("EXIT", .quit),
  ])
  func keywordsAreCaseInsensitive(_ line: String, _ expected: Command) throws {
    #expect(try Parser.parse(line) == expected)
  }

  @Test func keysAndValuesKeepTheirCase() throws {
    #expect(try Parser.parse("set Balance MiXeD") == .set(key: "Balance", value: "MiXeD"))
  }

  // MARK: Quotes

  @Test func quotedValues() throws {
    #expect(try Parser.parse(#"set motd "hello world""#) == .set(key: "motd", value: "hello world"))
    #expect(try Parser.parse(#"set "k" "v""#) == .set(key: "k", value: "v"))
    #expect(try Parser.parse(#"set k a"b c"d"#) == .set(key: "k", value: "ab cd"))
    #expect(try Parser.parse(#"set k "  spaced  ""#) == .set(key: "k", value: "  spaced  "))
    #expect(try Tokenizer.split(#"a "" b"#) == ["a", "", "b"])
  }

  // MARK: Comments

  @Test func aHashThatStartsAWordOutsideQuotesStartsAComment() throws {
    #expect(
      try Tokenizer.split("client alice reads round-robin   # reads take turns") == [
        "client", "alice", "reads", "round-robin",
      ])
    #expect(try Tokenizer.split("set k v #") == ["set", "k", "v"])
    #expect(try Tokenizer.split("set k v\t#tab before") == ["set", "k", "v"])
    // Inside a word or inside quotes, `#` is text.
    #expect(try Tokenizer.split("set user#1 x") == ["set", "user#1", "x"])
    #expect(try Tokenizer.split(#"set k "a # b" # note"#) == ["set", "k", "a # b"])
    #expect(try Tokenizer.split(#"set k v # a "quote" left open: ""#) == ["set", "k", "v"])
    // The general path (non-ASCII) agrees, and a comment may hold any printable text.
    #expect(try Tokenizer.split("set k café # le café") == ["set", "k", "café"])
    #expect(try Tokenizer.split("set k v # café") == ["set", "k", "v"])
    #expect(try Parser.parse("set k v   # the first write") == .set(key: "k", value: "v"))
    #expect(try Parser.parse("settle # let it quiet down") == .settle)
  }

  @Test func questionMarkClearAndSource() throws {
    #expect(try Parser.parse("?") == .help(nil))
    #expect(try Parser.parse("? crash") == .help("crash"))
    #expect(try Parser.parse("clear") == .clear)
    #expect(try Parser.parse("source setup.lab") == .source("setup.lab"))
    #expect(Self.error("source")?.contains("Usage: source FILE") == true)
  }

  @Test func aCommentStillRefusesControlCharacters() {
    #expect(Self.error("set k v # \u{7}")?.contains("control character U+0007") == true)
  }

  @Test func unclosedQuote() {
    #expect(Self.error(#"set k "abc"#)?.contains("double quote is not closed") == true)
  }

  // MARK: Unknown commands

  @Test func unknownCommandSuggestsTheClosestOne() {
    #expect(Self.error("sett k v") == "unknown command 'sett'; did you mean `set`? (`help` lists every command)")
    #expect(Self.error("stauts")?.contains("did you mean `status`?") == true)
    #expect(Self.error("promte")?.contains("did you mean `promote`?") == true)
    #expect(Self.error("sync")?.contains("did you mean `sync-mode`?") == true)
  }

  @Test func unknownCommandWithoutACloseMatch() {
    #expect(Self.error("xyzzy") == "unknown command 'xyzzy'; `help` lists every command")
  }

  @Test func longUnknownWordIsShortenedInTheMessage() {
    let word = String(repeating: "q", count: 40)
    let message = Self.error(word)
    #expect(message?.contains(String(repeating: "q", count: 24) + "...") == true)
    #expect(message?.contains(word) == false)
  }

  @Test func twoWordCommandWithAWrongSecondWord() {
    #expect(Self.error("add witness db4") == "`add` needs one of: replica, standby. Usage: add replica NAME")
    #expect(Self.error("add") == "`add` needs one of: replica, standby. Usage: add replica NAME")
  }

  // MARK: Arity

  @Test func missingArguments() {
    #expect(Self.error("set k") == "set needs one more argument. Usage: set KEY VALUE")
    #expect(Self.error("set") == "set needs 2 arguments. Usage: set KEY VALUE")
    #expect(Self.error("get") == "get needs one more argument. Usage: get KEY [from NODE]")
    #expect(Self.error("crash")?.hasPrefix("crash needs one more argument") == true)
    #expect(Self.error("wait")?.hasPrefix("wait needs one more argument") == true)
    #expect(Self.error("add replica")?.hasPrefix("add replica needs one more argument") == true)
    #expect(Self.error("get k from") == "`from` needs a node name. Usage: get KEY [from NODE]")
    #expect(Self.error("log last") == "`last` needs a number. Usage: log [NODE] [last N]")
  }

  @Test func extraArguments() {
    #expect(Self.error("set k v w") == "set takes at most 2 arguments, but got 'w' too. Usage: set KEY VALUE")
    #expect(Self.error("status now") == "status takes no arguments, but got 'now' too. Usage: status")
    #expect(
      Self.error("promote db2 db3") == "promote takes at most 1 argument, but got 'db3' too. Usage: promote [NODE]")
    #expect(Self.error("del a b c")?.contains("but got 'b c' too") == true)
    #expect(Self.error("quit now") == "quit takes no arguments, but got 'now' too. Usage: quit")
  }

  @Test func exitWithArgumentsIsRefusedLikeQuit() {
    #expect(Self.error("exit now") == "quit takes no arguments, but got 'now' too. Usage: quit")
  }

  @Test func malformedArguments() {
    #expect(Self.error("get k to db2") == "expected `from NODE` after the key, got 'to'. Usage: get KEY [from NODE]")
    #expect(Self.error("sync-mode fast") == "unknown mode 'fast'. Usage: sync-mode async|semi|sync")
    #expect(Self.error("log db2 db3")?.hasPrefix("expected `last N`, got 'db3'") == true)
    #expect(Self.error("log last 0")?.hasPrefix("last must be between 1 and 100000") == true)
    #expect(Self.error("log last x")?.hasPrefix("'x' is not a whole number for last") == true)
    #expect(Self.error("seed -1")?.hasPrefix("'-1' is not a seed") == true)
    #expect(Self.error("seed 18446744073709551616")?.hasPrefix("'18446744073709551616' is not a seed") == true)
    #expect(Self.error("crash db/1")?.hasPrefix("'db/1' is not a node name") == true)
    #expect(Self.error("crash abcdefghijklmnopq")?.hasPrefix("'abcdefghijklmnopq' is not a node name") == true)
  }

  // MARK: Durations

  @Test(arguments: [
    ("250ms", SimTime(250)), ("2s", 2000), ("1.5s", 1500), ("1m", 60_000), ("2min", 120_000),
    ("1h", 3_600_000), ("1ms", 1), ("0.5s", 500), ("24h", 86_400_000), ("10MS", 10),
  ])
  func durations(_ word: String, _ ms: SimTime) throws {
    #expect(try Parser.parse("wait \(word)") == .wait(ms))
    #expect(try Parser.parse("delay db2 \(word)") == .delay("db2", ms))
  }

  @Test(arguments: ["5x", "-5s", "0ms", "2d", "5", "ms", ".5s", "5.s", "1.2.3s", "0.4ms", "25h", "1e3ms", "s5"])
  func badDurations(_ word: String) {
    let message = Self.error("wait \(word)")
    #expect(message?.contains("'\(word)'") == true)
    #expect(message?.hasSuffix("Usage: wait DURATION") == true)
  }

  @Test func durationMessagesSayWhatIsWrong() {
    #expect(Self.error("wait 0ms")?.contains("shorter than a millisecond") == true)
    #expect(Self.error("wait 2d")?.contains("is not a duration") == true)
    #expect(Self.error("wait 25h")?.contains("longer than a day") == true)
  }

  // MARK: Keys and values

  @Test func emptyKey() {
    #expect(Self.error(#"set "" 1"#) == "the key is empty. Usage: set KEY VALUE")
    #expect(Self.error(#"get """#) == "the key is empty. Usage: get KEY [from NODE]")
  }

  @Test func emptyValue() {
    #expect(Self.error(#"set k """#) == "the value is empty. Usage: set KEY VALUE")
  }

  @Test func nonASCIIKey() throws {
    #expect(
      Self.error("set café 1")
        == "'café' is not a key: keys use ASCII letters, digits and _ . : -. Usage: set KEY VALUE")
    #expect(Self.error("del 键")?.contains("is not a key") == true)
    #expect(Self.error("set a/b 1")?.contains("is not a key") == true)
    #expect(try Parser.parse("set user:1.name_x-y 1") == .set(key: "user:1.name_x-y", value: "1"))
  }

  @Test func nonASCIIValueIsFine() throws {
    #expect(try Parser.parse("set k café") == .set(key: "k", value: "café"))
  }

  @Test func lengthLimitsOfKeysAndValues() throws {
    let key64 = String(repeating: "k", count: 64)
    #expect(try Parser.parse("set \(key64) v") == .set(key: key64, value: "v"))
    #expect(Self.error("set \(key64)k v")?.hasPrefix("the key is longer than 64 characters") == true)
    let value256 = String(repeating: "v", count: 256)
    #expect(try Parser.parse("set k \(value256)") == .set(key: "k", value: value256))
    #expect(Self.error("set k \(value256)v")?.hasPrefix("the value is longer than 256 characters") == true)
  }

  // MARK: Whole-line checks

  @Test func overLongLine() {
    let line = "set k " + String(repeating: "x", count: 4994)
    #expect(line.utf8.count == 5000)
    #expect(Self.error(line) == "the line is 5000 bytes long; the limit is 4096")
  }

  @Test func lineAtTheLimitIsTokenized() throws {
    let line = "x " + String(repeating: "x", count: Tokenizer.maxLineLength - 2)
    #expect(try Tokenizer.split(line).count == 2)
  }

  @Test(arguments: [
    ("set k \u{7}", "U+0007"), ("set k\u{0}v", "U+0000"), ("status\u{1B}[A", "U+001B"),
    ("set k a\u{7F}", "U+007F"), ("set k a\u{85}b", "U+0085"), ("set k a\nb", "U+000A"),
  ])
  func controlCharacters(_ line: String, _ code: String) {
    #expect(Self.error(line) == "the line contains control character \(code); commands are plain text")
  }

  @Test func tabsSeparateWords() throws {
    #expect(try Parser.parse("set\tk\tv") == .set(key: "k", value: "v"))
  }

  // MARK: Names for new nodes

  @Test(arguments: ["master", "leader", "primary", "all", "from", "last", "replica", "MASTER"])
  func reservedNamesForAddReplica(_ name: String) {
    #expect(
      Self.error("add replica \(name)")
        == "'\(name.lowercased())' is a reserved word; pick a name like db4. Usage: add replica NAME")
  }

  @Test func newNodeNameMustStartWithALetter() {
    #expect(Self.error("add replica 4db") == "'4db' must start with a letter. Usage: add replica NAME")
    #expect(Self.error("add replica _x")?.contains("must start with a letter") == true)
  }
}
