import Foundation
import ReplLabTestSupport
import Testing

/// Tab in the real REPL goes through the interpreter's completer, which reads quotes as the parser
/// does: splitting the line on spaces would count a quoted key as two words and offer nothing.
@Suite(.serialized) struct REPLCompletionTests {
  @Test func tabAfterAQuotedArgumentCompletesTheNextOne() throws {
    let pty = try REPLTests.start()
    pty.send("get \"my key\" fr" + PseudoTerminal.Key.tab)
    try pty.expect("from ")
    pty.send("ma" + PseudoTerminal.Key.tab)
    try pty.expect("master ")
    pty.send(PseudoTerminal.Key.ctrlU + PseudoTerminal.Key.ctrlD)
    #expect(try pty.waitForExit() == 0)
  }
}
