import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation
extension Interpreter {
  /// Dispatches a parsed command. Each case is short: the work is in `Cluster`, the words in `Explain`.
  package mutating func run(_ command: Command) throws -> Reply {
    switch command {
    case .blank, .narration:
      return Reply()
    case .quit:
      return Reply(quit: true)

    case .set(let key, let value):
      return try runAs(ClientTable.defaultName, .set(key: key, value: value))
    case .del(let key):
      return try runAs(ClientTable.defaultName, .del(key: key))
    case .get(let key, let node):
      return try runGet(key, from: node)
    case .asClient(let name, let command):
      return try runAs(name, command)
    case .client(let name, let settings):
      return Reply(output: Explain.clientConfig(try clients.configure(name, settings, in: cluster)))
    case .clients:
      return Reply(output: ClientsView.render(clients))
    case .ops(let client, let last):
      return try ops(client: client, last: last)
    case .opsCheck:
      return Reply(output: HistoryView.check(clients.history))
    case .opsClear:
      clients.clearHistory()
      return Reply(output: "History cleared: `ops check` now judges only what happens next. Clients keep their settings and tokens.")

    case .wait(let ms):
      cluster.advance(by: ms)
      return Reply(output: "")
    case .settle:
      let start = cluster.now
      let quiet = cluster.settle()
      let took = cluster.now - start
      return Reply(output: quiet
        ? "settled after \(took.durationText): nothing in flight."
        : "still \(cluster.messagesInFlight) message(s) in flight after \(took.durationText); stopped waiting.")

    case .crash(let raw):
      let name = try cluster.resolve(raw)
      let wasMaster = name == cluster.masterName
      let cutOff = try cluster.crash(name)
      return Reply(output: Explain.crash(name, wasMaster: wasMaster, cutOff: cutOff))
    case .restart(let raw):
      let name = try cluster.resolve(raw)
      return Reply(output: Explain.restart(try cluster.restart(name)))
    case .promote(let raw):
      let name = try raw.map { r throws(ClusterError) in try cluster.resolve(r) }
      let report = try cluster.promote(name)
      return Reply(output: Explain.promotion(report, in: cluster))
    case .delay(let raw, let ms):
      let name = try cluster.resolve(raw)
      try cluster.setLatency(ms, for: name)
      return Reply(output: "Messages to and from \(name) now take \(ms.durationText) each way.")

    case .syncMode(let mode):
      let waiting = cluster.pendingWrites.count
      cluster.setSyncMode(mode)
      let released = waiting - cluster.pendingWrites.count
      var text = "sync-mode \(mode.rawValue): \(mode.promise)."
      if released > 0 { text += " \(Explain.plural(released, "waiting write")) released." }
      return Reply(output: text)

    case .addReplica(let name):
      return Reply(output: Explain.added(try cluster.addReplica(name)))
    case .remove(let raw):
      let name = try cluster.resolve(raw)
      try cluster.remove(name)
      return Reply(output: "\(name) removed from the cluster.")
    case .reset:
      let auditing = cluster.audit.isOn
      cluster = Cluster(seed: cluster.seed)
      preset = nil
      // A checker watching the session keeps watching the fresh cluster.
      if auditing { cluster.startAudit() }
      clients.clusterWasReset()
      return Reply(output: "A fresh cluster: db1 (master), db2 and db3 (replicas), async, t=0, seed \(cluster.seed)." + Explain.clientsAfterReset(clients))
    case .seed(let n):
      cluster.reseed(n)
      return Reply(output: "Random generator restarted from seed \(n).")

    case .status:
      return Reply(output: StatusView.render(cluster, preset: preset))
    case .log(let raw, let last):
      let name = try raw.map { r throws(ClusterError) in try cluster.resolve(r) } ?? (cluster.masterName ?? cluster.nodeNames[0])
      return Reply(output: LogView.render(cluster, node: name, last: last))
    case .lag:
      return Reply(output: LagView.render(cluster))
    case .diff(let a, let b):
      return try runDiff(a, b)
    case .control(let c):
      return try runControl(c)

    case .help(nil):
      return Reply(output: HelpView.overview())
    case .help(let topic?):
      guard let spec = CommandRegistry.spec(named: topic) else {
        let guess = Suggestions.closest(to: topic, among: CommandRegistry.firstWords)
        throw CommandError("no command named '\(topic)'\(guess.map { "; did you mean `help \($0)`?" } ?? "; `help` lists every command")")
      }
      return Reply(output: HelpView.detail(spec))
    case .lessons:
      return Reply(output: try LessonLibrary.listing(lessonsDirectory))
    case .preset(let preset):
      return try runPreset(preset)
    case .presetOff:
      return try runPresetOff()
    case .history(let last):
      return Reply(output: SessionView.history(session, last: last))
    case .undo:
      return try undo()
    case .save(let path):
      return try save(path)
    case .lesson(let which):
      return try startLesson(which)
    case .nextStep, .repeatStep:
      throw CommandError("no lesson is running; `lesson N` starts one (`lessons` lists them)")
    case .goal(let text):
      return Reply(output: "Goal: \(text)")
    case .expect(let e):
      return try runExpect(e)

    case .incr, .semiSync, .syncCommit, .syncStandbys, .syncFallback, .addStandby, .logFormat, .checksum,
      .retention, .resyncMode, .resync, .load, .slow:
      return try runMechanics(command)
    }
  }
}
