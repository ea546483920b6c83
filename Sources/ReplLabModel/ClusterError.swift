import ReplLabKernel

/// Why the cluster refused a request. The data says what was wrong; Presentation
/// (`ClusterError.message`) says it in words a learner can act on.
public enum ClusterError: Error, Sendable, Equatable {
  case unknownNode(String, known: [String])
  case masterDown(master: String, liveReplicas: [String])
  case noMaster
  /// A read or promotion named a node that is down; `key` is set for reads, to suggest the same read elsewhere.
  case nodeDown(String, alternatives: [String], key: String?)
  case nodeAlreadyDown(String)
  case nodeAlreadyUp(String)
  case nameTaken(String)
  case cannotPromoteMaster(String)
  case masterStillUp(String)
  case noCandidate
  case cannotRemoveMaster(String)
  case notAReplica(String)
  case notANumber(key: String, value: String)
  case standbyServesNoReads(String, alternatives: [String])
  case receivingSnapshot(String)
  case unknownStandby(String, known: [String])
  case quorumTooLarge(Int, listed: Int)
  /// The client still believes in a master that is down.
  case clientMasterDown(client: String, node: String, master: String?)
  /// The client wrote to a node that is no longer master (it stepped down).
  case notMaster(client: String, node: String, master: String?, epoch: Int)
  case cannotDemoteMaster(String, strays: [String])
  case notActingMaster(String, master: String)
  case priorityZero(String)
  /// The cluster already has `limit` nodes, the most the lab runs.
  case tooManyNodes(limit: Int)
  /// `node`'s log holds `limit` entries and retention is off: a new write would not fit.
  case logFull(node: String, limit: Int)
  /// A `load` of `count` writes would take `node`'s log (now `entries`) past `limit` with
  /// retention off.
  case loadExceedsLog(node: String, entries: Int, count: Int, limit: Int)
  /// min-replicas-to-write: `master` heard from only `good` within `maxLag` and needs `needed`
  /// (Redis's -NOREPLICAS). `lastHeard` is how long ago its freshest replica acknowledged.
  /// `cancel` with no write waiting on `master`.
  case nothingWaiting(master: String)
  /// `cancel` models PostgreSQL's cancelled synchronous commit; semi-sync waits end by its timeout.
  case cancelNeedsSynchronousCommit(master: String)
  case noGoodReplicas(master: String, good: [String], needed: Int, maxLag: SimTime, lastHeard: SimTime?)
  /// `repoint NODE MASTER` with `positions file`: without GTIDs a replica needs a place in the new
  /// source's binlog; `stoppedAt` is where it stopped in its old source's (`source`).
  case positionNeeded(node: String, master: String, source: String?, stoppedAt: BinlogCoordinates?)
  /// `repoint ... at FILE:POS` at a place other than the one after the node's last applied entry:
  /// `givenSeq` is the entry the place follows (nil: not an event boundary in that binlog).
  case wrongPosition(node: String, master: String, given: BinlogCoordinates, givenSeq: Int?, applied: Int)
  /// `repoint ... at FILE:POS` while positions are not binlog files (auto-positioning finds the place).
  case positionNotWanted(PositionView)
  /// `repoint` to a node that is not the cluster's master (the lab does not chain replicas).
  case repointToNonMaster(String, master: String?)
  /// `repoint NODE` for a node whose history has entries its new master lacks.
  case repointDiverged(node: String, master: String, forkSeq: Int)
  /// `rewind NODE` for a node whose history has nothing the master lacks.
  case nothingToRewind(String, master: String)
  /// `rewind NODE` when the fork lies before the oldest entry the node keeps (pg_rewind needs the
  /// WAL back to the fork).
  case rewindNeedsOlderLog(node: String, forkSeq: Int, oldest: Int)
}
