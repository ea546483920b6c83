import ReplLabKernel
import ReplLabModel

/// A fault placed to hit after the event loop has run a number of events.
package struct PendingFault: Sendable {
  /// The `DataPlane.eventsRun` count it hits at.
  let at: Int
  let fault: PlacedFault
}

/// A partition that ends by itself: `partition db2 for 2s`.
public struct PartitionWindow: Sendable, Equatable {
  public let ends: SimTime
  public let side: [String]
  public let other: [String]
  /// How long it lasts.
  public let window: SimTime
}

/// A partition's window ended: its links work again (an event line).
public struct PartitionEnded: ControlNotice, Sendable {
  public let side: [String]
  public let window: SimTime
  public let report: HealReport
}

extension Cluster {
  /// Arranges for `fault` to hit after the next `events` simulation events, inside whatever command
  /// runs them; `events` 0 hits now. `placedMoments` then says where it fell. Several can wait at
  /// once (two `after` lines): each hits at its own count.
  package mutating func place(_ fault: PlacedFault, afterEvents events: Int) {
    guard events > 0 else {
      placedMoments.append(inject(fault))
      return
    }
    let at = data.eventsRun + events
    let i = placedFaults.firstIndex { $0.at > at } ?? placedFaults.count
    placedFaults.insert(PendingFault(at: at, fault: fault), at: i)
    data.pauseAt = placedFaults[0].at
  }

  /// Forgets faults placed but not yet hit, where the last ones fell, and message faults armed: an
  /// exploration starts from a cluster with none.
  package mutating func forgetPlacedFault() {
    placedFaults = []
    placedMoments = []
    data.pauseAt = .max
    data.armedMessageFault = nil
    data.messageFaultHits = []
  }

  /// Runs `fault` now, if it has something to hit, and says what the cluster looked like as it hit.
  /// A message fault is armed: it hits the next message the network delivers.
  @discardableResult
  package mutating func inject(_ fault: PlacedFault) -> FaultMoment {
    let name: String? =
      switch fault.target {
      case .master: data.masterName
      case .node(let n): n
      case nil: nil
      }
    let hit = name.flatMap { data.nodes[$0]?.isUp == true ? $0 : nil }
    var moment = moment(hitting: hit)
    switch fault {
    case .message(let f):
      data.armedMessageFault = f
      moment.isMessageFault = true
      return moment
    case .crash(_, let kind):
      guard let hit else { return moment }
      _ = try? crash(hit, kind: kind)
    case .partition(_, let window):
      guard let hit else { return moment }
      let idle = control.regime == .lease ? ControlPlane.orchestratorName : LeaseStore.name
      let others = data.endpointNames.filter { $0 != hit && $0 != idle }
      partition([hit], from: others, for: window)
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

  /// Runs the faults placed with `place(_:afterEvents:)` if the event loop has just paused for
  /// them. Returns whether it did.
  package mutating func injectPlacedFault() -> Bool {
    guard data.eventsRun == data.pauseAt, let first = placedFaults.first, first.at == data.eventsRun else {
      return false
    }
    while let next = placedFaults.first, next.at == data.eventsRun {
      placedFaults.removeFirst()
      let moment = inject(next.fault)
      placedMoments.append(moment)
      data.note(.control(PlacedFaultHit(fault: next.fault, moment: moment)))
    }
    data.pauseAt = placedFaults.first?.at ?? .max
    return true
  }

  /// Where each placed fault fell, a message fault's with the message it hit (in the order message
  /// faults hit).
  public var faultMoments: [FaultMoment] {
    var hits = data.messageFaultHits[...]
    return placedMoments.map { m in
      var m = m
      if m.isMessageFault, let first = hits.first {
        m.message = first
        hits = hits.dropFirst()
      }
      return m
    }
  }
}

extension Cluster {
  /// Starts noting every message that arrives (see `DataPlane.probe`).
  package mutating func startProbe() { data.probe = [] }

  /// The messages that arrived since `startProbe`, oldest first.
  package var probed: [DeliveryProbe] { data.probe ?? [] }
}
