import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// One parsed command line. Parsing never touches the cluster; running does. Each case is made by
/// one declaration in `CommandRegistry` and run by one case of the interpreter's exhaustive switch.
public enum Command: Sendable, Equatable {
  case set(key: String, value: String)
  case get(key: String, from: String?)
  case del(key: String)
  /// `crash NODE [host|process]`.
  case crash(String, CrashKind)
  case restart(String)
  case promote(String?)
  case addReplica(String)
  case remove(String)
  case reset
  /// `explore FAULT ... during SCENARIO`.
  case explore(ExploreRequest)
  /// `after N events FAULT`.
  case after(events: Int, PlacedFault)
  /// `lose message`, `reorder messages`: a fault on the next message the network delivers.
  case messageFault(MessageFault)
  case seed(UInt64)
  case syncMode(SyncMode)
  case wait(SimTime)
  case settle
  case delay(String, SimTime)
  case client(name: String, settings: [ClientSetting])
  case asClient(name: String, ClientCommand)
  case clients
  /// `ops [CLIENT] [last N]`: the recorded client operations.
  case ops(client: String?, last: Int?)
  case opsCheck
  case opsClear
  case status
  case log(node: String?, last: Int?)
  case lag
  /// `topology`: who follows whom, as text.
  case topology
  /// `lag --svg FILE`, `topology --svg FILE`: a picture written to FILE (`--force` replaces it).
  case picture(Picture, file: String, force: Bool)
  /// `diff [NODE NODE]`: which keys differ between nodes.
  case diff(String?, String?)
  /// Failure detection, elections, fencing, routing, network faults and the timeline.
  case control(ControlCommand)
  case help(String?)
  case lessons
  case narration(String)
  case blank
  case quit
  /// `clear`: clears the terminal (nothing in a pipe or transcript).
  case clear
  /// `pager on|off`: whether the REPL pages output taller than the terminal.
  case pager(Bool)
  /// `source FILE`: runs a script's lines into the current cluster.
  case source(String)
  // Replication mechanics
  case incr(key: String)
  case semiSync(SemiSyncOption?)
  case syncCommit(CommitLevel)
  case syncStandbys(StandbyNames)
  case syncFallback(SyncFallback)
  /// `cancel`: waiting clients give up their synchronous commits (psql's Ctrl-C).
  case cancel
  case addStandby(String)
  case logFormat(LogFormat)
  case checksum
  case retention(Retention?)
  case resyncMode(ResyncMode)
  case resync(String)
  case load(count: Int, over: SimTime, keys: Int)
  case slow(String, Int?)
  /// `apply-delay NODE DURATION|off`: a delayed replica (nil: no delay).
  case applyDelay(String, SimTime?)
  /// `position-store NODE file|table`: where a replica records its applied position.
  case positionStore(String, PositionStore)
  /// `apply-workers NODE N`: parallel apply workers for a replica.
  case applyWorkers(String, Int)
  /// `preserve-commit-order NODE on|off`: whether parallel workers commit in log order.
  case preserveCommitOrder(String, Bool)
  /// `switchover NODE`: a planned change of master.
  case switchover(String)
  /// `replica-status NODE`: SHOW REPLICA STATUS and pg_stat_replication for one replica.
  case replicaStatus(String)
  /// `slot NODE on|off`: a replication slot for NODE on the master.
  case slot(String, Bool)
  /// `max-slot-wal-keep N|off`: max_slot_wal_keep_size in entries (nil: no bound).
  case maxSlotWalKeep(Int?)
  /// `slots`: pg_replication_slots.
  case slots
  /// `replicate NODE from UPSTREAM`: re-point a replica, to the master or to a replica (cascading).
  case replicate(String, from: String)
  /// `clock NAME OFFSET`: a node's or client's wall clock is OFFSET off true time.
  case clock(String, SimTime)
  /// `lww on|off`: last-write-wins by the writers' clocks.
  case lww(Bool)
  /// `positions seq|file|gtid`: how log positions are named (MySQL's gtid_mode).
  case positions(PositionView)
  /// `repoint NODE MASTER [at FILE:POS]`: CHANGE REPLICATION SOURCE TO.
  case repoint(String, to: String, at: BinlogCoordinates?)
  /// `on NODE set KEY VALUE` / `on NODE del KEY` (nil value): a write made on a replica.
  case writeOn(node: String, key: String, value: String?)
  /// `rejoin MODE`: how a node holding writes its new master lacks comes back.
  case rejoin(RejoinMode)
  /// `rewind NODE`: pg_rewind.
  case rewind(String)
  /// Redis's `min-replicas-to-write N`.
  case minReplicasToWrite(Int)
  /// Redis's `min-replicas-max-lag SECONDS`, in ms.
  case minReplicasMaxLag(SimTime)
  /// `preset [NAME]`: apply a real system's settings, or list them.
  case preset(Preset?)
  /// `preset off`: stop showing a preset's parameter names.
  case presetOff
  /// `goal TEXT`: an exercise's goal.
  case goal(String)
  /// `expect ...`: an assertion about the cluster.
  case expect(Expectation)
  /// `exercise N`: start an exercise, goal stated and no solution shown.
  case exercise(String)
  /// `check` in an exercise: run its goal checks against the learner's cluster and history.
  case checkGoal
  /// `hint` in an exercise: the next hint.
  case hint
  /// `solution` in an exercise: show it; `solution replay` runs it from a fresh start.
  case solution(replay: Bool)
  // The session
  /// `history [last N]`: the session's commands.
  case history(last: Int?)
  /// `undo`: replay the session without its last change.
  case undo
  /// `save [--force] FILE`: write the session as a lesson script; `force` replaces a file that exists.
  case save(String, force: Bool = false)
  /// `lesson N`: take a lesson step by step.
  case lesson(String)
  /// `next`: skip the lesson's current step.
  case nextStep
  /// `repeat`: show the lesson's current step again.
  case repeatStep
  /// `restart` inside a lesson: start the lesson over.
  case restartLesson
  /// `quit` or `exit` inside a lesson: leave the lesson, not the lab.
  case leaveLesson

  /// One semi-sync setting.
  public enum SemiSyncOption: Sendable, Equatable {
    case acks(Int)
    case timeout(SimTime)
    case waitPoint(SemiSyncSettings.WaitPoint)
  }
}

/// The pictures the lab draws besides the timeline.
public enum Picture: String, Sendable, Equatable {
  /// Each replica's position and lag against time.
  case lag
  /// Who follows whom, roles, epochs, up or down.
  case topology
}
