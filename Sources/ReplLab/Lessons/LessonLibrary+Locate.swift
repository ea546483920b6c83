import ReplLabClients
import ReplLabCommands
import ReplLabControl
import ReplLabKernel
import ReplLabModel
import ReplLabPresentation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension LessonLibrary {
  /// The environment variable that names the lessons' directory (below `--lessons`, above the rest).
  public static let environmentVariable = "REPL_LAB_LESSONS"

  /// Where an installed binary's lessons are, from the directory the executable is in: `make
  /// install` puts the binary in PREFIX/bin and the lessons in PREFIX/share/repl-lab/Lessons.
  public static func installedDirectory(besideExecutableIn bin: String) -> String {
    FileSystem.join(FileSystem.join(bin, "../share/repl-lab"), "Lessons")
  }

  /// The lessons' directory, first found of: `explicit` (`--lessons DIR`), `environment`
  /// (`REPL_LAB_LESSONS`), the installed lessons beside the executable in `executableDirectory`,
  /// and `Lessons` in the working directory (a clone of the project). An explicit choice is taken as
  /// given, even when it does not exist, so its error names it.
  public static func locate(
    explicit: String?, environment: String?, executableDirectory: String?,
    isDirectory: (String) -> Bool = FileSystem.isDirectory
  ) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    if let environment, !environment.isEmpty { return environment }
    if let bin = executableDirectory {
      let installed = installedDirectory(besideExecutableIn: bin)
      if isDirectory(installed) { return installed }
    }
    return "Lessons"
  }

  /// `locate` for this process: its environment, and the directory of its executable as the
  /// kernel names it (`/proc/self/exe`, so a symbolic link in PATH leads to the real install).
  public static func locate(explicit: String?) -> String {
    locate(
      explicit: explicit, environment: FileSystem.environment(environmentVariable),
      executableDirectory: executableDirectory())
  }

  /// The directory of the running executable, if the system says.
  static func executableDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let path: String
    if n > 0 {
      path = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    } else {
      path = CommandLine.arguments.first ?? ""
    }
    guard let slash = path.lastIndex(of: "/") else { return nil }
    return String(path[..<slash])
  }
}
