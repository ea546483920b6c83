// Placeholder until the real diff lands.
public struct UnifiedDiff: Sendable {
  let e: String, a: String
  public init(expected: String, actual: String, context: Int = 3) { e = expected; a = actual }
  public var isEmpty: Bool { e == a }
  public var firstDifferingActualLine: Int? { e == a ? nil : 0 }
  public func render(expectedName: String, actualName: String, maxHunks: Int = 5) -> String { "--- \(expectedName)\n+++ \(actualName)\n" }
}
