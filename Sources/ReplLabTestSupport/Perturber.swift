import DequeModule
import ReplLabModel
@_spi(Reflection) import Swift

/// Makes copies of a value that differ from it in one stored value each, for every stored value it
/// can reach: struct fields (found with `_forEachField`, written at their offset, `let` or not),
/// optionals, collections (a changed first element, one removed), dictionaries (a changed value, a
/// removed key), existentials (by their dynamic type), and, for what it cannot take apart (enums with
/// payloads, tuples), a different value of the same type found elsewhere in some state (a donor).
public struct Perturber {
  public struct Variant<T> {
    public let path: String
    /// The struct fields the change is under, as "Type.field".
    public let fields: [String]
    public let value: T
  }

  /// Values of each type seen in the states given to `collectDonors`, a few per type.
  public var donors: [ObjectIdentifier: [Any]] = [:]
  public var allDonors: [Any] = []
  /// Every "Type.field" of every struct the walk went through.
  public var seenFields = Set<String>()
  public let maxDepth = 24
  /// `_EachFieldOptions.ignoreUnknown` (a static var, which strict concurrency refuses to read).
  static let ignoreUnknown = _EachFieldOptions(rawValue: 1 << 1)

  public init() {}

  public mutating func collectDonors(_ value: Any, depth: Int = 0) {
    guard depth < 40 else { return }
    let key = ObjectIdentifier(type(of: value))
    let text = String(describing: value)
    if donors[key, default: []].count < 6, !donors[key, default: []].contains(where: { String(describing: $0) == text })
    {
      donors[key, default: []].append(value)
      allDonors.append(value)
    }
    let mirror = Mirror(reflecting: value)
    let isCollection = [.collection, .dictionary, .set].contains(mirror.displayStyle)
    for child in mirror.children.prefix(isCollection ? 40 : .max) { collectDonors(child.value, depth: depth + 1) }
  }

  /// A value of type `T` that reads differently from `value`, from the donors.
  public func donor<T>(for value: T) -> T? {
    let text = String(describing: value)
    let exact = donors[ObjectIdentifier(T.self)] ?? []
    for d in exact + allDonors { if let d = d as? T, String(describing: d) != text { return d } }
    return nil
  }

  public mutating func variants<T>(of value: T, path: String, fields: [String], depth: Int) -> [Variant<T>] {
    guard depth < maxDepth else { return [] }
    if let leaf = value as? any PerturbableLeaf {
      return [Variant(path: path, fields: fields, value: leaf.perturbed() as! T)]
    }
    if let container = value as? any PerturbableContainer {
      let found = container.variants(path: path, fields: fields, depth: depth, using: &self)
      if found.isEmpty, let d = donor(for: value) {
        return [Variant(path: path + " (replaced)", fields: fields, value: d)]
      }
      return found.map { Variant(path: $0.path, fields: $0.fields, value: $0.value as! T) }
    }
    // An existential: take apart the value it holds.
    let dynamicType = type(of: value as Any)
    if dynamicType != T.self {
      func open<D>(_ d: D) -> [Variant<T>] {
        variants(of: d, path: path, fields: fields, depth: depth).compactMap { v in
          (v.value as? T).map { Variant(path: v.path, fields: v.fields, value: $0) }
        }
      }
      return _openExistential(value as Any, do: open)
    }
    if Mirror(reflecting: value).displayStyle == .struct {
      var out: [Variant<T>] = []
      var fieldList: [(String, Int, Any.Type)] = []
      _ = _forEachField(of: T.self, options: Self.ignoreUnknown) { name, offset, type, _ in
        fieldList.append((String(cString: name), offset, type))
        return true
      }
      for (name, offset, fieldType) in fieldList {
        let field = "\(T.self).\(name)"
        seenFields.insert(field)
        func open<F>(_: F.Type) {
          let current = withUnsafeBytes(of: value) { $0.load(fromByteOffset: offset, as: F.self) }
          for v in variants(of: current, path: path + "." + name, fields: fields + [field], depth: depth + 1) {
            var copy = value
            withUnsafeMutableBytes(of: &copy) { raw in
              raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: F.self).pointee = v.value
            }
            out.append(Variant(path: v.path, fields: v.fields, value: copy))
          }
        }
        _openExistential(fieldType, do: open)
      }
      if !out.isEmpty || !fieldList.isEmpty { return out }
    }
    if let d = donor(for: value) { return [Variant(path: path + " (replaced)", fields: fields, value: d)] }
    return []
  }
}

public protocol PerturbableLeaf {
  func perturbed() -> Any
}

extension Int: PerturbableLeaf { public func perturbed() -> Any { self &+ 1 } }
extension Int32: PerturbableLeaf { public func perturbed() -> Any { self &+ 1 } }
extension Int64: PerturbableLeaf { public func perturbed() -> Any { self &+ 1 } }
extension UInt64: PerturbableLeaf { public func perturbed() -> Any { self ^ 1 } }
extension Bool: PerturbableLeaf { public func perturbed() -> Any { !self } }
extension String: PerturbableLeaf { public func perturbed() -> Any { self + "~" } }
extension Double: PerturbableLeaf { public func perturbed() -> Any { isFinite ? self + 0.5 : 0 } }

public protocol PerturbableContainer {
  func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>]
}

extension Optional: PerturbableContainer {
  public func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>]
  {
    switch self {
    case .some(let w):
      return p.variants(of: w, path: path + "?", fields: fields, depth: depth + 1).map {
        .init(path: $0.path, fields: $0.fields, value: Optional($0.value) as Any)
      } + [.init(path: path + " = nil", fields: fields, value: Optional<Wrapped>.none as Any)]
    case .none:
      return p.donor(for: Optional<Wrapped>.none).map {
        [.init(path: path + " (set)", fields: fields, value: $0 as Any)]
      } ?? []
    }
  }
}

/// Arrays and deques: the first element changed, the last removed (or, empty, a donor element added).
public protocol PerturbableSequence: RangeReplaceableCollection, MutableCollection, BidirectionalCollection,
  PerturbableContainer
{}
extension PerturbableSequence {
  public func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>]
  {
    guard let first = first else {
      return p.allDonors.lazy.compactMap { $0 as? Element }.first.map {
        [.init(path: path + " (appended)", fields: fields, value: Self([$0]) as Any)]
      } ?? []
    }
    var out: [Perturber.Variant<Any>] = p.variants(of: first, path: path + "[0]", fields: fields, depth: depth + 1).map
    {
      var copy = self
      copy[copy.startIndex] = $0.value
      return .init(path: $0.path, fields: $0.fields, value: copy as Any)
    }
    var shorter = self
    shorter.removeLast()
    out.append(.init(path: path + " (last removed)", fields: fields, value: shorter as Any))
    return out
  }
}
extension Array: PerturbableSequence {}
extension ContiguousArray: PerturbableSequence {}
extension Deque: PerturbableSequence {}

extension Dictionary: PerturbableContainer {
  public func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>]
  {
    let sorted = keys.sorted(by: { "\($0)" < "\($1)" })
    guard let key = sorted.first else { return [] }
    var out: [Perturber.Variant<Any>] = []
    for k in sorted.prefix(8) {
      out += p.variants(of: self[k]!, path: "\(path)[\(k)]", fields: fields, depth: depth + 1).map {
        var copy = self
        copy[k] = $0.value
        return .init(path: $0.path, fields: $0.fields, value: copy as Any)
      }
    }
    var fewer = self
    fewer[key] = nil
    out.append(.init(path: "\(path)[\(key)] (removed)", fields: fields, value: fewer as Any))
    return out
  }
}

extension Set: PerturbableContainer {
  public func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>]
  {
    if let e = first {
      var fewer = self
      fewer.remove(e)
      return [.init(path: "\(path)[\(e)] (removed)", fields: fields, value: fewer as Any)]
    }
    return p.allDonors.lazy.compactMap { $0 as? Element }.first.map {
      [.init(path: path + " (inserted)", fields: fields, value: Set([$0]) as Any)]
    } ?? []
  }
}

/// The node table keeps its nodes in raw memory: each node is changed through the table.
extension NodeTable: PerturbableContainer {
  public func variants(path: String, fields: [String], depth: Int, using p: inout Perturber) -> [Perturber.Variant<Any>]
  {
    var out: [Perturber.Variant<Any>] = []
    for name in names {
      for v in p.variants(of: self[name]!, path: "\(path)[\(name)]", fields: fields, depth: depth + 1) {
        var copy = self
        copy[name] = v.value
        out.append(.init(path: v.path, fields: v.fields, value: copy as Any))
      }
    }
    return out
  }
}
