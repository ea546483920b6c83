/// The few SVG elements the pictures use, written by hand as text so that the same picture always
/// has the same bytes. Every piece of text goes through `escape`.
public enum SVG {
  /// `s` with the five characters XML reserves escaped, and control characters left out (they are
  /// not allowed in XML 1.0). Sentences made for a terminal carry `Styled` marks; a picture shows
  /// them plain.
  public static func escape(_ s: String) -> String {
    var out = ""
    for ch in Styled.plain(s).unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\t": out += " "
      default:
        if ch.value < 0x20 || ch.value == 0x7F || (0xFFFE...0xFFFF).contains(ch.value) { continue }
        out.unicodeScalars.append(ch)
      }
    }
    return out
  }

  /// The opening tag of a picture `width` x `height`.
  public static func open(width: Int, height: Int, label: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"\(escape(label))\">"
  }

  /// A tooltip: browsers show an element's `<title>` child when the pointer rests on it.
  public static func title(_ s: String) -> String { "<title>\(escape(s))</title>" }

  /// `element` (a self-closing tag such as `<line .../>`) with a tooltip inside it.
  public static func withTitle(_ element: String, _ tip: String) -> String {
    guard element.hasSuffix("/>") else { return element }
    let tag = element.dropFirst().prefix { $0 != " " }
    return String(element.dropLast(2)) + ">" + title(tip) + "</\(tag)>"
  }

  public static func text(
    _ x: Int, _ y: Int, _ s: String, anchor: String = "start", fill: String = "#222", size: Int = 11,
    weight: String = "normal", cssClass: String? = nil
  ) -> String {
    let cls = cssClass.map { " class=\"\($0)\"" } ?? ""
    return
      "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\" fill=\"\(fill)\" font-size=\"\(size)\" font-weight=\"\(weight)\"\(cls)>\(escape(s))</text>"
  }

  /// A label on a white box, so lines never run through its text, at `box` (from `LabelPlacer`),
  /// with a tooltip. The box carries `class="label"` so tests can check that no two overlap.
  public static func label(
    _ box: LabelPlacer.Box, _ s: String, fill: String = "#222", size: Int = 10, weight: String = "normal",
    tip: String? = nil, border: String? = nil
  ) -> String {
    let stroke = border.map { " stroke=\"\($0)\" stroke-width=\"1\"" } ?? ""
    var g = "<g class=\"label\">"
    if let tip { g += title(tip) }
    g +=
      "<rect x=\"\(box.x)\" y=\"\(box.y)\" width=\"\(box.width)\" height=\"\(box.height)\" rx=\"2\" fill=\"white\" fill-opacity=\"0.92\"\(stroke)/>"
    g += text(box.x + 3, box.y + box.height - 4, s, fill: fill, size: size, weight: weight)
    return g + "</g>"
  }

  public static func line(
    _ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int, stroke: String, width: String = "1", dash: String? = nil,
    extra: String = ""
  ) -> String {
    let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    return
      "<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"\(stroke)\" stroke-width=\"\(width)\"\(d)\(extra)/>"
  }

  public static func rect(
    _ x: Int, _ y: Int, _ w: Int, _ h: Int, fill: String, stroke: String? = nil, rx: Int = 0, extra: String = ""
  ) -> String {
    let s = stroke.map { " stroke=\"\($0)\"" } ?? ""
    return
      "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(max(0, w))\" height=\"\(max(0, h))\" rx=\"\(rx)\" fill=\"\(fill)\"\(s)\(extra)/>"
  }

  /// An arrowhead marker per colour, named `PREFIX-head-NAME`.
  public static func arrowhead(id: String, color: String) -> String {
    "<marker id=\"\(id)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"\(color)\"/></marker>"
  }
}
