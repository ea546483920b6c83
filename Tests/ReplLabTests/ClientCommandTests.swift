import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// `client`, `as`, `clients` and `ops` as the parser reads them, and the interpreter's answer
/// to bad input: one `error:` line, nothing changed.
@Suite struct ClientCommandTests {
  @Test func clientSettingsParseInOrder() throws {
    let c = try Parser.parse(
      "client Alice reads sticky db3 read-your-writes window 1.5s monotonic-reads refuse consistent-prefix sticky timeout 2s warnings off"
    )
    #expect(
      c
        == .client(
          name: "alice",
          settings: [
            .reads(.sticky, node: "db3"), .fix(.readYourWrites, .window(1500), node: nil),
            .fix(.monotonicReads, .refuse, node: nil),
            .fix(.consistentPrefix, .sticky, node: nil), .timeout(2000), .warnings(false),
          ]))
    #expect(
      try Parser.parse("client bob monotonic-reads sticky db2")
        == .client(name: "bob", settings: [.fix(.monotonicReads, .sticky, node: "db2")]))
    #expect(try Parser.parse("client bob") == .client(name: "bob", settings: []))
  }

  @Test func asWrapsTheDataCommands() throws {
    #expect(
      try Parser.parse("as alice set bio \"likes cats\"")
        == .asClient(name: "alice", .set(key: "bio", value: "likes cats")))
    #expect(try Parser.parse("as alice get bio from db3") == .asClient(name: "alice", .get(key: "bio", from: "db3")))
    #expect(try Parser.parse("AS alice DEL bio") == .asClient(name: "alice", .del(key: "bio")))
  }

  @Test(arguments: [
    ("as", "`as` needs a client name and a command"),
    ("as bob", "`as bob` needs a command to run as bob: set, get or del"),
    ("as bob status", "`as` runs set, get or del as a client; `status` is not something a client does"),
    ("as bob get", "get needs one more argument"),
    ("as bob frobnicate x", "unknown command 'frobnicate'"),
    ("client", "client needs one more argument"),
    ("client 7up", "'7up' is not a client name"),
    ("client all", "'all' is a reserved word"),
    ("client alice linearizable on", "unknown setting or guarantee 'linearizable'"),
    ("client alice monotonic-read wait", "did you mean `monotonic-reads`?"),
    ("client alice read-your-writes refuse", "read-your-writes cannot use 'refuse'"),
    ("client alice consistent-prefix master", "consistent-prefix cannot use 'master'"),
    ("client alice reads everywhere", "unknown read policy 'everywhere'"),
    ("client alice read-your-writes window", "`window` needs a duration"),
    ("client alice warnings loud", "warnings is on or off"),
    ("ops last", "`last` needs a number"),
    ("ops check now", "ops check takes no arguments"),
  ])
  func badLinesGiveOneErrorWithUsage(_ line: String, _ expected: String) {
    var interpreter = Interpreter()
    let reply = interpreter.execute(line)
    #expect(reply.output.isEmpty)
    #expect(reply.error?.contains(expected) == true, "\(line): \(reply.error ?? "no error")")
    #expect(reply.error?.contains("\n") == false)
  }

  @Test(arguments: [
    ("as zed get x", "there is no client named 'zed'; the clients are app. `client zed` creates it"),
    ("client db2", "'db2' is a node's name"),
    ("client alice reads sticky db9", "db9 cannot be a sticky replica: there is no node named 'db9'"),
    ("client alice reads sticky master", "db1 cannot be a sticky replica: it is the master"),
    ("ops zed", "there is no client named 'zed'"),
  ])
  func refusedCommandsChangeNothing(_ line: String, _ expected: String) {
    var interpreter = Interpreter()
    _ = interpreter.execute("set x 1")
    let before = (interpreter.clients.names, interpreter.clients.history.recorded, interpreter.cluster.now)
    let reply = interpreter.execute(line)
    #expect(reply.error?.hasPrefix(expected) == true, "\(line): \(reply.error ?? "no error")")
    #expect(interpreter.clients.names == before.0)
    #expect(interpreter.clients.history.recorded == before.1)
    #expect(interpreter.cluster.now == before.2)
  }

  @Test func aDownStickyReplicaIsRefusedWithTheLiveOnes() {
    var interpreter = Interpreter()
    _ = interpreter.execute("crash db3")
    let reply = interpreter.execute("client alice monotonic-reads sticky db3")
    #expect(reply.error == "db3 cannot be a sticky replica: it is down; live replicas are db2")
    #expect(interpreter.clients.names == ["app"])
  }

  /// Found by fuzzing: round-robin took its turn on a passive standby, which refused the read after
  /// the client's turn and read count had already moved.
  @Test(arguments: ["round-robin", "random", "sticky"])
  func readPoliciesNeverPickAStandby(_ policy: String) {
    var interpreter = Interpreter()
    _ = interpreter.execute("add standby db4")
    _ = interpreter.execute("settle")
    _ = interpreter.execute("client alice reads \(policy)")
    for _ in 0..<6 {
      let reply = interpreter.execute("as alice get x")
      #expect(reply.error == nil, "\(reply.error ?? "")")
      #expect(!reply.output.contains("db4"), "\(reply.output)")
    }
    #expect(interpreter.clients.sessions["alice"]?.stats.reads == 6)
  }

  @Test func plainCommandsPrintWhatTheyAlwaysPrinted() {
    var interpreter = Interpreter()
    #expect(
      interpreter.execute("set balance 100").output
        == "OK  seq 1 on db1 (master, epoch 1). async: acknowledged before any replica has it.")
    #expect(
      interpreter.execute("get balance from db2").output
        == "(nil) from db2 (replica, applied seq 0): stale, the master has \"100\"; db2 is 1 entry behind the master (seq 1)."
    )
    #expect(interpreter.execute("get balance").output == "\"100\" from db1 (master, applied seq 1)")
    // Once app's warnings are on, the same read says what it broke.
    _ = interpreter.execute("client app warnings on")
    #expect(
      interpreter.execute("get balance from db3").output.contains(
        "read-your-writes broken: app wrote balance = \"100\" as seq 1 (#1)"))
  }

  @Test func completionOffersClientsAndSettings() {
    var interpreter = Interpreter()
    _ = interpreter.execute("client alice")
    #expect(interpreter.completions(for: "as ") == ["alice", "app"])
    #expect(interpreter.completions(for: "as alice ") == ["del", "get", "set"])
    #expect(interpreter.completions(for: "client alice mon") == ["monotonic-reads"])
  }
}
