import ReplLabKernel

extension DataPlane {
  /// A read-only master whose planned switchover was abandoned takes writes again, in the same
  /// epoch: nobody else took over, so nothing diverged. Its replicas say hello again so that it
  /// streams to them once more.
  package mutating func resumeWrites(_ name: String) {
    guard nodes[name]?.isUp == true, masterName == nil, resignedMaster == name else { return }
    resignedMaster = nil
    nodes[name]!.role = .master
    nodes[name]!.masterName = nil
    masterName = name
    mark(name, .promoted(epoch: nodes[name]!.epoch))
    for r in nodeNames where nodes[r]?.masterName == name && nodes[r]?.isUp == true {
      sendHello(from: r, to: name)
    }
  }
}

extension DataPlane {
  /// Before a planned switchover stops writes, the master sends each connected replica everything
  /// it has, as a clean shutdown of PostgreSQL waits for its WAL senders, and a read-only MySQL
  /// source keeps serving its binary log.
  package mutating func flushToReplicas(_ name: String) {
    guard let m = nodes[name], m.isUp, m.role == .master else { return }
    for r in m.replicas.keys.sorted() {
      while let p = nodes[name]!.replicas[r], p.connected, p.sent < nodes[name]!.log.lastSeq {
        ship(from: name, to: r, incarnation: m.incarnation)
        // Purged entries send a snapshot request instead; stop when nothing moved.
        if nodes[name]!.replicas[r]?.sent == p.sent { break }
      }
    }
  }
}
