import ReplLabKernel
import ReplLabModel

extension Cluster {
  /// Arranges for `fault` to hit after the next `events` simulation events, inside whatever command
  /// runs them; `events` 0 hits now. `placedMoment` then says where it fell.
  package mutating func place(_ fault: PlacedFault, afterEvents events: Int) {
    guard events > 0 else {
      placedMoment = inject(fault)
      return
    }
    placedFault = fault
    data.pauseAt = data.eventsRun + events
  }

  /// Forgets a fault placed but not yet hit, and where the last one fell: an exploration starts
  /// from a cluster with none.
  package mutating func forgetPlacedFault() {
    placedFault = nil
    placedMoment = nil
    data.pauseAt = .max
  }

  /// Runs `fault` now, if it has something to hit, and says what the cluster looked like as it hit.
  @discardableResult
  package mutating func inject(_ fault: PlacedFault) -> FaultMoment {
    let name: String? =
      switch fault.target {
      case .master: data.masterName
      case .node(let n): n
      }
    let hit = name.flatMap { data.nodes[$0]?.isUp == true ? $0 : nil }
    let moment = moment(hitting: hit)
    guard let hit else { return moment }
    switch fault {
    case .crash(_, let kind):
      _ = try? crash(hit, kind: kind)
    case .partition:
      let idle = control.regime == .lease ? ControlPlane.orchestratorName : LeaseStore.name
      partition([hit], from: data.endpointNames.filter { $0 != hit && $0 != idle })
    }
    return moment
  }

  /// The cluster as a fault hitting `node` finds it.
  private func moment(hitting node: String?) -> FaultMoment {
    let master = data.master
    let last = master?.log.lastSeq ?? 0
    let waiting = data.pendingWrites.filter { $0.master == data.masterName }.map(\.seq).min()
    let received = data.orderedNodes.filter { $0.isUp && $0.name != data.masterName }.map {
      FaultMoment.Received(node: $0.name, seq: $0.received)
    }
    return FaultMoment(
      node: node, wasMaster: node != nil && node == data.masterName, time: data.now, master: data.masterName,
      masterLastSeq: last, acknowledged: waiting.map { $0 - 1 } ?? last, received: received)
  }

  /// Runs the fault placed with `place(_:afterEvents:)` if the event loop has just paused for it.
  /// Returns whether it did.
  package mutating func injectPlacedFault() -> Bool {
    guard data.eventsRun == data.pauseAt, let fault = placedFault else { return false }
    data.pauseAt = .max
    placedFault = nil
    let moment = inject(fault)
    placedMoment = moment
    data.note(.control(PlacedFaultHit(fault: fault, moment: moment)))
    return true
  }
}
