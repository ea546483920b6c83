/// Places label boxes so that none overlaps another or a reserved area (a marker, a symbol): each
/// label goes where it asks to, and when that spot is taken it moves down a step at a time, then to
/// the side, then further down. The same labels in the same order always land in the same place.
public struct LabelPlacer: Sendable {
  /// A box in picture coordinates: `x`, `y` top left.
  public struct Box: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
      self.x = x
      self.y = y
      self.width = width
      self.height = height
    }

    public func overlaps(_ o: Box) -> Bool {
      x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height
    }
  }

  /// The boxes taken so far, labels and reserved areas alike.
  public private(set) var taken: [Box] = []
  /// The boxes of the labels placed (not the reserved areas), in placement order.
  public private(set) var labels: [Box] = []

  public init() {}

  /// The width of `text` at `size` px in a sans-serif face, a little generous so that boxes hold
  /// their text in any browser.
  public static func width(of text: String, size: Int) -> Int {
    var units = 0.0
    for ch in text {
      switch ch {
      case "i", "l", "j", "t", "f", "r", ".", ",", ":", ";", "'", "!", "|", "(", ")", " ", "[", "]": units += 0.36
      case "m", "w", "M", "W", "@": units += 0.9
      case "A"..."Z": units += 0.7
      default: units += 0.58
      }
    }
    return Int((units * Double(size)).rounded(.up)) + 6
  }

  /// Marks an area no label may cover.
  public mutating func reserve(_ box: Box) { taken.append(box) }

  /// Places a label box that wants to sit at `box`, and returns where it went. It tries `box`,
  /// then steps down by its height (up to `steps` times), then the same to the right of `box`.
  public mutating func place(_ box: Box, steps: Int = 12) -> Box {
    var candidates: [Box] = []
    let step = box.height + 1
    for side in [0, box.width / 2 + 8, -(box.width / 2 + 8)] {
      for k in 0...steps {
        candidates.append(Box(x: box.x + side, y: box.y + k * step, width: box.width, height: box.height))
      }
    }
    let chosen =
      candidates.first { c in c.x >= 0 && !taken.contains { $0.overlaps(c) } }
      ?? Box(x: box.x, y: lowest + 2, width: box.width, height: box.height)
    taken.append(chosen)
    labels.append(chosen)
    return chosen
  }

  /// The bottom edge of everything taken.
  public var lowest: Int { taken.map { $0.y + $0.height }.max() ?? 0 }
}
