import ReplLabKernel
import ReplLabModel
/// The bully algorithm (Garcia-Molina, 1982). A node holding an election sends ELECTION to every
/// node with a higher id; any live higher node answers OK and holds its own election; a node that
/// hears no OK in time declares itself coordinator. The highest live id always wins, whatever it
/// has in its log. A node's id is its position in the cluster (db1 is 1, db2 is 2, ...).
extension Cluster {
  package func bullyID(_ name: String) -> Int { data.nodeNames.firstIndex(of: name) ?? -1 }

  package mutating func startBully(_ name: String) {
    guard let n = data.nodes[name], n.isUp, n.role == .replica else { return }
    var s = control.elections.bully[name] ?? BullyState()
    guard !s.electing else { return }
    if control.priority(of: name) == 0 {
      noteControl(.sitsOut(node: name))
      return
    }
    s.generation += 1
    s.electing = true
    s.answered = false
    control.elections.bully[name] = s
    let higher = data.nodeNames.filter { bullyID($0) > bullyID(name) }
    guard !higher.isEmpty else {
      bullyDeclare(name, waited: nil)
      return
    }
    noteControl(.bullyElection(node: name, higher: higher))
    for h in higher { signal(.election, from: name, to: h) }
    schedule(.bullyAnswerTimeout(node: name, generation: s.generation), at: data.now + ElectionState.bullyAnswerTimeout)
  }

  /// A lower node holds an election: a live, eligible replica answers OK and holds its own; the
  /// master answers OK and repeats COORDINATOR, since it has already won.
  package mutating func bullyElectionReceived(at name: String, from lower: String) {
    guard let n = data.nodes[name] else { return }
    if n.role == .master {
      guard name == data.masterName else { return }
      noteControl(.bullyReminds(node: name, to: lower))
      signal(.answer, from: name, to: lower)
      signal(.coordinator(epoch: n.epoch), from: name, to: lower)
      return
    }
    guard n.role == .replica, control.priority(of: name) != 0 else { return }
    noteControl(.bullyAnswer(node: name, to: lower))
    signal(.answer, from: name, to: lower)
    startBully(name)
  }

  package mutating func bullyAnswerReceived(at name: String, from higher: String) {
    guard var s = control.elections.bully[name], s.electing, !s.answered else { return }
    s.answered = true
    s.generation += 1
    control.elections.bully[name] = s
    schedule(.bullyCoordinatorTimeout(node: name, generation: s.generation),
      at: data.now + ElectionState.bullyCoordinatorTimeout)
  }

  package mutating func bullyAnswerTimedOut(_ name: String, generation: Int) {
    guard let s = control.elections.bully[name], s.generation == generation, s.electing, !s.answered,
      let n = data.nodes[name], n.isUp, n.role == .replica
    else { return }
    bullyDeclare(name, waited: ElectionState.bullyAnswerTimeout)
  }

  /// A higher node answered OK but never declared itself: start over (twice at most).
  package mutating func bullyCoordinatorTimedOut(_ name: String, generation: Int) {
    guard var s = control.elections.bully[name], s.generation == generation, s.answered,
      data.nodes[name]?.role == .replica
    else { return }
    s.electing = false
    s.answered = false
    guard s.restarts < 2 else {
      control.elections.bully[name] = s
      return
    }
    s.restarts += 1
    control.elections.bully[name] = s
    noteControl(.bullyRestart(node: name))
    startBully(name)
  }

  /// No higher node answered: `name` becomes master and sends COORDINATOR to everyone.
  package mutating func bullyDeclare(_ name: String, waited: SimTime?) {
    noteControl(.bullyWins(node: name, waited: waited))
    let epoch = installMaster(name, epoch: nil, method: .bully)
    for other in data.nodeNames where other != name { signal(.coordinator(epoch: epoch), from: name, to: other) }
    signal(.coordinator(epoch: epoch), from: name, to: orchestratorName)
  }
}
