import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `as NAME set|get|del` and plain `set`/`get`/`del` (as `app`): the client layer routes, records
  /// and checks; the words come from `Explain`.
  package mutating func runAs(_ name: String, _ command: ClientCommand) throws -> Reply {
    switch command {
    case .set(let key, let value):
      if let loss = try clients.lastWriteWinsLoss(client: name, key: key, at: cluster.now) {
        clients.discarded(loss)
        return Reply(output: Explain.lastWriteWinsLoss(loss))
      }
      let invoked = cluster.now
      let w = try clients.write(name, key: key, expression: Expression(value: value), in: &cluster).write
      return Reply(output: noteWrite(w, invoked: invoked))
    case .del(let key):
      if let loss = try clients.lastWriteWinsLoss(client: name, key: key, at: cluster.now) {
        clients.discarded(loss)
        return Reply(output: Explain.lastWriteWinsLoss(loss))
      }
      let invoked = cluster.now
      return Reply(
        output: noteWrite(try clients.write(name, key: key, expression: nil, in: &cluster).write, invoked: invoked))
    case .get(let key, let from):
      return Reply(output: Explain.clientRead(try clients.read(name, key: key, from: from, in: &cluster)))
    }
  }

  /// The answer to a write, kept with the write for the pictures' tooltips.
  package mutating func noteWrite(_ w: WriteOutcome, invoked: SimTime) -> String {
    let sentence = Explain.write(w, in: cluster)
    pictures.wrote(w, invoked: invoked, sentence: sentence)
    return sentence
  }

  /// `ops [CLIENT] [last N]`.
  package func ops(client: String?, last: Int?) throws -> Reply {
    if let client { _ = try clients.session(client) }
    return Reply(output: HistoryView.render(clients.history, client: client, last: last))
  }
}
