#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program as a child process, its standard input from a file and its output to /dev/null,
/// and measures it: wall time from a monotonic clock, peak resident memory from `wait4`.
struct ChildProcess {
  struct Measurement {
    /// Wall-clock seconds from spawn to exit.
    var seconds: Double
    /// The child's peak resident set size, in bytes (ru_maxrss).
    var peakBytes: Int
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// Runs `arguments` (the first is the program, looked up in PATH when it has no slash) with
  /// standard input from `stdinPath`; fails unless it exits with status 0.
  static func run(_ arguments: [String], stdinPath: String = "/dev/null") throws(Failure) -> Measurement {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let argv = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let start = now()
    let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      guard errno == EINTR else { throw Failure(description: "wait4 failed: \(String(cString: strerror(errno)))") }
    }
    let seconds = now() - start
    // WIFEXITED and WEXITSTATUS are macros Swift cannot import.
    let exited = status & 0x7f == 0
    let code = (status >> 8) & 0xff
    guard exited, code == 0 else {
      throw Failure(description: "\(arguments.joined(separator: " ")) < \(stdinPath) failed (status \(status))")
    }
    return Measurement(seconds: seconds, peakBytes: Int(usage.ru_maxrss) * 1024)
  }

  /// Monotonic seconds: only differences mean anything.
  static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }
}
