/// Compares two values of any type by what they hold: every stored property, found with `Mirror`,
/// all the way down (structs, enum payloads, optionals, tuples, collections, class instances, and
/// existentials by their dynamic type). Nothing is listed by hand, so a property added to any type
/// the state reaches is compared from the moment it exists.
///
/// Three rules keep it exact and fast:
/// - Two values with the same bits are equal without a walk. A copy-on-write collection that was
///   not changed still shares its buffer with its copy, so an unchanged log or timeline costs one
///   comparison of one word, however long it is. (The bits say nothing when they differ: then the
///   walk goes on.)
/// - `Dictionary` and `Set` iterate in an order that depends on the instance and the process, so
///   their contents are matched by key, never by position.
/// - A leaf (a value with no stored properties to walk) compares with its own `==` when it has one,
///   else by its description. Closures are behaviour, not state: they compare equal.
public enum StateComparison {
  /// Stored properties left out, as "Type.property", each for a reason given where it is listed
  /// (see `StateDigest.scratch`).
  public typealias Exclusions = Set<String>

  /// The first differences between `a` and `b`, at most `limit`, each as a path and both values.
  public static func differences(_ a: Any, _ b: Any, excluding: Exclusions = [], limit: Int = .max) -> [Difference] {
    var walk = Walk(
      excluded: excluding, excludedLabels: Set(excluding.map { String($0.split(separator: ".").last!) }), limit: limit)
    walk.compare(a, b, path: "")
    return walk.found
  }

  /// One stored value that differs.
  public struct Difference: Sendable, CustomStringConvertible {
    /// Where it is, as property names and keys from the root (`cluster.data.nodes[db2].applied`).
    public let path: String
    public let before: String
    public let after: String

    public var description: String { "\(path): \(before)\n  became \(after)" }
  }

  /// The name `Exclusions` uses for a stored property of `type`.
  public static func name(_ type: Any.Type, _ property: String) -> String {
    "\(String(reflecting: type).split(separator: ".").last!).\(property)"
  }

  struct Walk {
    let excluded: Exclusions
    /// The property names in `excluded`: a type's name is worked out only for a child called so.
    let excludedLabels: Set<String>
    let limit: Int
    var found: [Difference] = []

    var done: Bool { found.count >= limit }

    mutating func differ(_ path: String, _ a: Any, _ b: Any) {
      found.append(
        Difference(
          path: path.isEmpty ? "(root)" : path, before: StateComparison.text(a), after: StateComparison.text(b)))
    }

    mutating func compare(_ a: Any, _ b: Any, path: String) {
      if done { return }
      let type = Swift.type(of: a)
      guard type == Swift.type(of: b) else { return differ(path, a, b) }
      if sameBits(a, b) { return }
      if let x = a as? any UnorderedReflection {
        return compareUnordered(x, b as! any UnorderedReflection, path: path)
      }
      let ma = Mirror(reflecting: a)
      let mb = Mirror(reflecting: b)
      if ma.displayStyle == .enum {
        // A case without a payload has no children; its description is its name.
        let ca = ma.children.first?.label ?? String(describing: a)
        let cb = mb.children.first?.label ?? String(describing: b)
        guard ca == cb else { return differ(path, a, b) }
      }
      if ma.children.isEmpty && mb.children.isEmpty && ma.superclassMirror == nil {
        return compareLeaf(a, b, path: path)
      }
      compareChildren(ma, mb, a, b, type: type, path: path)
    }

    mutating func compareChildren(_ ma: Mirror, _ mb: Mirror, _ a: Any, _ b: Any, type: Any.Type, path: String) {
      let style = ma.displayStyle
      guard ma.children.count == mb.children.count else {
        switch style {
        case .collection, .set, .dictionary: return differ(path + ".count", ma.children.count, mb.children.count)
        default: return differ(path, a, b)
        }
      }
      for (i, (x, y)) in zip(ma.children, mb.children).enumerated() {
        if done { return }
        let step: String
        switch style {
        case .collection, .set, .dictionary:
          step = "[\(x.label ?? String(i))]"
        case .enum:
          step = "(\(x.label ?? "?"))"
        default:
          let label = x.label ?? String(i)
          if excludedLabels.contains(label), excluded.contains(StateComparison.name(type, label)) { continue }
          step = (path.isEmpty ? "" : ".") + label
        }
        guard x.label == y.label else { return differ(path + step, x.label ?? "", y.label ?? "") }
        compare(x.value, y.value, path: path + step)
      }
      if let sa = ma.superclassMirror, let sb = mb.superclassMirror {
        compareChildren(sa, sb, a, b, type: sa.subjectType, path: path)
      }
    }

    mutating func compareUnordered(_ a: any UnorderedReflection, _ b: any UnorderedReflection, path: String) {
      let x = a.reflectedEntries
      let y = b.reflectedEntries
      for key in x.keys.sorted(by: { "\($0)" < "\($1)" }) {
        if done { return }
        guard let other = y[key] else { return differ("\(path)[\(key)]", x[key]!, "(absent)") }
        compare(x[key]!, other, path: "\(path)[\(key)]")
      }
      for key in y.keys where x[key] == nil {
        if done { return }
        differ("\(path)[\(key)]", "(absent)", y[key]!)
      }
    }

    mutating func compareLeaf(_ a: Any, _ b: Any, path: String) {
      if let x = a as? any Equatable {
        if !equal(x, b) { differ(path, a, b) }
        return
      }
      if String(describing: a) != String(describing: b) { differ(path, a, b) }
    }
  }

  /// Whether two values of the same type have the same bits (then they are equal; when not, they may
  /// still be).
  static func sameBits(_ a: Any, _ b: Any) -> Bool {
    func open<T>(_ x: T) -> Bool {
      guard var y = b as? T else { return false }
      var x = x
      return withUnsafeBytes(of: &x) { p in withUnsafeBytes(of: &y) { q in p.elementsEqual(q) } }
    }
    return _openExistential(a, do: open)
  }

  static func equal<T: Equatable>(_ x: T, _ b: Any) -> Bool {
    guard let y = b as? T else { return false }
    return x == y
  }

  static func text(_ value: Any) -> String {
    let s = String(describing: value)
    return s.count > 300 ? String(s.prefix(300)) + "…" : s
  }
}

/// A container whose iteration order is not part of its value (and differs between equal ones).
protocol UnorderedReflection {
  var reflectedEntries: [AnyHashable: Any] { get }
}

extension Dictionary: UnorderedReflection {
  var reflectedEntries: [AnyHashable: Any] {
    var out: [AnyHashable: Any] = [:]
    for (k, v) in self { out[AnyHashable(k)] = v }
    return out
  }
}

extension Set: UnorderedReflection {
  var reflectedEntries: [AnyHashable: Any] {
    var out: [AnyHashable: Any] = [:]
    for e in self { out[AnyHashable(e)] = e }
    return out
  }
}
