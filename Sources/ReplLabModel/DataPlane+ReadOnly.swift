import ReplLabKernel

extension DataPlane {
  /// A master that may no longer be master, with no successor known yet, makes itself read-only: a
  /// replica that follows nobody (Patroni demotes PostgreSQL this way when it cannot renew its
  /// leader key). Clients still waiting on it get no answer; it stops being the cluster's master,
  /// so writes fail until a new master takes over. It rejoins a master later with `follow`, rolling
  /// back what that master never had. Returns whether it was acting as master.
  @discardableResult
  package mutating func stepDownToReadOnly(_ name: String) -> Bool {
    guard let n = nodes[name], n.role == .master else { return false }
    let waiting = pendingWrites.filter { $0.master == name }
    unansweredSeqs.formUnion(waiting.map(\.seq))
    pendingWrites.removeAll { $0.master == name }
    loadWritesCutOff(waiting.filter { $0.load != nil })
    nodes[name]!.role = .replica
    nodes[name]!.masterName = nil
    nodes[name]!.replicas = [:]
    if masterName == name {
      masterName = nil
      resignedMaster = name
    }
    // What it logged but had not committed (a synchronous write still waiting) is in its log: it
    // applies it as a replica would, and the rewind to its next master undoes what that one lacks.
    if nodes[name]!.isUp { resumeApplying(name) }
    mark(name, .demoted)
    return true
  }
}
