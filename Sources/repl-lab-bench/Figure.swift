/// One line of the benchmark's table: a measured value, the baseline measured in the same run, and
/// the largest ratio between them that meets the target.
struct Figure {
  enum Unit {
    case seconds
    case microseconds
    case megabytes

    func text(_ x: Double) -> String {
      switch self {
      case .seconds: return fixed(x, 3) + " s"
      case .microseconds: return fixed(x, 2) + " us"
      case .megabytes: return fixed(x, 1) + " MB"
      }
    }
  }

  let name: String
  let value: Double
  let baseline: Double
  /// What the baseline is, for the table (`awk`, `hello`, `1k writes`).
  let baselineName: String
  let unit: Unit
  let target: Double

  var ratio: Double { value / baseline }
  var passed: Bool { ratio <= target }

  /// The benchmark's table: figure, value, baseline, ratio, target, PASS/MISS.
  static func table(_ figures: [Figure]) -> String {
    let header = ["figure", "value", "baseline", "ratio", "target", "result"]
    let rows = figures.map { f in
      [
        f.name, f.unit.text(f.value), "\(f.unit.text(f.baseline)) (\(f.baselineName))",
        fixed(f.ratio, 2) + "x", "<= " + fixed(f.target, 1) + "x", f.passed ? "PASS" : "MISS",
      ]
    }
    let all = [header] + rows
    let widths = (0..<header.count).map { c in all.map { $0[c].count }.max()! }
    return all.map { row in
      row.enumerated().map { c, cell in
        // Numbers right-aligned, words left-aligned.
        let pad = String(repeating: " ", count: widths[c] - cell.count)
        return c == 0 || c == 5 ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }.joined(separator: "\n")
  }
}

/// `x` with `digits` digits after the point (no Foundation for String(format:)).
func fixed(_ x: Double, _ digits: Int) -> String {
  var scale = 1.0
  for _ in 0..<digits { scale *= 10 }
  let n = Int((x * scale).rounded())
  let whole = n / Int(scale)
  guard digits > 0 else { return "\(whole)" }
  let frac = String(abs(n) % Int(scale))
  return "\(n < 0 && whole == 0 ? "-" : "")\(whole)." + String(repeating: "0", count: digits - frac.count) + frac
}
