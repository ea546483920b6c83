import ReplLabTestSupport
import Testing

@testable import ReplLab
@testable import ReplLabClients
@testable import ReplLabCommands
@testable import ReplLabControl
@testable import ReplLabKernel
@testable import ReplLabModel
@testable import ReplLabPresentation

@Suite struct DiffViewTests {
  @Test func identicalNodesAreSaidToMatch() {
    var lab = Lab()
    lab.run("set a 1", "set b 2", "wait 20ms")
    #expect(lab.run("diff").output == "db1, db2 and db3 hold the same data (2 keys).")
  }

  @Test func aLaggingReplicaDiffersAndTheViewSaysItMayBeLag() {
    var lab = Lab()
    lab.run("set a 1", "wait 20ms", "set a 2", "set b 3")
    let out = lab.run("diff").output
    #expect(
      out == """
        Compared with db1 (master), applied seq 3: db2 differs on 2 keys (it is 2 entries behind, so this may be lag); db3 differs on 2 keys (it is 2 entries behind, so this may be lag).
        key  db1 (master)  db2 (replica)  db3 (replica)
        a    2             1              1
        b    3             (nil)          (nil)
        """)
  }

  @Test func twoNamedNodesAreComparedAndBadNamesAreRefused() {
    var lab = Lab()
    lab.run("set a 1", "wait 20ms", "crash db3", "set a 5", "wait 20ms")
    #expect(
      lab.run("diff db2 db3").output.hasPrefix("Compared with db2 (replica), applied seq 2: db3 differs on 1 key."))
    #expect(lab.run("diff db2").error?.contains("name two nodes") == true)
    #expect(lab.run("diff db2 db2").error?.contains("named twice") == true)
    #expect(lab.run("diff db2 db7").error?.hasPrefix("there is no node named 'db7'") == true)
  }
}
