import ReplLabCommands

extension Explain {
  /// What `lag --svg FILE` and `topology --svg FILE` add after the view.
  public static func wrotePicture(_ picture: Picture, to path: String) -> String {
    switch picture {
    case .lag: "Wrote a chart of positions and lag over time to \(path); open it in a browser."
    case .topology: "Wrote the topology as a picture to \(path); open it in a browser."
    }
  }
}
