import ReplLabKernel
/// The cluster's nodes by name.
///
/// A cluster has a handful of nodes and the write path looks one up many times per write, so two
/// costs matter: hashing the name (Swift hashes every String with SipHash) and copying the node (a
/// dictionary's getter copies the whole value, a dozen reference counts, to read one field). Here a
/// lookup compares a few short names, a read borrows the node in place, and `table[name]!.x = v`
/// changes it in place. It is a value like a dictionary: a copy of the table shares the nodes
/// until one side changes (copy-on-write).
public struct NodeTable: Sendable {
  /// Names and nodes in the order they were added; slots hold no nil except while one is removed.
  private final class Storage: @unchecked Sendable {
    package var names: [String] = []
    private(set) var slots: UnsafeMutablePointer<Node?>
    private var capacity: Int

    package init(capacity: Int) {
      self.capacity = capacity
      slots = .allocate(capacity: capacity)
    }

    deinit {
      slots.deinitialize(count: names.count)
      slots.deallocate()
    }

    package func copy() -> Storage {
      let other = Storage(capacity: capacity)
      other.slots.initialize(from: slots, count: names.count)
      other.names = names
      return other
    }

    package func index(of name: String) -> Int? {
      for i in names.indices where names[i] == name { return i }
      return nil
    }

    package func append(_ name: String, _ node: Node) {
      if names.count == capacity {
        let bigger = UnsafeMutablePointer<Node?>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: slots, count: names.count)
        slots.deallocate()
        slots = bigger
        capacity *= 2
      }
      (slots + names.count).initialize(to: node)
      names.append(name)
    }

    package func remove(at i: Int) {
      (slots + i).deinitialize(count: 1)
      (slots + i).moveInitialize(from: slots + i + 1, count: names.count - i - 1)
      names.remove(at: i)
    }
  }

  private var storage = Storage(capacity: 8)

  public init() {}

  /// The names, in the order they were added.
  package var names: [String] { storage.names }

  /// Whether a node is called `name` (without touching the node).
  public func contains(_ name: String) -> Bool { storage.index(of: name) != nil }

  /// Whether any node satisfies `predicate`, each borrowed in turn.
  public func contains(where predicate: (borrowing Node) -> Bool) -> Bool {
    for i in storage.names.indices where predicate(storage.slots[i]!) { return true }
    return false
  }

  public subscript(name: String) -> Node? {
    // Borrowed, not copied: `table[name]?.log.lastSeq` retains nothing.
    _read {
      if let i = storage.index(of: name) { yield storage.slots[i] } else { yield nil }
    }
    set {
      if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
      if let i = storage.index(of: name) {
        if let newValue { storage.slots[i] = newValue } else { storage.remove(at: i) }
      } else if let newValue {
        storage.append(name, newValue)
      }
    }
    _modify {
      if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
      if let i = storage.index(of: name) {
        yield &storage.slots[i]
        if storage.slots[i] == nil { storage.remove(at: i) }
      } else {
        var added: Node? = nil
        yield &added
        if let added { storage.append(name, added) }
      }
    }
  }
}

/// What `Mirror` sees: the nodes by name, in the order they were added (the storage itself is raw
/// memory that reflection cannot read).
extension NodeTable: CustomReflectable {
  public var customMirror: Mirror {
    Mirror(
      self, children: storage.names.indices.map { (label: storage.names[$0], value: storage.slots[$0]! as Any) },
      displayStyle: .dictionary)
  }
}
