import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct CompletionTests {
  static let nodes = ["db1", "db2", "db3"]

  static func candidates(_ before: [String], _ partial: String = "", nodes: [String] = nodes) -> [String] {
    Completer.candidates(before: before, partial: partial, nodes: nodes)
  }

  @Test func firstWordOffersEveryCommandSorted() {
    let all = Self.candidates([])
    #expect(all == all.sorted())
    #expect(Set(all) == Set(CommandRegistry.all.map { $0.nameWords[0] } + ["exit"]))
    #expect(all.count == Set(all).count)
    for word in ["set", "get", "crash", "promote", "sync-mode", "add", "help", "exit"] {
      #expect(all.contains(word))
    }
  }

  @Test func firstWordByPrefix() {
    #expect(
      Self.candidates([], "s") == [
        "save", "seed", "semi-sync", "set", "settle", "slot", "slots", "slow", "solution", "source", "status",
        "step-down",
        "switchover", "sync-commit", "sync-fallback",
        "sync-mode", "sync-standbys",
      ])
    #expect(
      Self.candidates([], "re") == [
        "recovery-block", "rejoin", "remove", "reorder", "repeat", "replica-priority", "replica-status", "replicate",
        "repoint", "reset", "restart", "resync", "retention", "rewind",
      ])
    #expect(Self.candidates([], "SE") == ["seed", "semi-sync", "set", "settle"])
    #expect(Self.candidates([], "pro") == ["promote", "proxy"])
    #expect(Self.candidates([], "zz").isEmpty)
  }

  @Test func nodeNamesAfterCrash() {
    #expect(Self.candidates(["crash"]) == ["db1", "db2", "db3", "master"])
    #expect(Self.candidates(["crash"], "d") == ["db1", "db2", "db3"])
    #expect(Self.candidates(["crash"], "m") == ["master"])
    #expect(Self.candidates(["CRASH"], "db3") == ["db3"])
  }

  @Test func nodeNamesAfterRestart() {
    #expect(Self.candidates(["restart"]) == ["db1", "db2", "db3"])
    #expect(Self.candidates(["restart"], "db2") == ["db2"])
    #expect(Self.candidates(["restart"], "x").isEmpty)
  }

  @Test func nodeNamesFollowTheCluster() {
    #expect(Self.candidates(["restart"], nodes: ["db1", "alpha"]) == ["alpha", "db1"])
  }

  @Test func fromAfterGetKey() {
    #expect(Self.candidates(["get", "balance"]) == ["from"])
    #expect(Self.candidates(["get", "balance"], "f") == ["from"])
    #expect(Self.candidates(["get", "balance"], "x").isEmpty)
    #expect(Self.candidates(["get", "balance", "from"]) == ["db1", "db2", "db3", "master"])
    // Nothing to offer for the key itself.
    #expect(Self.candidates(["get"]).isEmpty)
  }

  @Test func modesAfterSyncMode() {
    #expect(Self.candidates(["sync-mode"]) == ["async", "semi", "sync"])
    #expect(Self.candidates(["sync-mode"], "s") == ["semi", "sync"])
    #expect(Self.candidates(["sync-mode"], "a") == ["async"])
  }

  @Test func replicaAfterAdd() {
    #expect(Self.candidates(["add"]) == ["replica", "standby"])
    #expect(Self.candidates(["add"], "r") == ["replica"])
    #expect(Self.candidates(["add"], "x").isEmpty)
    // The new node's name is free text.
    #expect(Self.candidates(["add", "replica"]).isEmpty)
  }

  @Test func commandsAfterHelp() {
    #expect(Self.candidates(["help"], "pr") == ["preserve-commit-order", "preset", "promote", "proxy"])
  }

  @Test func nothingPastTheLastArgument() {
    #expect(Self.candidates(["crash", "db1"]) == ["host", "process"])
    #expect(Self.candidates(["crash", "db1", "host"]).isEmpty)
    #expect(Self.candidates(["status"]).isEmpty)
    #expect(Self.candidates(["set"]).isEmpty)
    #expect(Self.candidates(["nosuchcommand"]).isEmpty)
  }

  @Test func interpreterCompletesFromTheLineAndItsNodes() {
    var i = Interpreter()
    #expect(i.completions(for: "") == Self.candidates([]))
    #expect(i.completions(for: "cr") == ["crash"])
    #expect(i.completions(for: "crash ") == ["db1", "db2", "db3", "master"])
    #expect(i.completions(for: "get k from d") == ["db1", "db2", "db3"])
    #expect(i.completions(for: "sync-mode se") == ["semi"])
    #expect(i.completions(for: "add r") == ["replica"])
    _ = i.execute("add replica db4")
    #expect(i.completions(for: "restart ") == ["db1", "db2", "db3", "db4"])
  }

  @Test func presetsHelpTopicsAndClientNamesComplete() {
    var i = Interpreter()
    #expect(i.completions(for: "preset p") == ["patroni", "postgres-sync"])
    #expect(i.completions(for: "help gu") == ["guarantees"])
    #expect(i.completions(for: "help det") == ["detection", "detector"])
    #expect(i.completions(for: "help al") == ["all"])
    _ = i.execute("client alice reads round-robin")
    _ = i.execute("client bob")
    #expect(i.completions(for: "as ") == ["alice", "app", "bob"])
    #expect(i.completions(for: "client b") == ["bob"])
    #expect(i.completions(for: "as alice ") == ["del", "get", "set"])
  }
}
