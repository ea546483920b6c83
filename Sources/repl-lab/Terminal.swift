import ReplLab

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the REPL knows about the screen it prints to.
enum Terminal {
  /// Standard output's width in columns, asked each time (the window may have been resized); the
  /// transcripts' width when standard output is not a terminal or does not say.
  static var width: Int {
    guard isatty(STDOUT_FILENO) == 1 else { return TextWrap.transcriptWidth }
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else {
      return TextWrap.transcriptWidth
    }
    return Int(size.ws_col)
  }

  /// Prints `text` fitted to the screen's width, its style marks in colour or dropped (`Colour`).
  static func print(_ text: String) {
    Swift.print(Colour.render(TextWrap.wrap(text, width: width)))
  }
}
