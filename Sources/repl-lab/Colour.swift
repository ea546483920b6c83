import ArgumentParser
import ReplLab
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whether what the lab prints is shown in colour. The views only mark what a word means
/// (`Styled`); this decides, once, whether the marks become colour or are dropped.
enum Colour {
  /// `--color never|always|auto`.
  enum Choice: String, ExpressibleByArgument, CaseIterable {
    /// Colour on a terminal, unless NO_COLOR is set or TERM is dumb.
    case auto
    case always
    case never
  }

  private static let on = Atomic<Bool>(false)

  /// Whether output is shown in colour.
  static var enabled: Bool { on.load(ordering: .relaxed) }

  /// Decides for the rest of the run. `always` wins over NO_COLOR, as a command-line flag should
  /// (no-color.org); `auto` wants a terminal on standard output, no NO_COLOR (any value but empty)
  /// and a TERM that is set and not `dumb`.
  static func choose(_ choice: Choice) {
    on.store(decide(choice), ordering: .relaxed)
  }

  static func decide(_ choice: Choice) -> Bool {
    switch choice {
    case .always: return true
    case .never: return false
    case .auto:
      guard isatty(STDOUT_FILENO) == 1 else { return false }
      if let noColour = FileSystem.environment("NO_COLOR"), !noColour.isEmpty { return false }
      guard let term = FileSystem.environment("TERM"), !term.isEmpty, term != "dumb" else { return false }
      return true
    }
  }

  /// `text` (with style marks) as it is printed: in colour or plain.
  static func render(_ text: String) -> String { Styled.render(text, colour: enabled) }

  static let help: ArgumentHelp = ArgumentHelp(
    "Colour on a terminal: auto (the default: not with NO_COLOR set, TERM=dumb or into a pipe), always or never.",
    valueName: "when")
}
