import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

extension Interpreter {
  /// `lag --svg FILE`, `topology --svg FILE`: the view as text, then the picture written to FILE
  /// under the same rules as `timeline --svg` (a lesson writes only new files inside its directory).
  package mutating func runPicture(_ picture: Picture, file: String, force: Bool) throws -> Reply {
    let text: String
    let svg: String
    switch picture {
    case .lag:
      text = LagView.render(cluster)
      svg = LagChartSVG.render(cluster, notes: pictures)
    case .topology:
      text = TopologyView.render(cluster)
      svg = TopologySVG.render(cluster)
    }
    try writeFile(svg, to: file, force: force, command: picture.rawValue)
    return Reply(output: text + "\n" + Explain.wrotePicture(picture, to: file))
  }
}
