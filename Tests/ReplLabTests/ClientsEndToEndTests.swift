import Foundation
import ReplLabTestSupport
import Testing

/// The clients commands through the built binary, as a learner piping a session would run them.
@Suite struct ClientsEndToEndTests {
  @Test func pipedSessionShowsTheAnomalyTheFixAndTheVerdict() throws {
    let input = """
      client alice reads round-robin
      as alice set bio cats
      as alice get bio
      client alice read-your-writes wait
      as alice set bio dogs
      as alice get bio
      ops check
      as nobody get bio
      as alice
      client alice reads sticky db9

      """
    let r = try BuiltBinary.run([], input: input)
    // The last lines are mistakes on purpose: the run reports them in its status.
    #expect(r.status == 65)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.contains { $0.hasPrefix("(nil) from db2 (replica, applied seq 0)") })
    #expect(lines.contains { $0.hasPrefix("read-your-writes broken: alice wrote bio = \"cats\" as seq 1 (#1)") })
    #expect(lines.contains("Waited 10 ms for db3 to apply seq 2, alice's last write (read-your-writes wait)."))
    #expect(lines.contains { $0.hasPrefix("\"dogs\" from db3 (replica, applied seq 2)") })
    #expect(lines.contains("Checked 4 operations by 1 client (2 answered reads): 1 read broke a guarantee."))
    let errors = lines.filter { $0.hasPrefix("error: ") }
    #expect(
      errors == [
        "error: there is no client named 'nobody'; the clients are app and alice. `client nobody` creates it",
        "error: `as alice` needs a command to run as alice: set, get or del. Usage: as NAME set|get|del ...",
        "error: db9 cannot be a sticky replica: there is no node named 'db9'; the nodes are db1, db2, db3",
      ])
  }

  @Test func theClientLessonsReplayFromTheCommandLine() throws {
    let r = try BuiltBinary.run(["run", "Lessons/24-consistent-prefix.lab"], in: Project.root)
    #expect(r.status == 0)
    #expect(r.stdout.contains("consistent prefix reads broken: bob read answer"))
    #expect(r.stdout.contains("(consistent-prefix wait)."))
  }
}
