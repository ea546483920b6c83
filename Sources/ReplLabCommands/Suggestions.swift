import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// "Did you mean ...?" for a mistyped word.
package enum Suggestions {
  /// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
  package static func closest(to word: String, among candidates: [String]) -> String? {
    let w = word.lowercased()
    let length = w.count
    // Only a distance of at most 3 is ever suggested, and lengths that far apart bound the distance
    // from below: skipping those keeps a pasted 5,000-character word from costing seconds.
    let scored = candidates.map { c in
      let gap = abs(c.count - length)
      return (c, gap > 3 ? gap : distance(w, c))
    }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    // One slip of the finger beats a prefix: `sett` is `set`, not `settle`.
    if let best = scored.first, best.1 <= 1 { return best.0 }
    // Of several commands the word begins, the shortest is the likeliest: `sync` is `sync-mode`.
    if w.count >= 2,
      let prefixed = candidates.filter({ $0.hasPrefix(w) }).sorted(by: { ($0.count, $0) < ($1.count, $1) }).first
    {
      return prefixed
    }
    guard let best = scored.first, best.1 <= min(3, w.count / 3 + 1) else { return nil }
    return best.0
  }

  /// Levenshtein distance over Unicode characters.
  package static func distance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[y.count]
  }
}
