@_spi(Reflection) import Swift
import DequeModule
import Testing

@testable import ReplLab
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabControl
@testable import ReplLabClients
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
    var other = Self.busyLab(first: [
      "log-format statement", "set s rand()", "semi-sync wait-point after_commit", "sync-commit on", "sync-fallback async",
      "sync-standbys first 1 db2 db3", "resync manual",
    ], [
      "crash db1", "wait 5s", "restart db1", "detector timeout 3s",
      "election bully", "client bob monotonic-reads refuse", "as bob get x", "as bob get y",
    ])
    other.interpreter.startAudit()
    other.run("set b 2", "wait 1s", "set b 3", "wait 1s")
    var guided = Lab()
    guided.run("lesson 1")
    var preset = Lab()
    preset.run("preset redis-sentinel")
    // A prompt someone types at, and a log holding a hand-made entry whose literal statement is not
    // the value it wrote (no command makes one): donors for fields every other sample has alike.
    var typed = Lab()
    typed.interpreter.trust = .interactive
    typed.interpreter.cluster.data.nodes["db2"]!.log.append(
      LogEntry(seq: 1, epoch: 1, time: 0, op: .set(key: 0, value: "a"), statement: .literal("b")))
    var perturber = Perturber()
    for donor in [lab, other, guided, preset, typed] { perturber.collectDonors(donor.interpreter) }
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
    ]
    let uncovered = perturber.seenFields.subtracting(detected).subtracting(cannot).subtracting(StateDigest.scratch)
    #expect(uncovered.isEmpty, "stored properties no variant reached: \(uncovered.sorted())")
    // The types the issue names are among those walked, with all their fields.
    for type in ["DataPlane", "Node", "ReplicaProgress", "ControlPlane", "Orchestrator", "Watch", "Router", "Network",
                 "Cluster", "ClientTable", "ClientSession", "ElectionState", "RaftState", "ReplicationLog", "Timeline",
                 "EventQueue<Scheduled>", "Audit", "Interpreter", "SessionHistory", "LoadGenerator"] {
      #expect(perturber.seenFields.contains { $0.hasPrefix(type + ".") }, "the walk never reached \(type)")
    }
  }

  /// The same through `@testable` access, for a sample of properties no command shows directly.
  @Test func changesToInternalBookkeepingAreSeen() {
    let lab = Self.busyLab()
    let original = StateDigest(lab.interpreter)
    let changes: [(String, (inout Interpreter) -> Void)] = [
      ("nextLoadID", { $0.cluster.data.nextLoadID += 1 }),
      ("droppedWrites", { $0.cluster.data.droppedWrites.insert(WriteID(LogEntry(seq: 99, epoch: 9, time: 0, op: .delete(key: 0)))) }),
      ("applyTickScheduled", { $0.cluster.data.nodes["db3"]!.applyTickScheduled.toggle() }),
      ("shipScheduled", { $0.cluster.data.nodes["db1"]!.replicas["db9", default: ReplicaProgress()].shipScheduled.toggle() }),
      ("lastAck", { $0.cluster.data.nodes["db2"]!.replicas["db9", default: ReplicaProgress()].lastAck = 123_456 }),
      ("log before-image", { i in
        let seq = i.cluster.data.nodes["db2"]!.log.lastSeq
        i.cluster.data.nodes["db2"]!.log.setBefore("changed", at: seq)
      }),
      ("data", { $0.cluster.data.nodes["db2"]!.data[0] = "other" }),
      ("raft votedFor", { $0.cluster.control.elections.raft["db2", default: RaftState()].votedFor[77] = "db3" }),
      ("splitBrainReported", { $0.cluster.control.orchestrator.splitBrainReported.insert("db9") }),
      ("crashedAt", { $0.cluster.control.orchestrator.crashedAt["db2"] = 1 }),
      ("watch generation", { i in for name in i.cluster.control.orchestrator.watches.keys { i.cluster.control.orchestrator.watches[name]!.generation += 1 } }),
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

/// Makes copies of a value that differ from it in one stored value each, for every stored value it
/// can reach: struct fields (found with `_forEachField`, written at their offset, `let` or not),
/// optionals, collections (a changed first element, one removed), dictionaries (a changed value, a
/// removed key), existentials (by their dynamic type), and, for what it cannot take apart (enums with
/// payloads, tuples), a different value of the same type found elsewhere in some state (a donor).
struct Perturber {
  struct Variant<T> {
    let path: String
    /// The struct fields the change is under, as "Type.field".
    let fields: [String]
    let value: T
  }

  /// Values of each type seen in the states given to `collectDonors`, a few per type.
  var donors: [ObjectIdentifier: [Any]] = [:]
  var allDonors: [Any] = []
  /// Every "Type.field" of every struct the walk went through.
  var seenFields = Set<String>()
  let maxDepth = 24
  /// `_EachFieldOptions.ignoreUnknown` (a static var, which strict concurrency refuses to read).
  static let ignoreUnknown = _EachFieldOptions(rawValue: 1 << 1)

  mutating func collectDonors(_ value: Any, depth: Int = 0) {
    guard depth < 40 else { return }
    let key = ObjectIdentifier(type(of: value))
    let text = String(describing: value)
    if donors[key, default: []].count < 6, !donors[key, default: []].contains(where: { String(describing: $0) == text }) {
      donors[key, default: []].append(value)
      allDonors.append(value)
    }
    let mirror = Mirror(reflecting: value)
    let isCollection = [.collection, .dictionary, .set].contains(mirror.displayStyle)
    for child in mirror.children.prefix(isCollection ? 40 : .max) { collectDonors(child.value, depth: depth + 1) }
  }

  /// A value of type `T` that reads differently from `value`, from the donors.
  func donor<T>(for value: T) -> T? {
    let text = String(describing: value)
    let exact = donors[ObjectIdentifier(T.self)] ?? []
    for d in exact + allDonors { if let d = d as? T, String(describing: d) != text { return d } }
    return nil
  }

  mutating func variants<T>(of value: T, path: String, fields: [String], depth: Int) -> [Variant<T>] {
    guard depth < maxDepth else { return [] }
    if let leaf = value as? any PerturbableLeaf {
      return [Variant(path: path, fields: fields, value: leaf.perturbed() as! T)]
    }
    if let container = value as? any PerturbableContainer {
      let found = container.variants(path: path, fields: fields, depth: depth, using: &self)
      if found.isEmpty, let d = donor(for: value) { return [Variant(path: path + " (replaced)", fields: fields, value: d)] }
      return found.map { Variant(path: $0.path, fields: $0.fields, value: $0.value as! T) }
    }
    // An existential: take apart the value it holds.
    let dynamicType = type(of: value as Any)
    if dynamicType != T.self {
      func open<D>(_ d: D) -> [Variant<T>] {
        variants(of: d, path: path, fields: fields, depth: depth).compactMap { v in
          (v.value as? T).map { Variant(path: v.path, fields: v.fields, value: $0) }
        }
      }
      return _openExistential(value as Any, do: open)
    }
    if Mirror(reflecting: value).displayStyle == .struct {
      var out: [Variant<T>] = []
      var fieldList: [(String, Int, Any.Type)] = []
      _ = _forEachField(of: T.self, options: Self.ignoreUnknown) { name, offset, type, _ in
        fieldList.append((String(cString: name), offset, type))
        return true
      }
      for (name, offset, fieldType) in fieldList {
        let field = "\(T.self).\(name)"
        seenFields.insert(field)
        func open<F>(_: F.Type) {
          let current = withUnsafeBytes(of: value) { $0.load(fromByteOffset: offset, as: F.self) }
          for v in variants(of: current, path: path + "." + name, fields: fields + [field], depth: depth + 1) {
            var copy = value
            withUnsafeMutableBytes(of: &copy) { raw in
              raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: F.self).pointee = v.value
            }
            out.append(Variant(path: v.path, fields: v.fields, value: copy))
          }
        }
        _openExistential(fieldType, do: open)
      }
      if !out.isEmpty || !fieldList.isEmpty { return out }
    }
    if let d = donor(for: value) { return [Variant(path: path + " (replaced)", fields: fields, value: d)] }
    return []
  }
}

protocol PerturbableLeaf {
  func perturbed() -> Any
}

extension Int: PerturbableLeaf { func perturbed() -> Any { self &+ 1 } }
extension Int32: PerturbableLeaf { func perturbed() -> Any { self &+ 1 } }
extension Int64: PerturbableLeaf { func perturbed() -> Any { self &+ 1 } }
extension UInt64: PerturbableLeaf { func perturbed() -> Any { self ^ 1 } }
extension Bool: PerturbableLeaf { func perturbed() -> Any { !self } }
extension String: PerturbableLeaf { func perturbed() -> Any { self + "~" } }
extension Double: PerturbableLeaf { func perturbed() -> Any { isFinite ? self + 0.5 : 0 } }

protocol PerturbableContainer {
  func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>]
}

extension Optional: PerturbableContainer {
  func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>] {
    switch self {
    case .some(let w):
      return p.variants(of: w, path: path + "?", fields: fields, depth: depth + 1).map {
        .init(path: $0.path, fields: $0.fields, value: Optional($0.value) as Any)
      } + [.init(path: path + " = nil", fields: fields, value: Optional<Wrapped>.none as Any)]
    case .none:
      return p.donor(for: Optional<Wrapped>.none).map { [.init(path: path + " (set)", fields: fields, value: $0 as Any)] } ?? []
    }
  }
}

/// Arrays and deques: the first element changed, the last removed (or, empty, a donor element added).
protocol PerturbableSequence: RangeReplaceableCollection, MutableCollection, BidirectionalCollection, PerturbableContainer {}
extension PerturbableSequence {
  func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>] {
    guard let first = first else {
      return p.allDonors.lazy.compactMap { $0 as? Element }.first.map {
        [.init(path: path + " (appended)", fields: fields, value: Self([$0]) as Any)]
      } ?? []
    }
    var out: [Perturber.Variant<Any>] = p.variants(of: first, path: path + "[0]", fields: fields, depth: depth + 1).map {
      var copy = self
      copy[copy.startIndex] = $0.value
      return .init(path: $0.path, fields: $0.fields, value: copy as Any)
    }
    var shorter = self
    shorter.removeLast()
    out.append(.init(path: path + " (last removed)", fields: fields, value: shorter as Any))
    return out
  }
}
extension Array: PerturbableSequence {}
extension ContiguousArray: PerturbableSequence {}
extension Deque: PerturbableSequence {}

extension Dictionary: PerturbableContainer {
  func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>] {
    let sorted = keys.sorted(by: { "\($0)" < "\($1)" })
    guard let key = sorted.first else { return [] }
    var out: [Perturber.Variant<Any>] = []
    for k in sorted.prefix(8) {
      out += p.variants(of: self[k]!, path: "\(path)[\(k)]", fields: fields, depth: depth + 1).map {
        var copy = self
        copy[k] = $0.value
        return .init(path: $0.path, fields: $0.fields, value: copy as Any)
      }
    }
    var fewer = self
    fewer[key] = nil
    out.append(.init(path: "\(path)[\(key)] (removed)", fields: fields, value: fewer as Any))
    return out
  }
}

extension Set: PerturbableContainer {
  func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>] {
    if let e = first {
      var fewer = self
      fewer.remove(e)
      return [.init(path: "\(path)[\(e)] (removed)", fields: fields, value: fewer as Any)]
    }
    return p.allDonors.lazy.compactMap { $0 as? Element }.first.map {
      [.init(path: path + " (inserted)", fields: fields, value: Set([$0]) as Any)]
    } ?? []
  }
}

/// The node table keeps its nodes in raw memory: each node is changed through the table.
extension NodeTable: PerturbableContainer {
  func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>] {
    var out: [Perturber.Variant<Any>] = []
    for name in names {
      for v in p.variants(of: self[name]!, path: "\(path)[\(name)]", fields: fields, depth: depth + 1) {
        var copy = self
        copy[name] = v.value
        out.append(.init(path: v.path, fields: v.fields, value: copy as Any))
      }
    }
    return out
  }
}
