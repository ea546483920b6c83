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
  /// Names in the order they were added, and each one's node at the same index. A slot holds nil
  /// only while `table[name] = nil` removes it, so a node can be changed in place through an
  /// optional (`table[name]!.x = v`) without being copied out and back.
  private var keys: [String] = []
  private var slots: ContiguousArray<Node?> = []

  public init() {}

  /// The names, in the order they were added.
  package var names: [String] { keys }

  private func index(of name: String) -> Int? {
    for i in keys.indices where keys[i] == name { return i }
    return nil
  }

  /// Whether a node is called `name` (without touching the node).
  public func contains(_ name: String) -> Bool { index(of: name) != nil }

  /// Whether any node satisfies `predicate`, each borrowed in turn.
  public func contains(where predicate: (borrowing Node) -> Bool) -> Bool {
    for i in slots.indices where predicate(slots[i]!) { return true }
    return false
  }

  public subscript(name: String) -> Node? {
    // Borrowed, not copied: `table[name]?.log.lastSeq` retains nothing.
    _read {
      if let i = index(of: name) { yield slots[i] } else { yield nil }
    }
    set {
      if let i = index(of: name) {
        if let newValue { slots[i] = newValue } else { remove(at: i) }
      } else if let newValue {
        keys.append(name)
        slots.append(newValue)
      }
    }
    _modify {
      if let i = index(of: name) {
        yield &slots[i]
        if slots[i] == nil { remove(at: i) }
      } else {
        var added: Node? = nil
        yield &added
        if let added {
          keys.append(name)
          slots.append(added)
        }
      }
    }
  }

  private mutating func remove(at i: Int) {
    keys.remove(at: i)
    slots.remove(at: i)
  }
}

/// What `Mirror` sees: the nodes by name, in the order they were added (the storage itself is raw
/// memory that reflection cannot read).
extension NodeTable: CustomReflectable {
  public var customMirror: Mirror {
    Mirror(self, children: keys.indices.map { (label: keys[$0], value: slots[$0]! as Any) }, displayStyle: .dictionary)
  }
}
