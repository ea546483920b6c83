/// The bully algorithm (Garcia-Molina, 1982). A node holding an election sends ELECTION to every
/// node with a higher id; any live higher node answers OK and holds its own election; a node that
/// hears no OK in time declares itself coordinator. The highest live id always wins, whatever it
/// has in its log. A node's id is its position in the cluster (db1 is 1, db2 is 2, ...).
extension Cluster {
  func bullyID(_ name: String) -> Int { nodeNames.firstIndex(of: name) ?? -1 }

  mutating func startBully(_ name: String) {
    guard let n = nodes[name], n.isUp, n.role == .replica else { return }
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
    let higher = nodeNames.filter { bullyID($0) > bullyID(name) }
    guard !higher.isEmpty else {
      bullyDeclare(name, waited: nil)
      return
    }
    noteControl(.bullyElection(node: name, higher: higher))
    for h in higher { send(.control(.election), from: name, to: h) }
    queue.schedule(
      .control(.bullyAnswerTimeout(node: name, generation: s.generation)), at: now + ElectionState.bullyAnswerTimeout)
  }

  /// A lower node holds an election: a live, eligible replica answers OK and holds its own; the
  /// master answers OK and repeats COORDINATOR, since it has already won.
  mutating func bullyElectionReceived(at name: String, from lower: String) {
    guard let n = nodes[name] else { return }
    if n.role == .master {
      guard name == masterName else { return }
      noteControl(.bullyReminds(node: name, to: lower))
      send(.control(.answer), from: name, to: lower)
      send(.control(.coordinator(epoch: n.epoch)), from: name, to: lower)
      return
    }
    guard n.role == .replica, control.priority(of: name) != 0 else { return }
    noteControl(.bullyAnswer(node: name, to: lower))
    send(.control(.answer), from: name, to: lower)
    startBully(name)
  }

  mutating func bullyAnswerReceived(at name: String, from higher: String) {
    guard var s = control.elections.bully[name], s.electing, !s.answered else { return }
    s.answered = true
    s.generation += 1
    control.elections.bully[name] = s
    queue.schedule(
      .control(.bullyCoordinatorTimeout(node: name, generation: s.generation)),
      at: now + ElectionState.bullyCoordinatorTimeout)
  }

  mutating func bullyAnswerTimedOut(_ name: String, generation: Int) {
    guard let s = control.elections.bully[name], s.generation == generation, s.electing, !s.answered,
      let n = nodes[name], n.isUp, n.role == .replica
    else { return }
    bullyDeclare(name, waited: ElectionState.bullyAnswerTimeout)
  }

  /// A higher node answered OK but never declared itself: start over (twice at most).
  mutating func bullyCoordinatorTimedOut(_ name: String, generation: Int) {
    guard var s = control.elections.bully[name], s.generation == generation, s.answered,
      nodes[name]?.role == .replica
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
  mutating func bullyDeclare(_ name: String, waited: SimTime?) {
    noteControl(.bullyWins(node: name, waited: waited))
    let epoch = installMaster(name, epoch: nil, method: .bully)
    for other in nodeNames where other != name { send(.control(.coordinator(epoch: epoch)), from: name, to: other) }
    send(.control(.coordinator(epoch: epoch)), from: name, to: orchestratorName)
  }
}
