import ReplLabKernel

/// Dense ids for key names, shared by every node of a cluster.
///
/// A replicated write touches every node; hashing the key string once per command and indexing arrays
/// by id everywhere else keeps a write near the cost of one dictionary insert.
public struct KeyTable: Sendable {
  public typealias ID = Int32
  private var ids: [String: ID] = [:]
  private(set) public var names: [String] = []

  public init() {}

  public func id(of name: String) -> ID? { ids[name] }

  public mutating func intern(_ name: String) -> ID {
    if let id = ids[name] { return id }
    let id = ID(names.count)
    ids[name] = id
    names.append(name)
    return id
  }

  public func name(_ id: ID) -> String { names[Int(id)] }
  public var count: Int { names.count }
}
