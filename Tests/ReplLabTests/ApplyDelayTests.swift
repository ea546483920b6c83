import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

/// A delayed replica (`apply-delay`, recovery_min_apply_delay / SOURCE_DELAY): it receives and
/// acknowledges at once and applies each entry only once its master commit time is the delay old.
@Suite struct ApplyDelayTests {
  static let hour: SimTime = 3_600_000

  /// Three rows at t=0 and a delete of one of them at t=10 min, db3 delayed by an hour.
  static func cluster() throws -> Cluster {
    var c = Cluster()
    try c.setApplyDelay(hour, for: "db3")
    _ = try c.write("a", "1")
    _ = try c.write("b", "2")
    c.advance(by: 600_000)
    _ = try c.write("a", nil as String?)
    return c
  }

  @Test func receivesAtOnceAndAppliesAfterTheDelay() throws {
    var c = try Self.cluster()
    c.advance(by: 100)
    #expect(c.node("db3")?.received == 3)
    #expect(c.node("db3")?.applied == 0)
    #expect(c.master?.replicas["db3"]?.received == 3, "the master hears of receipt at once")
    // The rows written at t=0 are applied at t=1h, not a millisecond before.
    c.advance(by: Self.hour - 600_100 - 1)
    #expect(c.node("db3")?.applied == 0)
    c.advance(by: 1)
    #expect(c.node("db3")?.applied == 2)
    #expect(c.testValue(of: "a", on: "db3") == "1")
    // The delete, committed at 10 min, waits until 1 h 10 min.
    c.advance(by: 600_000 - 1)
    #expect(c.node("db3")?.applied == 2)
    c.advance(by: 1)
    #expect(c.node("db3")?.applied == 3)
    #expect(c.testValue(of: "a", on: "db3") == nil)
    #expect(c.node("db2")?.applied == 3)
  }

  @Test func offAppliesWhatWasHeldBack() throws {
    var c = try Self.cluster()
    c.advance(by: 100)
    try c.setApplyDelay(nil, for: "db3")
    #expect(c.node("db3")?.applied == 3)
    #expect(c.node("db3")?.data == c.master?.data)
  }

  @Test func shorteningTheDelayAppliesWhatIsNowDue() throws {
    var c = try Self.cluster()
    c.advance(by: 100)
    // At 10 min, a 5 min delay makes the rows from t=0 due, not the delete from 10 min.
    try c.setApplyDelay(300_000, for: "db3")
    #expect(c.node("db3")?.applied == 2)
    c.advance(by: 300_000)
    #expect(c.node("db3")?.applied == 3)
  }

  @Test func survivesARestart() throws {
    var c = try Self.cluster()
    c.advance(by: 100)
    _ = try c.crash("db3")
    _ = try c.restart("db3")
    c.advance(by: Self.hour)
    #expect(c.node("db3")?.applied == 3)
  }

  /// PostgreSQL: once promotion is triggered the standby stops waiting and replays what it has.
  @Test func promotionAppliesEverythingReceived() throws {
    var c = try Self.cluster()
    c.advance(by: 100)
    _ = try c.crash("db1")
    _ = try c.promote("db3")
    #expect(c.node("db3")?.applied == 3)
    #expect(c.testValue(of: "a", on: "db3") == nil)
  }

  @Test func parsesDurationsAndOff() throws {
    #expect(try Parser.parse("apply-delay db3 1h") == .applyDelay("db3", 3_600_000))
    #expect(try Parser.parse("APPLY-DELAY db3 90s") == .applyDelay("db3", 90_000))
    #expect(try Parser.parse("apply-delay db3 off") == .applyDelay("db3", nil))
    #expect(try Parser.parse("apply-delay db3 0") == .applyDelay("db3", nil))
  }

  @Test(arguments: [
    ("apply-delay db3", "apply-delay needs one more argument"),
    ("apply-delay db3 soon", "'soon' is not a duration"),
    ("apply-delay db3 -5s", "'-5s' is not a duration"),
    ("apply-delay db3 2d", "'2d' is not a duration"),
    ("apply-delay db3 25h", "longer than a day"),
  ])
  func badValuesAreOneLineErrors(_ line: String, _ message: String) throws {
    let text = try #require(MechanicsParserTests.error(line))
    #expect(text.contains(message), "\(text)")
    #expect(text.contains("Usage: apply-delay NODE DURATION | apply-delay NODE off"))
    #expect(!text.contains("\n"))
  }

  @Test func refusalsChangeNothing() {
    var lab = Lab()
    let master = lab.transcript("apply-delay db1 1h")
    #expect(master.hasPrefix("error: db1 is the master; `apply-delay` holds back what a replica applies"))
    let unknown = lab.transcript("apply-delay db9 1h")
    #expect(unknown.hasPrefix("error: there is no node named 'db9'"))
    #expect(lab.cluster.nodeNames.allSatisfy { lab.cluster.node($0)?.applyDelay == nil })
  }

  @Test func statusShowsTheDelayAndTheLabSaysWhatItDoes() {
    var lab = Lab()
    let said = lab.transcript("apply-delay db3 1h")
    #expect(said.contains("db3 now applies each entry 60 min after the master committed it"))
    #expect(lab.transcript("status").contains("up (delay 60 min)"))
    #expect(lab.transcript("apply-delay db3 off").contains("db3 applies entries as they arrive again"))
    #expect(!lab.transcript("status").contains("delay"))
  }

  @Test func helpSaysWhereTheLabSimplifies() throws {
    let spec = try #require(CommandRegistry.spec(named: "apply-delay"))
    #expect(spec.detail.contains("Simplified:"))
    #expect(spec.detail.contains("recovery_min_apply_delay"))
    #expect(spec.detail.contains("SOURCE_DELAY"))
  }

  @Test func completesNodesAndDurations() {
    let lab = Lab()
    #expect(lab.interpreter.completions(for: "apply-d") == ["apply-delay"])
    #expect(lab.interpreter.completions(for: "apply-delay db").contains("db3"))
    #expect(lab.interpreter.completions(for: "apply-delay db3 o") == ["off"])
  }
}
