import ReplLabKernel

extension DataPlane {
  /// STONITH ("shoot the other node in the head"): a failover manager cuts `name`'s power through a
  /// fence device before it promotes anyone, so a master that is merely cut off cannot go on taking
  /// writes beside the new one. The device is reached out of band (a power switch, a cloud API),
  /// so network partitions do not stop it. The node stays off until someone restarts it. Returns
  /// whether it was running (a node that already crashed is fenced all the same: it stays off).
  @discardableResult
  package mutating func powerOff(_ name: String) -> Bool {
    guard let n = nodes[name], n.isUp else { return false }
    _ = try? crash(name)
    return true
  }
}
