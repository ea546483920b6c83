/// The lab's one source of randomness: xoshiro256** seeded through SplitMix64.
///
/// The system generator would make every run different; a transcript must be byte-identical for the
/// same script and seed, so every random choice in the lab (jitter, loss, election timeouts, `rand()`)
/// draws from this generator.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  /// The seed the generator was started from, shown by `status`.
  public let seed: UInt64
  private var state: (UInt64, UInt64, UInt64, UInt64)

  public init(seed: UInt64) {
    self.seed = seed
    var sm = seed
    func splitMix(_ x: inout UInt64) -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitMix(&sm), splitMix(&sm), splitMix(&sm), splitMix(&sm))
  }

  public mutating func next() -> UInt64 {
    let result = rotl(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotl(state.3, 45)
    return result
  }

  private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
