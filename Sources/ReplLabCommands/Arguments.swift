import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// Checks of single arguments, shared by every command that takes them, so a key, a node name or a
/// duration is judged the same way everywhere.
package enum Arguments {
  package static let maxKeyLength = 64
  package static let maxValueLength = 256
  package static let reservedNames: Set<String> = [
    "master", "leader", "primary", "all", "from", "last", "replica", "standby", "auto", "manual", "off", "orch", "app",
    "proxy",
  ]

  package static func key(_ word: String, _ spec: CommandSpec) throws(CommandError) -> String {
    if word.isEmpty { throw spec.error("the key is empty") }
    if word.utf8.count > maxKeyLength { throw spec.error("the key is longer than \(maxKeyLength) characters") }
    guard word.unicodeScalars.allSatisfy({ $0.isASCII && (isAlnum($0) || "_.:-".unicodeScalars.contains($0)) }) else {
      throw spec.error("'\(word)' is not a key: keys use ASCII letters, digits and _ . : -")
    }
    return word
  }

  package static func value(_ word: String, _ spec: CommandSpec) throws(CommandError) -> String {
    if word.isEmpty { throw spec.error("the value is empty") }
    if word.count > maxValueLength { throw spec.error("the value is longer than \(maxValueLength) characters") }
    return word
  }

  /// A node named in a command; `master`, `leader` and `primary` are resolved later, when it runs.
  package static func node(_ word: String, _ spec: CommandSpec) throws(CommandError) -> String {
    let lower = word.lowercased()
    guard !lower.isEmpty, lower.utf8.count <= 16,
      lower.unicodeScalars.allSatisfy({ $0.isASCII && (isAlnum($0) || $0 == "_" || $0 == "-") })
    else { throw spec.error("'\(word)' is not a node name: names are up to 16 ASCII letters, digits, _ or -") }
    return lower
  }

  /// A name for a new node: not a role word, starts with a letter.
  package static func newNodeName(_ word: String, _ spec: CommandSpec) throws(CommandError) -> String {
    let name = try node(word, spec)
    guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else {
      throw spec.error("'\(word)' must start with a letter")
    }
    if reservedNames.contains(name) { throw spec.error("'\(name)' is a reserved word; pick a name like db4") }
    return name
  }

  /// `250ms`, `2s`, `1.5s`, `1m`, `1h`: positive, at most a day of simulated time.
  package static func duration(_ word: String, _ spec: CommandSpec) throws(CommandError) -> SimTime {
    let w = word.lowercased()
    let units: [(String, Double)] = [("ms", 1), ("min", 60_000), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
    let hint = "'\(word)' is not a duration: write a positive number with a unit, like 250ms, 2s or 1m"
    guard let (suffix, scale) = units.first(where: { w.hasSuffix($0.0) }) else { throw spec.error(hint) }
    let number = w.dropLast(suffix.count)
    guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
      number.filter({ $0 == "." }).count <= 1, number.first != ".", number.last != ".",
      number.count <= 12, let x = Double(number)
    else { throw spec.error(hint) }
    let ms = x * scale
    if ms < 1 { throw spec.error("'\(word)' is shorter than a millisecond; the lab's clock counts whole milliseconds") }
    if ms > 86_400_000 { throw spec.error("'\(word)' is longer than a day; wait in smaller steps") }
    return SimTime(ms.rounded())
  }

  /// A whole number in `range`.
  package static func count(_ word: String, in range: ClosedRange<Int>, what: String, _ spec: CommandSpec)
    throws(CommandError) -> Int
  {
    guard word.count <= 12, word.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(word) else {
      throw spec.error("'\(word)' is not a whole number for \(what)")
    }
    guard range.contains(n) else {
      throw spec.error("\(what) must be between \(range.lowerBound) and \(range.upperBound)")
    }
    return n
  }

  package static func isAlnum(_ s: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
  }

  /// `[NAME] [last N]`, shared by `log` and `ops`: an optional name, then an optional count.
  package static func nameAndLast(
    _ args: [String], _ spec: CommandSpec, name: (String) throws(CommandError) -> String
  ) throws(CommandError) -> (name: String?, last: Int?) {
    var rest = args[...]
    var named: String?
    if let first = rest.first, first.lowercased() != "last" {
      named = try name(first)
      rest = rest.dropFirst()
    }
    var last: Int?
    if let word = rest.first {
      guard word.lowercased() == "last" else { throw spec.error("expected `last N`, got '\(word)'") }
      guard rest.count == 2 else { throw spec.error(rest.count < 2 ? "`last` needs a number" : "too many arguments") }
      last = try count(rest[rest.startIndex + 1], in: 1...100_000, what: "last", spec)
    }
    return (named, last)
  }
}
