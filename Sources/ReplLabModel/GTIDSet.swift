/// A set of global transaction ids, MySQL's gtid_executed: for each originating server (by node
/// name; `DataPlane.serverUUID(of:)` gives its server_uuid) the transaction numbers it holds, as
/// sorted disjoint ranges (`3E11FA47-...:1-5:7`).
public struct GTIDSet: Sendable, Equatable {
  /// Ranges by originating node, sorted, disjoint and not adjacent.
  public private(set) var ranges: [String: [ClosedRange<Int>]] = [:]

  public init() {}

  public var isEmpty: Bool { ranges.isEmpty }

  /// The originating nodes, sorted.
  public var origins: [String] { ranges.keys.sorted() }

  /// How many transaction ids the set holds.
  public var count: Int { ranges.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }

  public func contains(_ origin: String, _ number: Int) -> Bool {
    ranges[origin]?.contains { $0.contains(number) } ?? false
  }

  /// The highest number from `origin`, 0 when none.
  public func highest(_ origin: String) -> Int { ranges[origin]?.last?.upperBound ?? 0 }

  public mutating func insert(_ origin: String, _ numbers: ClosedRange<Int>) {
    var list = ranges[origin] ?? []
    list.append(numbers)
    list.sort { $0.lowerBound < $1.lowerBound }
    var merged: [ClosedRange<Int>] = []
    for r in list {
      if let last = merged.last, r.lowerBound <= last.upperBound + 1 {
        merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
      } else {
        merged.append(r)
      }
    }
    ranges[origin] = merged
  }

  public mutating func insert(_ origin: String, _ number: Int) { insert(origin, number...number) }

  /// GTID_SUBTRACT(self, other): what this set has that `other` lacks.
  public func subtracting(_ other: GTIDSet) -> GTIDSet {
    var result = GTIDSet()
    for origin in origins {
      for r in ranges[origin]! {
        var n = r.lowerBound
        while n <= r.upperBound {
          if other.contains(origin, n) {
            n += 1
            continue
          }
          var end = n
          while end < r.upperBound && !other.contains(origin, end + 1) { end += 1 }
          result.insert(origin, n...end)
          n = end + 1
        }
      }
    }
    return result
  }

  /// GTID_SUBSET(self, other).
  public func isSubset(of other: GTIDSet) -> Bool { subtracting(other).isEmpty }
}
