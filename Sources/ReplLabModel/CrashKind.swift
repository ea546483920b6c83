/// How a node goes down: only its server process, or the whole machine.
///
/// The difference is what happens to the bytes the server had already handed to its kernel. After
/// `kill -9` the kernel is still running: it sends what sits in the socket buffers and closes the
/// connections, so the peers see them close at once. When the host dies (power loss, a kernel panic)
/// nothing more leaves it, and its peers notice only when their timeouts expire.
public enum CrashKind: String, Sendable, CaseIterable, Equatable {
  /// The machine dies: what the node had not delivered is lost.
  case host
  /// Only the server process dies (`kill -9`): its kernel still delivers what it was given.
  case process
}
