import ReplLabClients
import ReplLabControl
import ReplLabKernel
import ReplLabModel

/// PostgreSQL's replication slots against wal_keep_size.
extension CommandRegistry {
  package static let slotCommands: [CommandSpec] = [
    /// `slot NODE on|off`: a physical replication slot on the master for NODE.
    CommandSpec(
      name: "slot", group: .replication, usage: "slot NODE on|off",
      summary: "a replication slot: the master keeps the log NODE still needs",
      detail: """
        PostgreSQL's physical replication slot (pg_create_physical_replication_slot, primary_slot_name):
        the master keeps every entry NODE has not confirmed, however far behind NODE falls and whatever
        `retention` (wal_keep_size) says. NODE never needs a full copy because the log was purged; the
        price is the master's disk, which grows for as long as NODE is away. `max-slot-wal-keep`
        bounds it. `slots` shows each slot's position and wal_status. `off` drops the slot.
        Simplified: slots are named after their replica; the lab has no disk to fill, so it shows how
        many entries the master keeps instead; a slot's position is what its replica has received.
        """,
      example: "slot db3 on",
      effect: .changesCluster,
      completions: [.nodes, .words(["on", "off"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 2...2, spec)
        return .slot(try Arguments.node(args[0], spec), try onOff(args[1], spec))
      }),
    /// `max-slot-wal-keep N|off`: max_slot_wal_keep_size, in entries.
    CommandSpec(
      name: "max-slot-wal-keep", group: .replication, usage: "max-slot-wal-keep N|off",
      summary: "bound what a slot keeps (max_slot_wal_keep_size)",
      detail: """
        PostgreSQL's max_slot_wal_keep_size, counted in entries: a slot whose replica is more than N
        entries behind is invalidated (wal_status lost), the master purges as `retention` says, and
        the replica needs a full copy when it returns. `off` is PostgreSQL's default, -1: no bound.
        Simplified: PostgreSQL counts bytes of WAL and passes through wal_status unreserved before
        lost at the next checkpoint; the lab invalidates the slot at once.
        """,
      example: "max-slot-wal-keep 500",
      effect: .changesCluster,
      completions: [.words(["off", "100", "1000"])],
      parse: { args, spec throws(CommandError) in
        try arity(args, 1...1, spec)
        if args[0].lowercased() == "off" { return .maxSlotWalKeep(nil) }
        return .maxSlotWalKeep(try Arguments.count(args[0], in: 1...1_000_000, what: "max-slot-wal-keep", spec))
      }),
    /// `slots`: pg_replication_slots.
    CommandSpec(
      name: "slots", group: .views, usage: "slots",
      summary: "replication slots: position, wal_status, what they keep",
      detail: """
        One row per replication slot, as pg_replication_slots shows it: whether its replica is
        connected (active), the position it has confirmed (restart_lsn), its wal_status (reserved:
        within what retention keeps anyway; extended: kept only for this slot; lost: invalidated by
        max-slot-wal-keep), and how many entries the master keeps because of it.
        """,
      example: "slots",
      effect: .view,
      completions: [],
      parse: { args, spec throws(CommandError) in
        try arity(args, 0...0, spec)
        return .slots
      }),
  ]
}
