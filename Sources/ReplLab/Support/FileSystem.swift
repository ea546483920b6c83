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
    /// What kind of refusal it is, so the interpreter can say it in the learner's words.
    public let problem: Problem

    public init(message: String, problem: Problem = .io) {
      self.message = message
      self.problem = problem
    }
  }

  /// Why a file could not be written.
  public enum Problem: Sendable, Equatable {
    /// The system refused; `message` says why.
    case io
    /// A regular file is there, and nobody said to replace it.
    case exists
    /// Something that is not a regular file is there (`a directory`, `a symbolic link`, `a device`...).
    case notRegular(String)
    /// A lesson named a place outside its working directory; the text says how.
    case outside(String)
  }

  /// The most a file the lab reads (a lesson, a transcript) may hold: far more than any lesson, and
  /// a bound on what `repl-lab run /dev/zero` can take.
  public static let maxReadBytes = 16 << 20

  public static func read(_ path: String) throws(Failure) -> String {
    guard let f = fopen(path, "rb") else { throw Failure(message: "cannot read \(path): \(reason())") }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buffer, 1, buffer.count, f)
      if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
      if bytes.count > maxReadBytes {
        throw Failure(
          message: "cannot read \(path): it is larger than \(maxReadBytes >> 20) MB, far more than any lesson")
      }
      if n < buffer.count { break }
    }
    // fopen opens a directory, and reading it fails: say so rather than read it as empty.
    if ferror(f) != 0 { throw Failure(message: "cannot read \(path): \(reason())") }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Writes `text` to a new file at `path`. The open itself refuses anything that exists, even a
  /// dangling symbolic link (`O_CREAT|O_EXCL|O_NOFOLLOW`), so there is no moment between a check and
  /// the write in which another file could take the name.
  public static func create(_ text: String, at path: String) throws(Failure) {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      let code = errno
      if code == EEXIST { throw occupied(path) }
      throw Failure(message: "cannot write \(path): \(reason(code))")
    }
    do throws(Failure) {
      try writeAll(text, to: fd, path: path)
    } catch {
      unlink(path)
      throw error
    }
  }

  /// Writes `text` to `path`, replacing the regular file there if there is one, through a temporary
  /// file in the same directory and a rename, so a reader never sees half a file. Refuses anything
  /// that is not a regular file (a directory, a device, a symbolic link): the rename would replace
  /// the name, and a device or a link's target is not the lab's to replace.
  public static func replace(_ text: String, at path: String) throws(Failure) {
    var s = stat()
    if lstat(path, &s) == 0 {
      guard (s.st_mode & S_IFMT) == S_IFREG else { throw occupied(path) }
    } else if errno != ENOENT {
      throw Failure(message: "cannot write \(path): \(reason())")
    }
    let temp = temporaryName(for: path)
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    // Errors name the file the learner gave, not the temporary name written first.
    guard fd >= 0 else { throw Failure(message: "cannot write \(path): \(reason())") }
    do throws(Failure) {
      try writeAll(text, to: fd, path: path)
    } catch {
      unlink(temp)
      throw error
    }
    guard rename(temp, path) == 0 else {
      let code = errno
      unlink(temp)
      throw Failure(message: "cannot replace \(path): \(reason(code))")
    }
  }

  /// The lab's own files (transcripts, `check`'s actual outputs): replaced whole, regular files only.
  public static func writeAtomically(_ text: String, to path: String) throws(Failure) {
    try replace(text, at: path)
  }

  /// `NAME.tmp-PID`: where `replace` writes before its rename.
  static func temporaryName(for path: String) -> String { path + temporarySuffix + String(getpid()) }
  static let temporarySuffix = ".tmp-"

  /// Removes the temporary files a killed `replace` left in `directory` (`NAME.tmp-PID` whose process
  /// is gone); returns their names.
  @discardableResult
  public static func removeStaleTemporaries(in directory: String) -> [String] {
    guard let names = try? list(directory) else { return [] }
    var removed: [String] = []
    for name in names {
      guard let range = name.ranges(of: temporarySuffix).last else { continue }
      let digits = name[range.upperBound...]
      guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let pid = Int32(digits) else { continue }
      // A process that still runs may be writing it (another `check --bless` in the same place).
      if pid != getpid() && (kill(pid, 0) == 0 || errno == EPERM) { continue }
      let path = join(directory, name)
      var s = stat()
      guard lstat(path, &s) == 0, (s.st_mode & S_IFMT) == S_IFREG else { continue }
      if unlink(path) == 0 { removed.append(name) }
    }
    return removed
  }

  /// Refuses `path` unless it names a place inside `directory` (the process's working directory
  /// when empty): a relative path, no `..`, and its directory, with every symbolic link resolved,
  /// inside `directory` resolved the same way. (The last component is never followed: `create`
  /// and `replace` refuse a symbolic link there.)
  public static func requireInside(_ path: String, directory: String) throws(Failure) {
    if path.hasPrefix("/") { throw Failure(message: path, problem: .outside("it is an absolute path")) }
    if path.split(separator: "/").contains("..") {
      throw Failure(message: path, problem: .outside("it climbs out with `..`"))
    }
    let base = directory.isEmpty ? "." : directory
    let full = join(base, path)
    let parent = full.lastIndex(of: "/").map { String(full[..<$0]) } ?? "."
    guard let root = realPath(base) else { throw Failure(message: "cannot resolve \(base): \(reason())") }
    guard let resolved = realPath(parent.isEmpty ? "/" : parent) else {
      throw Failure(message: "cannot write \(path): \(reason())")
    }
    let inside = resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/")
    if !inside { throw Failure(message: path, problem: .outside("a symbolic link leads out of it")) }
  }

  static func realPath(_ path: String) -> String? {
    guard let p = realpath(path, nil) else { return nil }
    defer { free(p) }
    return String(cString: p)
  }

  /// What is at `path` that stops a new file being written there.
  static func occupied(_ path: String) -> Failure {
    var s = stat()
    guard lstat(path, &s) == 0 else { return Failure(message: "cannot write \(path): \(reason())") }
    switch s.st_mode & S_IFMT {
    case S_IFREG: return Failure(message: "\(path) already exists", problem: .exists)
    case S_IFDIR: return Failure(message: "\(path) is a directory", problem: .notRegular("a directory"))
    case S_IFLNK: return Failure(message: "\(path) is a symbolic link", problem: .notRegular("a symbolic link"))
    case S_IFCHR, S_IFBLK: return Failure(message: "\(path) is a device", problem: .notRegular("a device"))
    case S_IFIFO: return Failure(message: "\(path) is a pipe", problem: .notRegular("a pipe"))
    case S_IFSOCK: return Failure(message: "\(path) is a socket", problem: .notRegular("a socket"))
    default: return Failure(message: "\(path) is not a regular file", problem: .notRegular("not a regular file"))
    }
  }

  /// Writes every byte and closes `fd`; a short write or a failed close (a full disk shows there on
  /// some file systems) is an error.
  static func writeAll(_ text: String, to fd: Int32, path: String) throws(Failure) {
    var bytes = Array(text.utf8)
    var offset = 0
    var failure: Int32 = 0
    bytes.withUnsafeMutableBytes { raw in
      while offset < raw.count {
        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n > 0 {
          offset += n
        } else if n < 0 && errno == EINTR {
          continue
        } else {
          failure = n < 0 ? errno : ENOSPC
          return
        }
      }
    }
    if close(fd) != 0 && failure == 0 { failure = errno }
    if failure != 0 { throw Failure(message: "cannot write \(path): \(reason(failure))") }
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

  /// Whether there is anything at `path`, a dangling symbolic link included.
  public static func existsOrIsLink(_ path: String) -> Bool {
    var s = stat()
    return lstat(path, &s) == 0
  }

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

  package static func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
