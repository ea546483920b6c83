import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few file operations the lab needs, on the C library directly: Foundation would double the
/// start-up time of every `repl-lab run`.
public enum FileSystem {
  public struct Failure: Error, Sendable {
    public let message: String
  }

  public static func read(_ path: String) throws(Failure) -> String {
    guard let f = fopen(path, "rb") else { throw Failure(message: "cannot read \(path): \(reason())") }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buffer, 1, buffer.count, f)
      if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
      if n < buffer.count { break }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Writes through a temporary file and a rename, so a reader never sees half a file.
  public static func writeAtomically(_ text: String, to path: String) throws(Failure) {
    let temp = path + ".tmp-\(getpid())"
    guard let f = fopen(temp, "wb") else { throw Failure(message: "cannot write \(temp): \(reason())") }
    let bytes = Array(text.utf8)
    let written = bytes.isEmpty ? 0 : fwrite(bytes, 1, bytes.count, f)
    let closed = fclose(f)
    guard written == bytes.count, closed == 0 else {
      unlink(temp)
      throw Failure(message: "cannot write \(temp): \(reason())")
    }
    guard rename(temp, path) == 0 else {
      unlink(temp)
      throw Failure(message: "cannot replace \(path): \(reason())")
    }
  }

  /// Names in a directory (not paths), sorted, without `.` and `..`.
  public static func list(_ directory: String) throws(Failure) -> [String] {
    guard let dir = opendir(directory) else { throw Failure(message: "cannot list \(directory): \(reason())") }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  public static func isDirectory(_ path: String) -> Bool {
    var s = stat()
    return stat(path, &s) == 0 && (s.st_mode & S_IFMT) == S_IFDIR
  }

  /// `mkdir -p`.
  public static func makeDirectories(_ path: String) throws(Failure) {
    var current = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
      current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + part
      if !exists(current), mkdir(current, 0o755) != 0, errno != EEXIST {
        throw Failure(message: "cannot create \(current): \(reason())")
      }
    }
  }

  public static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// `dir/name`, without doubling the slash.
  public static func join(_ dir: String, _ name: String) -> String {
    dir.isEmpty ? name : dir.hasSuffix("/") ? dir + name : dir + "/" + name
  }

  /// The last path component.
  public static func baseName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }

  package static func reason() -> String { String(cString: strerror(errno)) }
}
