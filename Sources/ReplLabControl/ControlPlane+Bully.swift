import ReplLabKernel
import ReplLabModel

/// The bully algorithm (Garcia-Molina, 1982). A node holding an election sends ELECTION to every
/// node with a higher id; any live higher node answers OK and holds its own election; a node that
/// hears no OK in time declares itself coordinator. The highest live id always wins, whatever it
/// has in its log. A node's id is its position in the cluster (db1 is 1, db2 is 2, ...).
extension ControlPlane {
  package func bullyID(_ name: String, in data: inout DataPlane) -> Int { data.nodeNames.firstIndex(of: name) ?? -1 }

  package mutating func startBully(_ name: String, in data: inout DataPlane) {
    guard let n = data.nodes[name], n.isUp, n.role == .replica else { return }
    var s = elections.bully[name] ?? BullyState()
    guard !s.electing else { return }
    if priority(of: name) == 0 {
      noteControl(.sitsOut(node: name), in: &data)
      return
    }
    s.generation += 1
    s.electing = true
    s.answered = false
    elections.bully[name] = s
    let higher = data.nodeNames.filter { bullyID($0, in: &data) > bullyID(name, in: &data) }
    guard !higher.isEmpty else {
      bullyDeclare(name, waited: nil, in: &data)
      return
    }
    noteControl(.bullyElection(node: name, higher: higher), in: &data)
    for h in higher { signal(.election, from: name, to: h, in: &data) }
    schedule(
      .bullyAnswerTimeout(node: name, generation: s.generation), at: data.now + ElectionState.bullyAnswerTimeout,
      in: &data)
  }

  /// A lower node holds an election: a live, eligible replica answers OK and holds its own; the
  /// master answers OK and repeats COORDINATOR, since it has already won.
  package mutating func bullyElectionReceived(at name: String, from lower: String, in data: inout DataPlane) {
    guard let n = data.nodes[name] else { return }
    if n.role == .master {
      guard name == data.masterName else { return }
      noteControl(.bullyReminds(node: name, to: lower), in: &data)
      signal(.answer, from: name, to: lower, in: &data)
      signal(.coordinator(epoch: n.epoch), from: name, to: lower, in: &data)
      return
    }
    guard n.role == .replica, priority(of: name) != 0 else { return }
    noteControl(.bullyAnswer(node: name, to: lower), in: &data)
    signal(.answer, from: name, to: lower, in: &data)
    startBully(name, in: &data)
  }

  package mutating func bullyAnswerReceived(at name: String, from higher: String, in data: inout DataPlane) {
    guard var s = elections.bully[name], s.electing, !s.answered else { return }
    s.answered = true
    s.generation += 1
    elections.bully[name] = s
    schedule(
      .bullyCoordinatorTimeout(node: name, generation: s.generation),
      at: data.now + ElectionState.bullyCoordinatorTimeout, in: &data)
  }

  package mutating func bullyAnswerTimedOut(_ name: String, generation: Int, in data: inout DataPlane) {
    guard let s = elections.bully[name], s.generation == generation, s.electing, !s.answered,
      let n = data.nodes[name], n.isUp, n.role == .replica
    else { return }
    bullyDeclare(name, waited: ElectionState.bullyAnswerTimeout, in: &data)
  }

  /// A higher node answered OK but never declared itself: start over (twice at most).
  package mutating func bullyCoordinatorTimedOut(_ name: String, generation: Int, in data: inout DataPlane) {
    guard var s = elections.bully[name], s.generation == generation, s.answered,
      data.nodes[name]?.role == .replica
    else { return }
    s.electing = false
    s.answered = false
    guard s.restarts < 2 else {
      elections.bully[name] = s
      return
    }
    s.restarts += 1
    elections.bully[name] = s
    noteControl(.bullyRestart(node: name), in: &data)
    startBully(name, in: &data)
  }

  /// No higher node answered: `name` becomes master and sends COORDINATOR to everyone.
  package mutating func bullyDeclare(_ name: String, waited: SimTime?, in data: inout DataPlane) {
    noteControl(.bullyWins(node: name, waited: waited), in: &data)
    let epoch = installMaster(name, epoch: nil, method: .bully, in: &data)
    for other in data.nodeNames where other != name {
      signal(.coordinator(epoch: epoch), from: name, to: other, in: &data)
    }
    signal(.coordinator(epoch: epoch), from: name, to: orchestratorName, in: &data)
  }
}
