import ReplLabControl
import ReplLabKernel
import ReplLabModel

extension CommandRegistry {
  // MARK: Pictures

  package static let pictures: [CommandSpec] = [
    CommandSpec(
      name: "topology", group: .views, usage: "topology [--svg FILE [--force]]",
      summary: "who follows whom; add --svg FILE for a picture",
      detail: """
        Each master with the replicas that follow it: role, epoch, up or down, how far each replica
        has received and applied, its replication and sync state, and the links the network has cut.
        `--svg FILE` also writes it as an SVG picture (a box per node, an arrow from each replica to
        the node it follows) to open in a browser. FILE follows the rules of `timeline --svg`: a
        lesson may write only new files inside the directory repl-lab runs in.
        """,
      example: "topology --svg after-failover.svg",
      effect: .view,
      completions: [.words(["--svg", "--force"])],
      parse: { args, spec throws(CommandError) in
        guard let (file, force) = try pictureFile(args, spec) else { return .topology }
        return .picture(.topology, file: file, force: force)
      })
  ]

  /// `--svg FILE [--force]`, in either order, or nothing (nil).
  package static func pictureFile(_ args: [String], _ spec: CommandSpec) throws(CommandError) -> (String, Bool)? {
    var file: String?
    var force = false
    var rest = args[...]
    while let w = rest.first {
      switch w.lowercased() {
      case "--svg", "svg":
        guard rest.count >= 2 else { throw spec.error("`--svg` needs a file name") }
        let f = rest[rest.startIndex + 1]
        guard !f.isEmpty, !f.hasPrefix("-") else { throw spec.error("'\(f)' is not a file name") }
        guard file == nil else { throw spec.error("name one file after `--svg`") }
        file = f
        rest = rest.dropFirst(2)
      case "--force":
        force = true
        rest = rest.dropFirst()
      default:
        throw spec.error("expected `--svg FILE`, got '\(w)'")
      }
    }
    if force && file == nil { throw spec.error("`--force` replaces the file `--svg FILE` writes; name one") }
    return file.map { ($0, force) }
  }
}
