import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// Routing, fixes and their costs, driven through the client table on a real simulated cluster.
@Suite struct ClientTableTests {
  /// A cluster and a client table, configured by the same settings a learner types.
  struct Lab {
    var cluster = Cluster(seed: 1)
    var clients = ClientTable()

    init(_ setup: [String: [ClientSetting]] = [:]) throws {
      for name in setup.keys.sorted() {
        _ = try clients.configure(name, setup[name]!, in: cluster)
      }
    }

    mutating func set(_ client: String, _ key: String, _ value: String) throws -> ClientWriteOutcome {
      try clients.write(client, key: key, expression: .literal(value), in: &cluster)
    }

    mutating func get(_ client: String, _ key: String, from: String? = nil) throws -> ClientReadOutcome {
      try clients.read(client, key: key, from: from, in: &cluster)
    }
  }

  @Test func theDefaultClientReadsLikeAPlainNodeQuery() throws {
    var lab = try Lab()
    _ = try lab.set("app", "x", "1")
    let plain = try lab.cluster.read("x", from: "db2")
    let asApp = try lab.get("app", "x", from: "db2")
    #expect(Explain.clientRead(asApp) == Explain.read(plain))
    // It broke read-your-writes, and the history knows, but app stays quiet about it.
    #expect(asApp.violations.map(\.guarantee) == [.readYourWrites])
    #expect(try lab.get("app", "x").read?.node == "db1")
  }

  @Test func roundRobinTakesTurnsOverLiveReplicas() throws {
    var lab = try Lab(["bob": [.reads(.roundRobin, node: nil)]])
    let nodes = try (0..<4).map { _ in try lab.get("bob", "k").read!.node }
    #expect(nodes == ["db2", "db3", "db2", "db3"])
    _ = try lab.cluster.crash("db3")
    #expect(try lab.get("bob", "k").read?.node == "db2")
    #expect(try lab.get("bob", "k").read?.node == "db2")
  }

  @Test func randomReadsAreReproducibleFromTheSeed() throws {
    func run() throws -> [String] {
      var lab = try Lab(["eve": [.reads(.random, node: nil)]])
      return try (0..<12).map { _ in try lab.get("eve", "k").read!.node }
    }
    let first = try run()
    #expect(first == (try run()))
    #expect(Set(first) == ["db2", "db3"])
  }

  @Test func readYourWritesMasterSendsOnlyWrittenKeysToTheMaster() throws {
    var lab = try Lab(["alice": [.reads(.roundRobin, node: nil), .fix(.readYourWrites, .master, node: nil)]])
    _ = try lab.set("alice", "bio", "cats")
    let mine = try lab.get("alice", "bio")
    #expect(mine.read?.node == "db1")
    #expect(mine.notes == [.writtenKey(master: "db1")])
    #expect(mine.violations.isEmpty)
    #expect(try lab.get("alice", "news").read?.role == .replica)
    #expect(lab.clients.sessions["alice"]!.stats.redirected == 1)
  }

  @Test func readYourWritesWindowEndsAfterItsDuration() throws {
    var lab = try Lab(["alice": [.reads(.roundRobin, node: nil), .fix(.readYourWrites, .window(1000), node: nil)]])
    _ = try lab.set("alice", "bio", "cats")
    #expect(try lab.get("alice", "other").read?.node == "db1")
    lab.cluster.advance(by: 999)
    #expect(try lab.get("alice", "other").read?.node == "db1")
    lab.cluster.advance(by: 1)
    #expect(try lab.get("alice", "other").read?.role == .replica)
  }

  @Test func readYourWritesWaitAdvancesTheClockUntilTheReplicaHasTheWrite() throws {
    var lab = try Lab(["alice": [.reads(.roundRobin, node: nil), .fix(.readYourWrites, .wait, node: nil)]])
    try lab.cluster.setLatency(300, for: "db3")
    _ = try lab.set("alice", "bio", "cats")
    let first = try lab.get("alice", "bio")
    #expect(
      first.wait
        == WaitReport(node: "db2", seq: 1, guarantee: .readYourWrites, viaSticky: false, waited: 10, result: .reached))
    #expect(first.read?.value == "cats")
    let second = try lab.get("alice", "bio")
    #expect(second.wait?.waited == 290)
    #expect(lab.cluster.now == 300)
    #expect(second.violations.isEmpty)
    #expect(lab.clients.sessions["alice"]!.stats.waited == 300)
  }

  @Test func aWaitThatTimesOutGivesNoAnswerRatherThanAStaleOne() throws {
    var lab = try Lab([
      "alice": [.reads(.sticky, node: "db3"), .fix(.readYourWrites, .wait, node: nil), .timeout(2000)]
    ])
    try lab.cluster.setLatency(10_000, for: "db3")
    _ = try lab.set("alice", "bio", "cats")
    let r = try lab.get("alice", "bio")
    #expect(r.read == nil)
    #expect(r.wait?.result == .timedOut(applied: 0))
    #expect(r.wait?.waited == 2000)
    #expect(lab.cluster.now == 2000)
    #expect(Explain.clientRead(r).contains("Gave up after 2 s"))
    if case .noAnswer = r.operation.kind {} else { Issue.record("expected a no-answer record") }
  }

  @Test func monotonicReadsRefusePassesTheReadToANodeThatIsFarEnough() throws {
    var lab = try Lab(["bob": [.reads(.roundRobin, node: nil), .fix(.monotonicReads, .refuse, node: nil)]])
    try lab.cluster.setLatency(500, for: "db3")
    _ = try lab.set("app", "photo", "new")
    lab.cluster.advance(by: 20)
    #expect(try lab.get("bob", "photo").read?.node == "db2")
    let second = try lab.get("bob", "photo")
    #expect(second.notes == [.refused(by: "db3", applied: 0, position: 1, answeredBy: "db2")])
    #expect(second.read?.value == "new")
    #expect(second.violations.isEmpty)
  }

  @Test func monotonicReadsWaitHoldsTheReadUntilTheReplicaCatchesUp() throws {
    var lab = try Lab(["bob": [.reads(.roundRobin, node: nil), .fix(.monotonicReads, .wait, node: nil)]])
    try lab.cluster.setLatency(500, for: "db3")
    _ = try lab.set("app", "photo", "new")
    lab.cluster.advance(by: 20)
    _ = try lab.get("bob", "photo")
    let second = try lab.get("bob", "photo")
    #expect(second.wait?.guarantee == .monotonicReads)
    #expect(second.wait?.waited == 480)
    #expect(second.read?.value == "new")
  }

  @Test func withoutAFixTheSameReadsBreakMonotonicReads() throws {
    var lab = try Lab(["bob": [.reads(.roundRobin, node: nil)]])
    try lab.cluster.setLatency(500, for: "db3")
    _ = try lab.set("app", "photo", "new")
    lab.cluster.advance(by: 20)
    _ = try lab.get("bob", "photo")
    let second = try lab.get("bob", "photo")
    #expect(second.violations.map(\.guarantee) == [.monotonicReads])
    #expect(
      Explain.clientRead(second).contains("monotonic reads broken: bob read photo = \"new\" (seq 1) from db2 (#2)"))
  }

  @Test func theStickyReplicaComesFromAStableHashOfTheName() throws {
    #expect(ClientTable.hashPick("bob", among: ["db2", "db3"]) == ClientTable.hashPick("bob", among: ["db2", "db3"]))
    let picks = Set(
      ["alice", "bob", "carol", "dave", "erin", "frank"].compactMap { ClientTable.hashPick($0, among: ["db2", "db3"]) })
    #expect(picks == ["db2", "db3"])
    #expect(ClientTable.hashPick("bob", among: []) == nil)
  }

  @Test func aCrashedStickyReplicaMovesTheClientAndCarriesItsPosition() throws {
    var lab = try Lab(["bob": [.fix(.monotonicReads, .sticky, node: "db2")]])
    try lab.cluster.setLatency(500, for: "db3")
    _ = try lab.set("app", "photo", "new")
    lab.cluster.advance(by: 20)
    #expect(try lab.get("bob", "photo").read?.node == "db2")
    _ = try lab.cluster.crash("db2")
    let moved = try lab.get("bob", "photo")
    #expect(
      moved.notes == [
        .stickyMoved(from: "db2", to: "db3", why: .down, onlyChoice: true, seen: 1, keepsGuarantee: .monotonicReads)
      ])
    #expect(moved.wait?.viaSticky == true)
    #expect(moved.read?.value == "new")
    #expect(moved.violations.isEmpty)
    #expect(lab.clients.sessions["bob"]!.stickyReplica == "db3")
  }

  @Test func plainStickyRoutingMovesWithoutCarryingThePosition() throws {
    var lab = try Lab(["bob": [.reads(.sticky, node: "db2")]])
    try lab.cluster.setLatency(500, for: "db3")
    _ = try lab.set("app", "photo", "new")
    lab.cluster.advance(by: 20)
    _ = try lab.get("bob", "photo")
    _ = try lab.cluster.crash("db2")
    let moved = try lab.get("bob", "photo")
    #expect(moved.wait == nil)
    #expect(moved.violations.map(\.guarantee) == [.monotonicReads])
    #expect(Explain.clientRead(moved).contains("Nothing carries over what bob has seen"))
  }

  @Test func aStickyFixRefusesAReadFromAnotherNode() throws {
    var lab = try Lab(["bob": [.fix(.consistentPrefix, .sticky, node: "db2")]])
    #expect(throws: ClientError.stickyBypass(client: "bob", sticky: "db2", asked: "db3", guarantee: .consistentPrefix))
    {
      _ = try lab.get("bob", "k", from: "db3")
    }
    #expect(lab.clients.history.recorded == 0)
    #expect(try lab.get("bob", "k", from: "db2").read?.node == "db2")
  }

  @Test func consistentPrefixWaitCarriesTheNewestWriteSeen() throws {
    var lab = try Lab(["bob": [.reads(.roundRobin, node: nil), .fix(.consistentPrefix, .wait, node: nil)]])
    try lab.cluster.setLatency(500, for: "db3")
    _ = try lab.set("app", "question", "?")
    _ = try lab.set("app", "answer", "!")
    lab.cluster.advance(by: 20)
    #expect(try lab.get("bob", "answer").read?.value == "!")
    let q = try lab.get("bob", "question")
    #expect(
      q.wait
        == WaitReport(
          node: "db3", seq: 2, guarantee: .consistentPrefix, viaSticky: false, waited: 480, result: .reached))
    #expect(q.read?.value == "?")
  }

  @Test func badSettingsChangeNothing() throws {
    var lab = try Lab(["alice": [.reads(.roundRobin, node: nil)]])
    _ = try lab.cluster.crash("db3")
    #expect(throws: ClientError.self) {
      _ = try lab.clients.configure(
        "alice", [.fix(.readYourWrites, .wait, node: nil), .reads(.sticky, node: "db3")], in: lab.cluster)
    }
    #expect(throws: ClientError.self) {
      _ = try lab.clients.configure("carol", [.reads(.sticky, node: "db9")], in: lab.cluster)
    }
    #expect(throws: ClientError.nameIsNode("db2")) { _ = try lab.clients.configure("db2", [], in: lab.cluster) }
    let alice = lab.clients.sessions["alice"]!
    #expect(alice.reads == .roundRobin)
    #expect(alice.fix(for: .readYourWrites) == .off)
    #expect(lab.clients.names == ["app", "alice"])
  }

  @Test func readsFailingBeforeTheyStartLeaveNoTrace() throws {
    var lab = try Lab(["alice": [.reads(.roundRobin, node: nil), .fix(.readYourWrites, .master, node: nil)]])
    _ = try lab.set("alice", "bio", "cats")
    _ = try lab.cluster.crash("db1")
    let before = lab.clients.sessions["alice"]!
    #expect(throws: ClientError.self) { _ = try lab.get("alice", "bio") }
    #expect(throws: ClusterError.self) { _ = try lab.get("alice", "other", from: "db9") }
    #expect(throws: ClientError.unknownClient("zed", known: ["app", "alice"])) { _ = try lab.get("zed", "bio") }
    let after = lab.clients.sessions["alice"]!
    #expect(after.stats == before.stats)
    #expect(after.turn == before.turn)
    #expect(lab.clients.history.recorded == 1)
  }

  @Test func leavingStickyRoutingTurnsStickyFixesOff() throws {
    var lab = try Lab(["bob": [.fix(.monotonicReads, .sticky, node: nil), .fix(.consistentPrefix, .sticky, node: nil)]])
    let pin = lab.clients.sessions["bob"]!.stickyReplica
    #expect(pin != nil)
    let o = try lab.clients.configure("bob", [.reads(.roundRobin, node: nil)], in: lab.cluster)
    #expect(
      o.changes == [
        .reads(.roundRobin, sticky: nil, hashed: false), .stickyFixesOff([.monotonicReads, .consistentPrefix]),
      ])
    #expect(o.session.guarantees.isEmpty)
  }

  @Test func resetKeepsSettingsAndForgetsProgress() throws {
    var lab = try Lab(["alice": [.reads(.roundRobin, node: nil), .fix(.readYourWrites, .wait, node: nil)]])
    _ = try lab.set("alice", "bio", "cats")
    lab.clients.clusterWasReset()
    let alice = lab.clients.sessions["alice"]!
    #expect(alice.fix(for: .readYourWrites) == .wait)
    #expect(alice.lastWrite == nil)
    #expect(alice.stats == ClientSession.Stats())
    #expect(lab.clients.history.recorded == 0)
  }
}
