import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct InterpreterTests {
  /// Everything a learner could see or a later command could depend on.
  struct Snapshot: Equatable {
    let views: [String]
    let now: SimTime
    let epoch: Int
    let masterName: String?
    let syncMode: SyncMode
    let semiSyncActive: Bool
    let inFlight: Int
    let pending: [Int]
    let queued: Int
    let nodeNames: [String]
    let keys: [String]
    let nodes: [String]
    let nextRandom: [UInt64]

    init(_ c: Cluster) {
      var views = [StatusView.render(c), LagView.render(c)]
      for name in c.nodeNames {
        views.append(LogView.render(c, node: name, last: nil))
      }
      self.views = views
      now = c.now
      epoch = c.epoch
      masterName = c.masterName
      syncMode = c.syncMode
      semiSyncActive = c.semiSyncActive
      inFlight = c.messagesInFlight
      pending = c.pendingWrites.map(\.seq)
      queued = c.queue.count
      nodeNames = c.nodeNames
      keys = c.keys.names
      nodes = c.orderedNodes.map { n in
        let data = n.data.pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
        let log = n.log.entries(from: 0).map { "\($0.seq)/\($0.epoch)/\($0.time)/\($0.op)/\($0.before ?? "-")" }.joined(
          separator: ",")
        let replicas = n.replicas.keys.sorted().map { k in
          let p = n.replicas[k]!
          return "\(k):\(p.received)/\(p.applied)/\(p.connected)/\(p.streaming)"
        }.joined(separator: ",")
        return
          "\(n.name) \(n.role) up=\(n.isUp) inc=\(n.incarnation) epoch=\(n.epoch) master=\(n.masterName ?? "-") applied=\(n.applied) last=\(n.log.lastSeq) history=\(n.log.history) data=[\(data)] log=[\(log)] replicas=[\(replicas)]"
      }
      var r = c.random
      nextRandom = (0..<4).map { _ in r.next() }
    }
  }

  static let refused: [String] = [
    "sett k v", "set k", "set k v w", #"set "" 1"#, "set café 1", #"set k "open"#, "set k \u{7}",
    String(repeating: "x", count: 5000), "get k from db9", "get k to db2", "crash db9", "crash db3",
    "restart db2", "promote", "promote db1", "promote db2", "remove db1", "remove master", "remove db9",
    "add replica db2", "add replica master", "add witness db4", "wait 0ms", "wait 5x", "wait -5s",
    "delay db9 10ms", "delay db2 2d", "log db9", "log last 0", "sync-mode fast", "seed x", "help nope",
    "status now", "exit now", "xyzzy",
  ]

  /// An interpreter with some history: writes, a replica down, a write on the way.
  static func busy() -> Interpreter {
    var i = Interpreter()
    for line in ["set a 1", "set b 2", "wait 20ms", "crash db3", "set a 3", "wait 5ms"] {
      let r = i.execute(line)
      #expect(r.error == nil, "setup line '\(line)': \(r.error ?? "")")
    }
    return i
  }

  @Test func refusedLinesLeaveTheClusterUnchanged() {
    var i = Self.busy()
    let before = Snapshot(i.cluster)
    #expect(before.inFlight > 0)
    for line in Self.refused {
      let r = i.execute(line)
      #expect(r.error != nil, "'\(line.prefix(40))' was not refused")
      #expect(r.output.isEmpty)
      #expect(!r.quit)
      #expect(Snapshot(i.cluster) == before, "'\(line.prefix(40))' changed the cluster")
    }
  }

  @Test func refusedLinesWithTheMasterDownLeaveTheClusterUnchanged() {
    var i = Self.busy()
    _ = i.execute("crash master")
    let before = Snapshot(i.cluster)
    for line in [
      "set a 9", "set fresh 1", "del a", "del fresh", "get a", "get a from master", "add replica db4", "get a from db3",
      "promote db3", "remove db1", "crash db1",
    ] {
      let r = i.execute(line)
      #expect(r.error != nil, "'\(line)' was not refused")
      #expect(Snapshot(i.cluster) == before, "'\(line)' changed the cluster")
    }
  }

  @Test func errorsAreOneLine() {
    var i = Self.busy()
    for line in Self.refused {
      let error = i.execute(line).error ?? ""
      #expect(!error.isEmpty)
      #expect(!error.contains("\n"), "'\(line.prefix(40))': \(error)")
    }
  }

  @Test func clusterErrorsReachTheLearner() {
    var i = Interpreter()
    #expect(
      i.execute("promote").error
        == "db1 is the master and is up: promoting another node now would make two masters; crash it first (`crash db1`)"
    )
    #expect(i.execute("crash db9").error == "there is no node named 'db9'; the nodes are db1, db2, db3")
    _ = i.execute("crash db2")
    #expect(
      i.execute("get k from db2").error
        == "db2 is down; read the key elsewhere (`get k from db3` or `get k from db1`) or `restart db2`")
  }

  @Test func promptShowsSimulatedTime() {
    var i = Interpreter()
    #expect(i.prompt == "[t=0.000s] repl-lab> ")
    _ = i.execute("wait 1.5s")
    #expect(i.prompt == "[t=1.500s] repl-lab> ")
    _ = i.execute("wait 20ms")
    #expect(i.prompt == "[t=1.520s] repl-lab> ")
    _ = i.execute("sync-mode semi")
    _ = i.execute("set k v")
    #expect(i.prompt == "[t=1.540s] repl-lab> ")
    _ = i.execute("wait 2m")
    #expect(i.prompt == "[t=121.540s] repl-lab> ")
  }

  @Test func eventsComeBeforeTheAnswer() {
    var i = Interpreter()
    _ = i.execute("set k v")
    let r = i.execute("wait 20ms")
    #expect(r.output == "  t=0.010s  db2 received and applied seq 1\n  t=0.010s  db3 received and applied seq 1")
    _ = i.execute("set k w")
    let settle = i.execute("settle")
    #expect(
      settle.output.hasSuffix("\n  t=0.030s  db3 received and applied seq 2\nsettled after 20 ms: nothing in flight."))
    #expect(settle.output.hasPrefix("  t=0.030s  db2 received and applied seq 2"))
  }

  @Test func blankAndNarrationSayNothing() {
    var i = Interpreter()
    #expect(i.execute("") == Reply())
    #expect(i.execute("# just a note") == Reply())
  }

  @Test func quitAndExit() {
    var i = Interpreter()
    #expect(i.execute("quit").quit)
    #expect(i.execute("exit").quit)
    #expect(i.execute("EXIT").quit)
    #expect(!i.execute("status").quit)
  }

  @Test func helpListsEveryCommand() {
    var i = Interpreter()
    let r = i.execute("help all")
    #expect(r.error == nil)
    #expect(r.output.hasPrefix("Commands ("))
    for spec in CommandRegistry.all {
      #expect(r.output.contains(spec.usage), "help does not list \(spec.name)")
      #expect(r.output.contains(spec.summary))
    }
    for group in CommandSpec.Group.allCases {
      #expect(r.output.contains("\n\(group.rawValue)\n"))
    }
  }

  @Test func helpForOneCommand() {
    var i = Interpreter()
    let r = i.execute("help promote")
    #expect(r.error == nil)
    let lines = r.output.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first == "promote [NODE]")
    #expect(lines.dropFirst().first == "  make a replica the master (manual failover)")
    #expect(lines.last == "  example: promote db2")
    #expect(r.output.contains("Simplified:"))
    #expect(!lines.contains { $0.hasSuffix(" ") })
    #expect(i.execute("HELP Promote") == r)
  }

  @Test func helpForTwoWordAndAliasedCommands() {
    var i = Interpreter()
    #expect(i.execute("help add replica").output.hasPrefix("add replica NAME\n"))
    #expect(i.execute("help add").output.hasPrefix("add replica NAME\n"))
    #expect(i.execute("help sync-mode").output.contains("rpl_semi_sync_source_timeout"))
    #expect(i.execute("help exit") == i.execute("help quit"))
  }

  @Test func unknownHelpTopic() {
    var i = Interpreter()
    #expect(i.execute("help xyzzy") == Reply(error: "no command named 'xyzzy'; `help` lists every command"))
    #expect(i.execute("help sett") == Reply(error: "no command named 'sett'; did you mean `help set`?"))
  }

  @Test func resetKeepsTheSeedAndStartsOver() {
    var i = Interpreter(seed: 9)
    _ = i.execute("set a 1")
    _ = i.execute("wait 1s")
    let r = i.execute("reset")
    #expect(r.output == "A fresh cluster: db1 (master), db2 and db3 (replicas), async, t=0, seed 9.")
    #expect(i.cluster.now == 0)
    #expect(i.cluster.node("db1")?.log.lastSeq == 0)
    #expect(i.cluster.seed == 9)
  }

  static let script: [String] = [
    "# determinism", "status", "set balance 100", "get balance from db2", "wait 20ms", "set balance 50",
    "delay db3 300ms", "sync-mode semi", "set balance 70", "lag", "sync-mode async", "set balance 80",
    "crash master", "promote", "log", "set balance 90", "restart db1", "settle", "sync-mode sync", "crash db3",
    "set x 1", "restart db3", "wait 1s",
    "add replica db4", "seed 5", "set y 2", "settle", "status", "log db1 last 3", "lag", "help wait", "bogus",
  ]

  @Test func sameScriptGivesIdenticalOutput() {
    func run() -> [String] {
      var i = Interpreter(seed: 3)
      return Self.script.map { line in
        let prompt = i.prompt
        let r = i.execute(line)
        return prompt + line + "\n" + r.output + (r.error.map { "error: \($0)" } ?? "")
      }
    }
    let first = run()
    let second = run()
    #expect(first == second)
    // The script exercises real output, not a run of empty replies.
    #expect(first.filter { $0.contains("error: ") }.count == 1)
    #expect(first.joined().contains("Lost: seq 4 (set balance 80)"))
    #expect(first.joined().contains("rolled back"))
  }
}
