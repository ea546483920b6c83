import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabStress

/// The digest is derived from the state, not listed by hand: these tests change stored values they
/// find by reflection, one at a time, and the digest must see every change.
@Suite struct StateDigestTests {
  /// A session that leaves something in most corners of the state: clients with settings and
  /// tokens, a load still running, writes waiting, a partition, a slow replica, elections, a suspect.
  static func busyLab(first: [String] = [], _ extra: [String] = []) -> Lab {
    var lab = Lab()
    for line in first + [
      "client alice reads round-robin", "client bob monotonic-reads sticky consistent-prefix wait",
      "as alice set x 1", "as bob get x", "set y 2", "incr y", "retention 50", "jitter 5ms", "loss 1%",
      "detector phi 8", "failover auto", "election raft", "replica-priority db3 50", "proxy on",
      "slow db3 10/s", "load 40 writes over 2s keys 5", "wait 500ms", "sync-mode semi",
      "delay db2 30ms", "partition db1", "set z 3", "wait 40s", "heal", "wait 1s",
    ] + extra {
      let reply = lab.run(line)
      #expect(reply.error == nil, "\(line): \(reply.error ?? "")")
    }
    return lab
  }

  /// Every stored property reachable from the interpreter (found with `_forEachField`, not named
  /// here) is changed in a copy, one variant at a time; the digest of every variant differs from
  /// the original's, except where only `StateDigest.scratch` changed. A digest that copied fields
  /// by hand would miss the first property it forgot.
  @Test func everyReachableStoredPropertyIsCovered() {
    let lab = Self.busyLab()
    // Donors: other states, with other settings, for what the first one leaves empty or at one value.
    var other = Self.busyLab(
      first: [
        "log-format statement", "set s rand()", "semi-sync wait-point after_commit", "sync-commit on",
        "sync-fallback async",
        "sync-standbys first 1 db2 db3", "resync manual", "slot db3 on", "max-slot-wal-keep 500",
      ],
      [
        "crash db1", "wait 5s", "restart db1", "detector timeout 3s",
        "election bully", "client bob monotonic-reads refuse", "as bob get x", "as bob get y",
      ])
    other.interpreter.startAudit()
    other.run("set b 2", "wait 1s", "set b 3", "wait 1s")
    var guided = Lab()
    guided.run("lesson 1")
    var preset = Lab()
    preset.run("preset redis-sentinel")
    // The consensus regime: terms, votes and a leader of its own.
    var consensus = Lab()
    consensus.run("manager consensus", "write-concern 1", "set a 1", "crash db1", "wait 30s", "restart db1", "wait 5s")
    // An exercise under way, with a hint seen and a check that held once.
    var exercise = Lab()
    exercise.interpreter.lessonsDirectory = Project.root + "/Lessons"
    exercise.run("exercise 30", "hint", "partition db1", "wait 8s")
    // The lease regime: Patroni's agents, the store, its leader key.
    var lease = Lab()
    lease.run("manager lease", "set a 1", "wait 12s", "partition db1", "wait 45s", "partition db3 for 1h")
    // A prompt someone types at, and a log holding a hand-made entry whose literal statement is not
    // the value it wrote (no command makes one): donors for fields every other sample has alike.
    // Semi-sync giving up and coming back: the pictures note both changes.
    var semi = Lab()
    semi.run("sync-mode semi", "semi-sync timeout 200ms", "crash db2", "crash db3", "set a 1", "restart db2", "wait 1s")
    // A replica's applier: a position file, and parallel workers caught mid-apply with a gap.
    var applier = Lab()
    applier.run(
      "position-store db2 file", "slow db3 10/s", "apply-workers db3 4", "preserve-commit-order db3 off", "set a 1",
      "set b 2", "set c 3", "set d 4", "wait 120ms")
    var typed = Lab()
    typed.interpreter.trust = .interactive
    typed.interpreter.cluster.data.nodes["db2"]!.log.append(
      LogEntry(seq: 1, epoch: 1, time: 0, op: .set(key: 0, value: "a"), statement: .literal("b")))
    // GTIDs, a write on a replica, an old master that kept its write: positions and errant GTIDs.
    var positions = Lab()
    positions.run(
      "positions gtid", "rejoin keep", "set a 1", "wait 20ms", "on db2 set q 1", "set b 2", "crash db1", "promote db3",
      "restart db1", "wait 1s")
    // Skewed clocks and last-write-wins: the timestamps clients' writes carry.
    var skew = Lab()
    skew.run("client alice", "clock alice +2s", "lww on", "as alice set k 1", "set k 2", "clock db2 -1s")
    var perturber = Perturber()
    for donor in [lab, other, guided, preset, consensus, lease, typed, exercise, semi, positions, applier, skew] {
      perturber.collectDonors(donor.interpreter)
    }
    let original = StateDigest(lab.interpreter)
    let variants = perturber.variants(of: lab.interpreter, path: "interpreter", fields: [], depth: 0)
    #expect(variants.count > 300)

    var detected = Set<String>()
    var missed: [String] = []
    for v in variants {
      let changed = StateDigest(v.value) != original
      let scratch = v.fields.contains { StateDigest.scratch.contains($0) }
      if scratch {
        #expect(!changed, "\(v.path) is scratch, yet the digest saw it")
      } else if changed {
        detected.formUnion(v.fields)
      } else {
        missed.append(v.path)
      }
    }
    #expect(missed.isEmpty, "the digest did not see these changes: \(missed.prefix(20))")

    // Every labelled stored property of every struct the walk went through was changed at least
    // once and seen, save those that cannot be changed on their own in a meaningful way.
    let cannot: Set<String> = [
      // A closure: behaviour, not state.
      "ClientTable.resolveNode",
      // Filled while a command runs and emptied before it returns, so empty in every state a test
      // can hold (`changesToInternalBookkeepingAreSeen` changes the journal through the model).
      "EventJournal.events", "EventJournal.later", "EventJournal.atStart", "EventJournal.deliveries",
      "DataPlane.releasedWrites",
      // Empty or nil at rest in these sample states (a failover running, a write still waiting, a
      // bully election under way, a read exposed by AFTER_COMMIT); covered by the same rules as
      // their siblings, and `changesToInternalBookkeepingAreSeen` changes some of them directly.
      "Orchestrator.run", "ElectionState.bully", "DataPlane.exposedReads", "DataPlane.pendingWrites",
      // Empty or nil in every sample state: faults placed by `after N events` and not yet hit, where
      // they fell, a message fault armed and not yet hit, the messages such faults hit, and the last
      // `explore`'s report (ExploreTests sets and reads each).
      "Cluster.placedFaults", "Cluster.placedMoments", "Interpreter.lastExploration",
      "DataPlane.armedMessageFault", "DataPlane.messageFaultHits",
    ]
    let uncovered = perturber.seenFields.subtracting(detected).subtracting(cannot).subtracting(StateDigest.scratch)
    #expect(uncovered.isEmpty, "stored properties no variant reached: \(uncovered.sorted())")
    // The types the issue names are among those walked, with all their fields.
    for type in [
      "DataPlane", "Node", "ReplicaProgress", "ControlPlane", "Orchestrator", "Watch", "Router", "Network",
      "Cluster", "ClientTable", "ClientSession", "ElectionState", "RaftState", "ReplicationLog", "Timeline",
      "EventQueue<Scheduled>", "Audit", "Interpreter", "SessionHistory", "LoadGenerator",
    ] {
      #expect(perturber.seenFields.contains { $0.hasPrefix(type + ".") }, "the walk never reached \(type)")
    }
  }

  /// The same through `@testable` access, for a sample of properties no command shows directly.
  @Test func changesToInternalBookkeepingAreSeen() {
    let lab = Self.busyLab()
    let original = StateDigest(lab.interpreter)
    let changes: [(String, (inout Interpreter) -> Void)] = [
      ("nextLoadID", { $0.cluster.data.nextLoadID += 1 }),
      (
        "droppedWrites",
        { $0.cluster.data.droppedWrites.insert(WriteID(LogEntry(seq: 99, epoch: 9, time: 0, op: .delete(key: 0)))) }
      ),
      ("applyTickScheduled", { $0.cluster.data.nodes["db3"]!.applyTickScheduled.toggle() }),
      (
        "shipScheduled",
        { $0.cluster.data.nodes["db1"]!.replicas["db9", default: ReplicaProgress()].shipScheduled.toggle() }
      ),
      ("lastAck", { $0.cluster.data.nodes["db2"]!.replicas["db9", default: ReplicaProgress()].lastAck = 123_456 }),
      (
        "log before-image",
        { i in
          let seq = i.cluster.data.nodes["db2"]!.log.lastSeq
          i.cluster.data.nodes["db2"]!.log.setBefore("changed", at: seq)
        }
      ),
      ("data", { $0.cluster.data.nodes["db2"]!.data[0] = "other" }),
      ("raft votedFor", { $0.cluster.control.elections.raft["db2", default: RaftState()].votedFor[77] = "db3" }),
      ("splitBrainReported", { $0.cluster.control.orchestrator.splitBrainReported.insert("db9") }),
      ("crashedAt", { $0.cluster.control.orchestrator.crashedAt["db2"] = 1 }),
      (
        "watch generation",
        { i in
          for name in i.cluster.control.orchestrator.watches.keys {
            i.cluster.control.orchestrator.watches[name]!.generation += 1
          }
        }
      ),
      ("client turn", { $0.clients.sessions["alice"]!.turn += 1 }),
      ("audit", { $0.cluster.data.audit.isOn.toggle() }),
      ("queue", { $0.cluster.data.queue.schedule(.loadWrite(id: 42), at: 1) }),
      ("journal", { $0.cluster.data.note(.semiSyncOff(master: "db1", seq: 1, waited: 1)) }),
      ("timeline", { $0.cluster.data.timeline.mark("db1", .healed, at: 1) }),
      ("session", { $0.session.record("wait 1s", changes: true) }),
      ("working directory", { $0.workingDirectory = "/elsewhere" }),
    ]
    for (name, change) in changes {
      var copy = lab.interpreter
      change(&copy)
      #expect(StateDigest(copy) != original, "\(name): the digest did not change")
      #expect(!original.differences(to: StateDigest(copy)).isEmpty, "\(name): no difference named")
    }
    // And nothing changed is nothing seen, however the state got there.
    #expect(StateDigest(Self.busyLab().interpreter) == original)
  }

  /// Dictionaries and sets compare by content: two equal ones built in different orders (so laid
  /// out differently) are equal, and a changed value in one is found by its key.
  @Test func unorderedContainersCompareByContent() {
    var a: [String: Int] = [:]
    var b: [String: Int] = [:]
    for i in 0..<200 { a["k\(i)"] = i }
    for i in (0..<200).reversed() { b["k\(i)"] = i }
    b.reserveCapacity(1000)
    #expect(StateComparison.differences(a, b).isEmpty)
    b["k7"] = -1
    #expect(StateComparison.differences(a, b).map(\.path) == ["[k7]"])
    let s: Set<String> = Set((0..<100).map { "s\($0)" })
    var t = Set<String>(minimumCapacity: 500)
    for e in s.sorted().reversed() { t.insert(e) }
    #expect(StateComparison.differences(s, t).isEmpty)
    t.remove("s5")
    #expect(StateComparison.differences(s, t).map(\.path) == ["[s5]"])
  }

  /// Control payloads travel as existentials in the queue, the messages and the journal: they are
  /// compared by their dynamic type's contents.
  @Test func existentialPayloadsAreComparedByWhatTheyHold() {
    let a: [any ControlSignal] = [ControlMessage.heartbeat(epoch: 1, isMaster: true, master: nil, lastSeq: 5)]
    let b: [any ControlSignal] = [ControlMessage.heartbeat(epoch: 1, isMaster: true, master: nil, lastSeq: 6)]
    let c: [any ControlSignal] = [ControlMessage.heartbeat(epoch: 1, isMaster: true, master: nil, lastSeq: 5)]
    #expect(!StateComparison.differences(a, b).isEmpty)
    #expect(StateComparison.differences(a, c).isEmpty)
    let t1: [any ControlTimerPayload] = [ControlTimer.detectorDeadline(node: "db2", generation: 1)]
    let t2: [any ControlTimerPayload] = [ControlTimer.detectorDeadline(node: "db2", generation: 2)]
    #expect(!StateComparison.differences(t1, t2).isEmpty)
  }
}
