/// The simulated network: one-way latency per link, optional jitter, partitions and loss, and FIFO
/// delivery per link.
///
/// It knows node names only, never what a message means. Links behave like TCP streams: a message
/// never overtakes an earlier one on the same link, even with jitter.
public struct Network: Sendable {
  /// Latency of every link unless a node's own setting is higher: 10 ms, a same-region round trip's
  /// worth of one way, so a write reaches replicas visibly later than the master has it.
  public static let defaultLatency: SimTime = 10

  /// Per-node latency set by `delay NODE DURATION`; a link's latency is the larger of its two ends.
  public private(set) var nodeLatency: [String: SimTime] = [:]
  /// Extra random delay up to this many ms per message, drawn from the lab's seeded generator.
  public var jitter: SimTime = 0
  /// Probability (0...1) that a message is silently dropped.
  public var lossRate: Double = 0
  /// Groups that cannot reach each other; nodes in no group are in the majority side "rest".
  public private(set) var cutLinks: Set<Link> = []
  private var lastDelivery: [Link: SimTime] = [:]

  /// An unordered pair of node names.
  public struct Link: Hashable, Sendable {
    public let a: String
    public let b: String
    public init(_ x: String, _ y: String) {
      if x <= y {
        a = x
        b = y
      } else {
        a = y
        b = x
      }
    }
  }

  public init() {}

  public func latency(from: String, to: String) -> SimTime {
    // Hashing names costs more than the rest of a message: skip it when no node has its own.
    if nodeLatency.isEmpty { return Self.defaultLatency }
    return max(nodeLatency[from] ?? Self.defaultLatency, nodeLatency[to] ?? Self.defaultLatency)
  }

  public mutating func setLatency(_ ms: SimTime?, for node: String) {
    nodeLatency[node] = ms
  }

  public func isCut(_ x: String, _ y: String) -> Bool { !cutLinks.isEmpty && cutLinks.contains(Link(x, y)) }

  public mutating func cut(_ x: String, _ y: String) { cutLinks.insert(Link(x, y)) }

  /// When a message sent now from `from` to `to` arrives, or nil when the network drops it.
  /// `transfer` is extra time on the wire for a large message (a snapshot), which later messages on
  /// the same link queue behind.
  public mutating func deliveryTime(
    from: String, to: String, now: SimTime, transfer: SimTime = 0, random: inout SeededGenerator
  ) -> SimTime? {
    if from == to { return now }
    if isCut(from, to) { return nil }
    if lossRate > 0, Double.random(in: 0..<1, using: &random) < lossRate { return nil }
    var t = now + latency(from: from, to: to) + transfer
    if jitter > 0 { t += SimTime.random(in: 0...jitter, using: &random) }
    // FIFO per direction is what a stream gives; tracking per unordered pair is a little stricter
    // and keeps replies behind requests too.
    lastDelivery[Link(from, to), default: 0].raise(to: &t)
    return t
  }

  /// Works again the link between `x` and `y` (a partition with a window ends).
  public mutating func heal(_ x: String, _ y: String) { cutLinks.remove(Link(x, y)) }

  /// Nothing sent on the link between `x` and `y` arrives before `time`: a lost TCP segment holds
  /// back the stream behind it until its retransmission gets through.
  public mutating func hold(_ x: String, _ y: String, until time: SimTime) {
    let link = Link(x, y)
    lastDelivery[link] = max(lastDelivery[link] ?? 0, time)
  }

  /// Forget a node: its latency setting and link state.
  public mutating func forget(_ node: String) {
    nodeLatency[node] = nil
    cutLinks = cutLinks.filter { $0.a != node && $0.b != node }
    lastDelivery = lastDelivery.filter { $0.key.a != node && $0.key.b != node }
  }
}

extension SimTime {
  /// The link's last delivery time and a new message's: both become the later of the two.
  fileprivate mutating func raise(to t: inout SimTime) {
    if t < self { t = self }
    self = t
  }
}
