import ReplLabKernel
import ReplLabModel

/// What the control plane did, for one line each of output (see `Explain.control`).
public enum ControlEvent: Sendable {
  /// Why a node the orchestrator suspects went quiet, as only the lab knows.
  public enum Cause: Sendable, Equatable {
    case crashed(at: SimTime)
    case cutOff
    case slow(latency: SimTime)
    case lossy
  }

  /// A replica the orchestrator ranked when choosing a new master.
  public struct Candidate: Sendable, Equatable {
    public let name: String
    public let priority: Int
    public let epoch: Int
    public let seq: Int
  }

  /// What the phi accrual detector saw when it suspected a node.
  public struct PhiReading: Sendable, Equatable {
    public let phi: Double
    public let mean: Double
    public let deviation: Double
  }

  /// Why a Raft voter said yes or no.
  public enum VoteReason: Sendable, Equatable {
    case granted
    case staleTerm(mine: Int)
    case alreadyVoted(for: String)
    case myLogIsNewer(mine: Int, theirs: Int, myEpoch: Int, theirEpoch: Int)
  }

  case suspected(
    node: String, wasMaster: Bool, lastHeard: SimTime, everHeard: Bool, silence: SimTime, detector: FailureDetector,
    phi: PhiReading?, cause: Cause?)
  case answeringAgain(node: String, suspectedFor: SimTime)
  /// failover manual: the orchestrator raises the alarm and waits.
  case alarm(master: String)
  case failoverBlocked(master: String, lastFailover: SimTime, until: SimTime)
  case chose(node: String, ranking: [Candidate], skipped: [String: String])
  case noCandidate(master: String)
  case electionCalled(method: ElectionMethod, master: String, replicas: [String])
  case promoted(node: String, epoch: Int, method: ElectionMethod, oldMaster: String?, nothingLost: Bool)
  case lost(LostWrite, newMaster: String, oldMaster: String)
  case announced(endpoint: String, master: String, epoch: Int)
  case failoverDone(
    oldMaster: String, newMaster: String, detectedAt: SimTime, doneAt: SimTime, crashedAt: SimTime?,
    oldMasterActing: Bool)
  case failoverFailed(master: String, method: ElectionMethod, waited: SimTime)
  /// A new master is in place, but the client (or proxy) never heard of it.
  case failoverUnannounced(master: String, newMaster: String, endpoint: String, waited: SimTime)
  case steppedDown(node: String, master: String, epoch: Int, oldEpoch: Int, from: String)
  case splitBrain(node: String, epoch: Int, master: String, masterEpoch: Int)
  case ignoredNewerEpoch(node: String, epoch: Int, from: String)

  case bullyElection(node: String, higher: [String])
  case bullyAnswer(node: String, to: String)
  case bullyWins(node: String, waited: SimTime?)
  case bullyReminds(node: String, to: String)
  case bullyRestart(node: String)
  case sitsOut(node: String)

  case preVote(node: String, term: Int, timeout: SimTime, again: Bool)
  /// A node would not vote for `candidate` in `term` (pre-vote); a yes is not reported.
  case preVoteRefused(voter: String, candidate: String, term: Int, reason: VoteReason)
  case candidate(node: String, term: Int, timeout: SimTime, again: Bool)
  case voted(voter: String, candidate: String, term: Int, reason: VoteReason)
  case wonVote(node: String, term: Int, votes: [String], clusterSize: Int)
  case gaveUp(node: String, terms: Int, votes: Int, needed: Int)

  /// A step of a Sentinel failover, or a Sentinel converting a returning master.
  case sentinel(SentinelNews)
}

extension ControlEvent: ControlNotice {}
