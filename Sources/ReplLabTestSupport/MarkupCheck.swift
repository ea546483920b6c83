import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses an SVG picture or an exported XHTML page with Foundation's XMLParser and keeps what the
/// tests look at: whether it is well-formed, how many of each element, the text of each `<title>`,
/// the label boxes (`<g class="label"><rect .../>`), and attributes by element.
public final class MarkupCheck: NSObject, XMLParserDelegate {
  public private(set) var wellFormed = false
  public private(set) var error: String?
  public private(set) var counts: [String: Int] = [:]
  public private(set) var titles: [String] = []
  public private(set) var texts: [String] = []
  /// x, y, width, height of each label's background box.
  public private(set) var labelBoxes: [(Double, Double, Double, Double)] = []
  /// Every element with its attributes, in document order.
  public private(set) var elements: [(name: String, attributes: [String: String])] = []
  /// Elements that draw (lines, paths, rects, circles) with or without a `<title>` child.
  public private(set) var drawnWithTitle = 0
  public private(set) var arrowsWithoutTitle = 0

  private var stack: [(name: String, attributes: [String: String], hasTitle: Bool)] = []
  private var inTitle = false
  private var inText = false
  private var buffer = ""
  private var nextRectIsLabel = false

  public init(_ text: String) {
    super.init()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = self
    wellFormed = parser.parse()
    if !wellFormed { error = parser.parserError.map { "\($0)" } ?? "unknown" }
  }

  public func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    counts[name, default: 0] += 1
    elements.append((name, attributes))
    if name == "title" {
      inTitle = true
      buffer = ""
      if !stack.isEmpty { stack[stack.count - 1].hasTitle = true }
    }
    if name == "text" {
      inText = true
      buffer = ""
    }
    if name == "g" && attributes["class"] == "label" { nextRectIsLabel = true }
    if name == "rect" && nextRectIsLabel {
      nextRectIsLabel = false
      let v = ["x", "y", "width", "height"].map { Double(attributes[$0] ?? "0") ?? 0 }
      labelBoxes.append((v[0], v[1], v[2], v[3]))
    }
    stack.append((name, attributes, false))
  }

  public func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
    if name == "title" {
      inTitle = false
      titles.append(buffer)
    }
    if name == "text" {
      inText = false
      texts.append(buffer)
    }
    if let top = stack.popLast() {
      if top.attributes["marker-end"] != nil {
        // An arrow carries its tooltip itself, or its group does.
        let groupHasTitle = stack.last.map { $0.hasTitle } ?? false
        if top.hasTitle || groupHasTitle { drawnWithTitle += 1 } else { arrowsWithoutTitle += 1 }
      }
    }
  }

  public func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inTitle || inText { buffer += string }
  }

  /// Pairs of label boxes that overlap (touching edges do not count).
  public var overlappingLabels: [(Int, Int)] {
    var out: [(Int, Int)] = []
    for i in labelBoxes.indices {
      for j in labelBoxes.indices where j > i {
        let a = labelBoxes[i]
        let b = labelBoxes[j]
        if a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3 { out.append((i, j)) }
      }
    }
    return out
  }

  /// Elements named `name` whose `class` attribute contains `cls`.
  public func elements(_ name: String, class cls: String) -> [[String: String]] {
    elements.filter { $0.name == name && ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(cls)) }
      .map(\.attributes)
  }
}
