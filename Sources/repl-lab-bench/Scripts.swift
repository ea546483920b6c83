#if canImport(Glibc)
  import Glibc
#endif

/// The input scripts the benchmark feeds to `repl-lab`, written into a temporary directory.
struct Scripts {
  let directory: String

  /// A fresh directory under $TMPDIR (or /tmp).
  static func makeDirectory() -> String {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array((base + "/repl-lab-bench.XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { fatalError("cannot create a temporary directory under \(base)") }
    return String(cString: made)
  }

  /// Key of write `i` (1-based): `set` lines cycle over this many keys.
  static let keys = 50_000

  /// The batch workload: one more replica (three asynchronous replicas in all), `count` lines of
  /// `set kN vI`, then `settle`. `prelude` lines go first (`retention 10000`). Written in chunks, so
  /// the benchmark itself stays small (a child's peak memory can include its parent's, see main).
  func sets(_ count: Int, prelude: [String] = []) -> String {
    let path = directory + "/sets-\(count)\(prelude.isEmpty ? "" : "-retained").lab"
    guard let f = fopen(path, "wb") else { fatalError("cannot write \(path)") }
    var out: [UInt8] = []
    out.reserveCapacity(1 << 16)
    func flush() {
      let written = out.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
      guard written == out.count else { fatalError("cannot write \(path)") }
      out.removeAll(keepingCapacity: true)
    }
    for line in prelude + ["add replica db4"] { out += Array((line + "\n").utf8) }
    for i in 1...count {
      out += Array("set k".utf8)
      append(decimal: (i - 1) % Self.keys + 1, to: &out)
      out += Array(" v".utf8)
      append(decimal: i, to: &out)
      out.append(UInt8(ascii: "\n"))
      if out.count > 60_000 { flush() }
    }
    out += Array("settle\n".utf8)
    flush()
    guard fclose(f) == 0 else { fatalError("cannot write \(path)") }
    return path
  }

  /// A script of the given lines.
  func lines(_ name: String, _ lines: [String]) -> String {
    let path = directory + "/" + name
    let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
    guard let f = fopen(path, "wb") else { fatalError("cannot write \(path)") }
    let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    guard written == bytes.count, fclose(f) == 0 else { fatalError("cannot write \(path)") }
    return path
  }

  private func append(decimal n: Int, to out: inout [UInt8]) {
    if n >= 10 { append(decimal: n / 10, to: &out) }
    out.append(UInt8(ascii: "0") + UInt8(n % 10))
  }

  /// Removes the directory and the scripts in it.
  func remove() {
    if let dir = opendir(directory) {
      while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name != "." && name != ".." { unlink(directory + "/" + name) }
      }
      closedir(dir)
    }
    rmdir(directory)
  }
}
