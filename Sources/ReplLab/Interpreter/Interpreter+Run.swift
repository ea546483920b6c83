import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// Dispatches a parsed command. Each case is short: the work is in `Cluster`, the words in `Explain`.
  /// The switch has no `default`, so a new command that has no handler does not compile.
  package mutating func run(_ command: Command) throws -> Reply {
    switch command {
    case .blank, .narration:
      return Reply()
    case .quit:
      return Reply(quit: true)
    case .clear:
      var reply = Reply()
      reply.clearScreen = true
      return reply
    case .pager(let on):
      var reply = Reply(output: Explain.pager(on))
      reply.pager = on
      return reply
    case .source(let path):
      return try source(path)

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
      return Reply(output: Explain.opsCleared)

    case .wait(let ms):
      cluster.advance(by: ms)
      return Reply(output: "")
    case .settle:
      let start = cluster.now
      let quiet = cluster.settle()
      let took = cluster.now - start
      return Reply(output: Explain.settled(quiet: quiet, took: took, inFlight: cluster.messagesInFlight))

    case .crash(let raw, let kind):
      let name = try cluster.resolve(raw)
      let wasMaster = name == cluster.masterName
      let cutOff = try cluster.crash(name, kind: kind)
      return Reply(output: Explain.crash(name, kind: kind, wasMaster: wasMaster, cutOff: cutOff, in: cluster))
    case .restart(let raw):
      let name = try cluster.resolve(raw)
      return Reply(output: Explain.restart(try cluster.restart(name), in: cluster))
    case .promote(let raw):
      try refusePromotionUnderLease()
      if cluster.control.regime == .consensus {
        throw CommandRegistry.error(Refusal.membersElect("promote"), command: "promote")
      }
      let name = try raw.map { r throws(ClusterError) in try cluster.resolve(r) }
      let report = try cluster.promote(name)
      return Reply(output: Explain.promotion(report, in: cluster))
    case .delay(let raw, let ms):
      let name = try cluster.resolve(raw)
      try cluster.setLatency(ms, for: name)
      return Reply(output: Explain.delay(name, ms))

    case .syncMode(let mode):
      let waiting = cluster.pendingWrites.count
      cluster.setSyncMode(mode)
      let released = waiting - cluster.pendingWrites.count
      return Reply(output: Explain.syncMode(mode, released: released))

    case .addReplica(let name):
      return Reply(output: Explain.added(try cluster.addReplica(name)))
    case .remove(let raw):
      let name = try cluster.resolve(raw)
      let fed = cluster.data.downstreams(of: name)
      if !fed.isEmpty { throw CommandRegistry.error(Refusal.removeRelay(name, feeds: fed), command: "remove") }
      try cluster.remove(name)
      return Reply(output: Explain.removed(name))
    case .reset:
      let auditing = cluster.audit.isOn
      cluster = Cluster(seed: cluster.seed)
      semiSyncFallbacks = 0
      pictures = PictureNotes()
      preset = nil
      // A checker watching the session keeps watching the fresh cluster.
      if auditing { cluster.startAudit() }
      clients.clusterWasReset()
      return Reply(output: Explain.reset(seed: cluster.seed, clients: clients))
    case .explore(let request):
      return try runExplore(request)
    case .after(let events, let fault):
      cluster.place(fault, afterEvents: events)
      return Reply(output: Explain.faultPlaced(fault, afterEvents: events))
    case .messageFault(let fault):
      cluster.place(.message(fault), afterEvents: 0)
      return Reply(output: Explain.messageFaultArmed(fault))
    case .seed(let n):
      cluster.reseed(n)
      return Reply(output: Explain.reseeded(n))

    case .status:
      return Reply(output: StatusView.render(cluster, preset: preset))
    case .log(let raw, let last):
      let name =
        try raw.map { r throws(ClusterError) in try cluster.resolve(r) } ?? (cluster.masterName ?? cluster.nodeNames[0])
      return Reply(output: LogView.render(cluster, node: name, last: last))
    case .lag:
      return Reply(output: LagView.render(cluster))
    case .topology:
      return Reply(output: TopologyView.render(cluster))
    case .picture(let picture, let file, let force):
      return try runPicture(picture, file: file, force: force)
    case .diff(let a, let b):
      return try runDiff(a, b)
    case .control(let c):
      return try runControl(c)

    case .help(nil):
      return Reply(output: HelpView.overview(inLesson: guide != nil, inExercise: attempt != nil))
    case .help("all"):
      return Reply(output: HelpView.all())
    case .help(let topic?):
      if let text = HelpView.topic(topic) { return Reply(output: text) }
      guard let spec = CommandRegistry.spec(named: topic) else {
        let guess = Suggestions.closest(to: topic, among: CommandRegistry.firstWords)
        throw CommandError(Refusal.noCommand(topic, closest: guess))
      }
      return Reply(output: HelpView.detail(spec))
    case .lessons:
      return Reply(output: try LessonLibrary.listing(lessonsDirectory, finished: progress))
    case .preset(let preset):
      return try runPreset(preset)
    case .presetOff:
      return try runPresetOff()
    case .history(let last):
      return Reply(output: SessionView.history(session, last: last))
    case .undo:
      return try undo()
    case .save(let path, let force):
      return try save(path, force: force)
    case .lesson(let which):
      return try startLesson(which)
    case .nextStep:
      return try nextStep()
    case .repeatStep:
      return try repeatStep()
    case .restartLesson:
      return try restartLesson()
    case .leaveLesson:
      return try leaveLesson()
    case .goal(let text):
      return Reply(output: Explain.goal(text))
    case .expect(let e):
      return try runExpect(e)
    case .exercise(let which):
      return try startExercise(which)
    case .checkGoal:
      return try checkGoal()
    case .hint:
      return try nextHint()
    case .solution(let replay):
      return try solution(replay: replay)

    case .incr(let key):
      return try runIncr(key)
    case .semiSync(let option):
      return try runSemiSync(option)
    case .syncCommit(let level):
      return runSyncCommit(level)
    case .syncStandbys(let names):
      return try runSyncStandbys(names)
    case .syncFallback(let f):
      return runSyncFallback(f)
    case .cancel:
      return Reply(output: Explain.cancelled(try cluster.cancelWaitingCommits()))
    case .addStandby(let name):
      return Reply(output: Explain.added(try cluster.addReplica(name, standby: true)))
    case .logFormat(let f):
      return runLogFormat(f)
    case .checksum:
      return Reply(output: ChecksumView.render(cluster))
    case .retention(let r):
      return runRetention(r)
    case .resyncMode(let mode):
      return runResyncMode(mode)
    case .resync(let raw):
      return try runResync(raw)
    case .load(let count, let over, let keys):
      return try runLoad(count: count, over: over, keys: keys)
    case .slow(let raw, let rate):
      return try runSlow(raw, rate)
    case .applyDelay(let raw, let delay):
      return try runApplyDelay(raw, delay)
    case .positionStore(let raw, let store):
      return try runPositionStore(raw, store)
    case .applyWorkers(let raw, let count):
      return try runApplyWorkers(raw, count)
    case .preserveCommitOrder(let raw, let on):
      return try runPreserveCommitOrder(raw, on)
    case .switchover(let raw):
      return try runSwitchover(raw)
    case .replicate(let raw, let upstream):
      return try runReplicate(raw, from: upstream)
    case .clock(let raw, let offset):
      return try runClock(raw, offset)
    case .lww(let on):
      clients.setLastWriteWins(on)
      return Reply(output: Explain.lww(on))
    case .positions(let v):
      return runPositions(v)
    case .repoint(let raw, let master, let at):
      return try runRepoint(raw, to: master, at: at)
    case .writeOn(let raw, let key, let value):
      return try runWriteOn(raw, key: key, value: value)
    case .rejoin(let mode):
      return runRejoin(mode)
    case .rewind(let raw):
      return try runRewind(raw)
    case .slot(let raw, let on):
      let name = try cluster.resolve(raw)
      guard name != cluster.masterName else {
        throw CommandRegistry.error(Refusal.slotForMaster(name), command: "slot")
      }
      try cluster.setSlot(on, for: name)
      return Reply(output: Explain.slot(name, on: on, in: cluster))
    case .maxSlotWalKeep(let n):
      cluster.setMaxSlotKeep(n)
      return Reply(output: Explain.maxSlotWalKeep(n, in: cluster))
    case .slots:
      return Reply(output: SlotsView.render(cluster))
    case .replicaStatus(let raw):
      return Reply(output: try ReplicaStatusView.render(cluster, cluster.resolve(raw)))
    case .minReplicasToWrite(let n):
      cluster.setMinReplicas(MinReplicas(toWrite: n, maxLag: cluster.minReplicas.maxLag))
      return Reply(output: Explain.minReplicas(cluster.minReplicas))
    case .minReplicasMaxLag(let ms):
      cluster.setMinReplicas(MinReplicas(toWrite: cluster.minReplicas.toWrite, maxLag: ms))
      return Reply(output: Explain.minReplicas(cluster.minReplicas))
    }
  }
}
