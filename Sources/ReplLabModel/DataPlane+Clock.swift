import ReplLabKernel

extension DataPlane {
  /// `clock NODE OFFSET`: the node's wall clock is `offset` off true time from now on. Replication,
  /// lag and timeouts run on the lab's true clock; what reads a server's wall clock (SYSDATE())
  /// sees the offset.
  public mutating func setClock(_ offset: SimTime, for name: String) throws(ClusterError) {
    guard nodes.contains(name) else { throw .unknownNode(name, known: nodeNames) }
    nodes[name]!.clockOffset = offset
  }
}
