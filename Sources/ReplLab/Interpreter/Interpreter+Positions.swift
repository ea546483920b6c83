import ReplLabCommands
import ReplLabControl
import ReplLabModel
import ReplLabPresentation

/// Replication positions, re-pointing, writes on a replica and rejoining after divergence.
extension Interpreter {
  package mutating func runPositions(_ v: PositionView) -> Reply {
    cluster.setPositions(v)
    return Reply(output: Explain.positionsSet(v, in: cluster))
  }

  package mutating func runRepoint(_ raw: String, to rawMaster: String, at: BinlogCoordinates?) throws -> Reply {
    let name = try cluster.resolve(raw)
    let master = try cluster.resolve(rawMaster)
    let report = try cluster.repoint(name, to: master, at: at)
    return Reply(output: Explain.repointed(report, in: cluster))
  }

  package mutating func runWriteOn(_ raw: String, key: String, value: String?) throws -> Reply {
    let name = try cluster.resolve(raw)
    let t = try cluster.writeOnReplica(name, key: key, value: value)
    return Reply(output: Explain.wroteOnReplica(t, on: name, in: cluster))
  }

  package mutating func runRejoin(_ mode: RejoinMode) -> Reply {
    cluster.setRejoinMode(mode)
    return Reply(output: Explain.rejoinSet(mode))
  }

  package mutating func runRewind(_ raw: String) throws -> Reply {
    let name = try cluster.resolve(raw)
    let r = try cluster.rewind(name)
    return Reply(output: Explain.rewound(name, master: cluster.masterName ?? "-", forkSeq: r.forkSeq, count: r.count))
  }
}
