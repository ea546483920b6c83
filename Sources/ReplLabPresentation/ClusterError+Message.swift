import ReplLabKernel
import ReplLabModel

extension ClusterError {
  /// The refusal in words a learner can act on: what was wrong and which command helps.
  public var message: String {
    switch self {
    case .unknownNode(let name, let known):
      "there is no node named '\(name)'; the nodes are \(known.joined(separator: ", "))"
    case .masterDown(let master, let live):
      live.isEmpty
        ? "\(master) (master) is down and no replica is up: restart one with `restart NODE`"
        : "\(master) (master) is down: writes fail until `promote` makes a replica master or `restart \(master)` brings it back"
    case .noMaster:
      "the cluster has no master; `promote NODE` makes one"
    case .nodeDown(let name, let alternatives, let key):
      if let key {
        alternatives.isEmpty
          ? "\(name) is down and no other node is up to read from; `restart \(name)` brings it back"
          : "\(name) is down; read the key elsewhere (\(alternatives.map { "`get \(key) from \($0)`" }.joined(separator: " or "))) or `restart \(name)`"
      } else {
        alternatives.isEmpty
          ? "\(name) is down and no live replica can take its place; `restart NODE` first"
          : "\(name) is down; live replicas are \(alternatives.joined(separator: ", "))"
      }
    case .nodeAlreadyDown(let name):
      "\(name) is already down; `restart \(name)` brings it back"
    case .nodeAlreadyUp(let name):
      "\(name) is already up"
    case .nameTaken(let name):
      "a node named '\(name)' already exists; pick another name"
    case .cannotPromoteMaster(let name):
      "\(name) is already the master; promote a replica instead"
    case .masterStillUp(let name):
      "\(name) is the master and is up: promoting another node now would make two masters; crash it first (`crash \(name)`)"
    case .noCandidate:
      "no replica is up to promote; restart one first (`restart NODE`)"
    case .cannotRemoveMaster(let name):
      "\(name) is the master; promote another node before removing it"
    case .notAReplica(let name):
      "\(name) is not a replica"
    case .notANumber(let key, let value):
      "\(key) holds \"\(value)\", which is not a whole number, so it cannot be incremented"
    case .standbyServesNoReads(let name, let alternatives):
      "\(name) is a passive standby and serves no reads\(alternatives.isEmpty ? "" : "; read from \(alternatives.joined(separator: " or ")) instead")"
    case .receivingSnapshot(let name):
      "\(name) is still receiving its snapshot and has no data to serve yet; `lag` shows its progress"
    case .unknownStandby(let name, let known):
      "'\(name)' is not a replica; the replicas are \(known.joined(separator: ", "))"
    case .quorumTooLarge(let n, let listed):
      "\(n) synchronous standbys were asked for but only \(listed) \(listed == 1 ? "is" : "are") listed"
    case .clientMasterDown(let client, let node, let master):
      master.map {
        "\(client) still sends writes to \(node), which is down (connection refused): nobody has told \(client) that \($0) is master now"
      }
        ?? "\(client) still sends writes to \(node), which is down (connection refused)"
    case .notMaster(let client, let node, nil, _):
      "\(node) refused \(client)'s write: it gave up being master and is read-only now, and no node has taken over yet"
    case .notMaster(let client, let node, let master, let epoch):
      "\(node) refused \(client)'s write: it is a read-only replica now, following \(master ?? "nobody") in epoch \(epoch); \(client) has not yet been told where the master is"
    case .cannotDemoteMaster(let name, let strays):
      strays.isEmpty
        ? "\(name) is the cluster's master; `demote` is for a node that still acts as master in an older epoch, and there is none"
        : "\(name) is the cluster's master; `demote` is for the other one: \(strays.map { "`demote \($0)`" }.joined(separator: " or "))"
    case .notActingMaster(let name, let master):
      "\(name) is a replica of \(master), not acting as master; there is nothing to demote"
    case .priorityZero(let name):
      "\(name) has replica-priority 0, which means never promote; `replica-priority \(name) 100` first"
    case .tooManyNodes(let limit):
      "the lab runs at most \(limit) nodes (a MongoDB replica set's limit too); `remove NAME` frees a place"
    case .logFull(let node, let limit):
      "\(node)'s log is full: without retention the lab keeps at most \(limit) entries (counting writes running loads will make); `retention 100000` lets it purge old ones"
    case .loadExceedsLog(let node, let entries, let count, let limit):
      "\(Explain.plural(count, "write")) would take \(node)'s log past \(limit) entries (it holds or has promised \(entries)), the most the lab keeps without retention; `retention 100000` purges old entries as they go"
    case .nothingWaiting(let master):
      "no write is waiting on \(master): `cancel` gives up a commit that waits for its synchronous standbys"
    case .cancelNeedsSynchronousCommit(let master):
      "the writes waiting on \(master) wait for semi-sync acknowledgements; `cancel` models PostgreSQL's cancelled synchronous commit (`sync-mode sync`); semi-sync waits end at `semi-sync timeout`"
    case .noGoodReplicas(let master, let good, let needed, let maxLag, let lastHeard):
      "NOREPLICAS Not enough good replicas to write: \(master) heard from \(good.isEmpty ? "no replica" : Explain.list(good)) within the last \(maxLag.durationText) and needs \(needed) (min-replicas-to-write)\(lastHeard.map { "; its last acknowledgement came \($0.durationText) ago" } ?? "")"
    case .positionNeeded(let node, let master, let source, let stoppedAt):
      "without GTIDs \(node) needs a place in \(master)'s binlog: \(stoppedAt.map { "it stopped at \($0.text)" } ?? "it stopped") in \(source.map { "\($0)'s" } ?? "its old source's") binlog, an offset that means nothing in \(master)'s. Find its last transaction in \(master)'s binlog (`log \(master)`) and write `repoint \(node) \(master) at FILE:POS`"
    case .wrongPosition(let node, let master, let given, let givenSeq, let applied):
      if let s = givenSeq, s > applied {
        "\(given.text) in \(master)'s binlog comes after seq \(s): \(node) applied up to seq \(applied), so it would skip \(Explain.plural(s - applied, "transaction")) without a word; the place right after seq \(applied) in \(master)'s binlog is the one"
      } else if let s = givenSeq {
        "\(given.text) in \(master)'s binlog comes after seq \(s): \(node) already applied up to seq \(applied), so it would apply \(Explain.plural(applied - s, "transaction")) again (a duplicate-key error stops it, or a change counts twice); the place right after seq \(applied) in \(master)'s binlog is the one"
      } else {
        "\(given.text) is not where an event starts in \(master)'s binlog (it has no such file, or the offset falls inside an event): the replica would stop reading it; `log \(master)` shows where each entry ends"
      }
    case .positionNotWanted(let view):
      "`at FILE:POS` is for binlog positions (`positions file`); with positions \(view.rawValue) the replica finds its place itself: `repoint NODE MASTER`"
    case .repointToNonMaster(let name, let master):
      "\(name) is not the master; replicas follow the master\(master.map { " (\($0))" } ?? "")"
    case .repointDiverged(let node, let master, let forkSeq):
      "\(node) has writes after seq \(forkSeq) that \(master) never had: no place in \(master)'s binlog fits it; rebuild it with `resync \(node)`"
    case .nothingToRewind(let name, let master):
      "\(name)'s history has nothing \(master) lacks: there is nothing to rewind"
    case .rewindNeedsOlderLog(let node, let forkSeq, let oldest):
      "pg_rewind needs \(node)'s log back to the fork after seq \(forkSeq), but it keeps only seq \(oldest) onward: take a new base backup with `resync \(node)`"
    }
  }
}
