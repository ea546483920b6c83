#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Prints a diagnosis on standard error, leaving standard output to the reproducing lesson.
func printError(_ text: String) {
  let line = text + "\n"
  _ = line.utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
}
