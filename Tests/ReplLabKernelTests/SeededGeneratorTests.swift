import Testing

@testable import ReplLabKernel

@Suite struct SeededGeneratorTests {
  static func first(_ n: Int, seed: UInt64) -> [UInt64] {
    var g = SeededGenerator(seed: seed)
    return (0..<n).map { _ in g.next() }
  }

  @Test func sameSeedGivesSameSequence() {
    #expect(Self.first(100, seed: 42) == Self.first(100, seed: 42))
  }

  @Test func differentSeedsGiveDifferentSequences() {
    let a = Self.first(10, seed: 1)
    let b = Self.first(10, seed: 2)
    let c = Self.first(10, seed: 0)
    #expect(a != b)
    #expect(a != c)
    #expect(b != c)
    // Not just a shifted copy of each other.
    #expect(Set(a).isDisjoint(with: b))
  }

  /// xoshiro256** seeded with SplitMix64, checked against an independent reference implementation.
  /// If this fails, the generator changed and every transcript that uses randomness changes with it.
  @Test func firstValuesForSeedOneArePinned() {
    #expect(Self.first(3, seed: 1) == [0xB3F2_AF6D_0FC7_10C5, 0x853B_5596_4736_4CEA, 0x92F8_9756_082A_4514])
  }

  /// The first outputs depend on only part of the state; the thousandth depends on all of it.
  @Test func thousandthValueForSeedOneIsPinned() {
    #expect(Self.first(1000, seed: 1).last == 0xB851_7C33_C344_D153)
  }

  @Test func firstValuesForSeedZeroArePinned() {
    // Seed 0 must not produce the all-zero state xoshiro cannot leave.
    #expect(Self.first(3, seed: 0) == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
  }

  @Test func remembersItsSeed() {
    var g = SeededGenerator(seed: 12345)
    _ = g.next()
    #expect(g.seed == 12345)
  }

  @Test func copiesContinueIndependentlyAndIdentically() {
    var a = SeededGenerator(seed: 9)
    _ = a.next()
    var b = a
    #expect(a.next() == b.next())
    #expect(a.next() == b.next())
  }

  @Test func drivesStandardLibraryRandomDeterministically() {
    var g1 = SeededGenerator(seed: 7)
    var g2 = SeededGenerator(seed: 7)
    let x = (0..<20).map { _ in Int.random(in: 0...1000, using: &g1) }
    let y = (0..<20).map { _ in Int.random(in: 0...1000, using: &g2) }
    #expect(x == y)
    #expect(Set(x).count > 1)
  }
}
