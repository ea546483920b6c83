import ReplLabKernel

/// One node's applied data: values indexed by key id.
public struct KeyValueStore: Sendable, Equatable {
  private var values: ContiguousArray<String?> = []
  /// How many keys hold a value.
  public private(set) var count = 0

  public init() {}

  public subscript(id: KeyTable.ID) -> String? {
    get { Int(id) < values.count ? values[Int(id)] : nil }
    set {
      let i = Int(id)
      if i >= values.count {
        if newValue == nil { return }
        values.append(contentsOf: repeatElement(nil, count: i - values.count + 1))
      }
      if values[i] == nil, newValue != nil { count += 1 }
      if values[i] != nil, newValue == nil { count -= 1 }
      values[i] = newValue
    }
  }

  /// Every (id, value) pair that holds a value, in id order.
  public var pairs: [(KeyTable.ID, String)] {
    values.enumerated().compactMap { i, v in v.map { (KeyTable.ID(i), $0) } }
  }

  public static func == (a: KeyValueStore, b: KeyValueStore) -> Bool {
    a.count == b.count && a.pairs.elementsEqual(b.pairs, by: { $0.0 == $1.0 && $0.1 == $1.1 })
  }
}
