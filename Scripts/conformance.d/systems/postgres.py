"""PostgreSQL 15, a primary and two streaming standbys, against `preset postgres-sync`."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time

import core
from core import Observe, Out, Scenario, Step, wait_until

DESCRIPTION = "PostgreSQL 15 primary db1 + standbys db2, db3 (ports 15432-15434), streaming, no slots"
BIN = "/usr/lib/postgresql/15/bin"
PORTS = {"db1": 15432, "db2": 15433, "db3": 15434}
STATIC = ["-c", "listen_addresses=127.0.0.1", "-c", "wal_level=replica", "-c", "max_wal_senders=10",
          "-c", "fsync=off", "-c", "wal_sender_timeout=2s", "-c", "wal_receiver_status_interval=1s",
          "-c", "wal_retrieve_retry_interval=500ms", "-c", "hot_standby=on", "-c", "max_wal_size=64MB",
          "-c", "min_wal_size=32MB", "-c", "logging_collector=off"]


class Driver:
    def __init__(self, procs: core.Procs, root: str):
        self.procs, self.root = procs, root
        self.template = os.path.join(root, "template")
        self.marks: dict[str, float] = {}
        self.bg: subprocess.Popen | None = None
        self.frozen: set[str] = set()
        self.bg_out = ""

    # -- cluster ------------------------------------------------------------------------------

    def sql(self, node: str, query: str, timeout: float = 10, check: bool = True) -> str:
        cp = core.run(["psql", "-h", "127.0.0.1", "-p", str(PORTS[node]), "-U", "postgres", "-d", "postgres",
                       "-Atqc", query], timeout=timeout, check=check)
        return cp.stdout.strip()

    def _dir(self, node: str) -> str:
        return os.path.join(self.root, node)

    def _start(self, node: str) -> None:
        sock = os.path.join(self.root, "sock")
        self.procs.start(node, [f"{BIN}/postgres", "-D", self._dir(node), "-c", f"port={PORTS[node]}",
                                "-c", f"unix_socket_directories={sock}", "-c", f"cluster_name={node}"] + STATIC,
                         user="postgres", stop_signal=signal.SIGQUIT)
        wait_until(f"{node} to accept connections", lambda: self.sql(node, "SELECT 1", 3) == "1", 20, 0.1)

    def setup_cluster(self, settings: dict) -> None:
        self.teardown()
        os.makedirs(os.path.join(self.root, "sock"), exist_ok=True)
        shutil.chown(os.path.join(self.root, "sock"), "postgres", "postgres")
        shutil.chown(self.root, "postgres", "postgres")
        if not os.path.isdir(self.template):
            core.run([f"{BIN}/initdb", "-D", self.template, "-A", "trust", "-U", "postgres", "--no-sync",
                      "--no-instructions"], user="postgres", timeout=120)
        core.run(["cp", "-a", self.template, self._dir("db1")])
        with open(os.path.join(self._dir("db1"), "postgresql.auto.conf"), "a") as f:
            for k, v in settings.items():
                if k in ("synchronous_standby_names", "synchronous_commit", "wal_keep_size"):
                    f.write(f"{k} = '{v}'\n")
        self._start("db1")
        self.sql("db1", "SET synchronous_commit = local; CREATE TABLE t (k text PRIMARY KEY, v text)", timeout=20)
        for node in ("db2", "db3"):
            core.run([f"{BIN}/pg_basebackup", "-h", "127.0.0.1", "-p", str(PORTS["db1"]), "-U", "postgres",
                      "-D", self._dir(node), "-X", "stream", "--no-sync", "-c", "fast"], user="postgres", timeout=60)
            with open(os.path.join(self._dir(node), "postgresql.auto.conf"), "w") as f:
                f.write(f"primary_conninfo = 'host=127.0.0.1 port={PORTS['db1']} user=postgres "
                        f"application_name={node}'\n")
                if node == "db2" and settings.get("db2_apply_delay"):
                    f.write(f"recovery_min_apply_delay = '{settings['db2_apply_delay']}'\n")
            open(os.path.join(self._dir(node), "standby.signal"), "w").close()
            shutil.chown(os.path.join(self._dir(node), "standby.signal"), "postgres", "postgres")
            shutil.chown(os.path.join(self._dir(node), "postgresql.auto.conf"), "postgres", "postgres")
            self._start(node)
        wait_until("both standbys streaming", lambda: self.sql(
            "db1", "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == "2", 20, 0.1)

    def teardown(self) -> None:
        for node in list(self.frozen):
            self._thaw(node)
        core.stop_client(self.bg)
        self.bg = None
        self.procs.stop_all()
        core.remove_dirs(self._dir(node) for node in PORTS)

    def _states(self) -> dict[str, tuple[str, str]]:
        rows = self.sql("db1", "SELECT application_name, state, sync_state FROM pg_stat_replication")
        return {r.split("|")[0]: (r.split("|")[1], r.split("|")[2]) for r in rows.splitlines() if r}

    # -- actions ------------------------------------------------------------------------------

    def act_stop(self, node: str) -> None:
        """A clean stop (fast shutdown, SIGINT): the walsender sees the connection close."""
        self.procs.signal(node, signal.SIGINT)
        self.procs.live[node].wait(timeout=20)
        wait_until(f"{node} to leave pg_stat_replication", lambda: node not in self._states(), 10, 0.1)

    def act_freeze(self, node: str) -> None:
        """SIGSTOP the standby's whole process group: its connection stays open and nothing answers,
        as when its host hangs or loses power (no FIN, no RST)."""
        for pid in self._tree(node):
            os.kill(pid, signal.SIGSTOP)
        self.frozen.add(node)

    def _tree(self, node: str) -> list[int]:
        """The postmaster and its children. Each PostgreSQL child calls setsid(), so the process
        group holds the postmaster alone."""
        root = self.procs.pid(node)
        pids = [root]
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == root:
                pids.append(int(entry))
        return pids

    def _thaw(self, node: str) -> None:
        for pid in self._tree(node):
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        self.frozen.discard(node)

    def act_commit_until_done(self, key: str, value: str) -> None:
        """A commit, timed until it returns (at most 20 s)."""
        t0 = time.monotonic()
        cp = core.run(["psql", "-h", "127.0.0.1", "-p", str(PORTS["db1"]), "-U", "postgres", "-d", "postgres",
                       "-Atqc", f"INSERT INTO t VALUES ('{key}', '{value}')"], timeout=20, check=False)
        self.marks["commit took"] = time.monotonic() - t0

    def act_start(self, node: str) -> None:
        self.marks["started " + node] = time.monotonic()
        self._start(node)

    def act_commit_bg(self, key: str, value: str) -> None:
        """A commit in its own session, left running."""
        self.marks["commit"] = time.monotonic()
        self.bg = subprocess.Popen(["psql", "-h", "127.0.0.1", "-p", str(PORTS["db1"]), "-U", "postgres", "-d",
                                    "postgres", "-Atqc", f"INSERT INTO t VALUES ('{key}', '{value}')"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(2)

    def act_commit(self, key: str, value: str) -> None:
        t0 = time.monotonic()
        self.sql("db1", f"INSERT INTO t VALUES ('{key}', '{value}')", timeout=30)
        self.marks["commit took"] = time.monotonic() - t0

    def act_set(self, name: str, value: str) -> None:
        self.sql("db1", f"ALTER SYSTEM SET {name} = '{value}'")
        self.sql("db1", "SELECT pg_reload_conf()")
        time.sleep(0.3)

    def act_cancel_waiting(self) -> None:
        pid = wait_until("a backend waiting for SyncRep", lambda: self.sql(
            "db1", "SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep'"), 5, 0.1)
        self.sql("db1", f"SELECT pg_cancel_backend({pid})")
        self.bg_out = self.bg.communicate(timeout=10)[0]

    def act_make_wal(self, segments: int) -> None:
        for i in range(segments):
            self.sql("db1", f"INSERT INTO t SELECT 'w{i}_' || g, repeat('x', 200) FROM generate_series(1, 2000) g")
            self.sql("db1", "SELECT pg_switch_wal()")
        self.sql("db1", "CHECKPOINT", timeout=30)
        self.sql("db1", "CHECKPOINT", timeout=30)

    # -- observations -------------------------------------------------------------------------

    def obs_sync_state(self, node: str) -> Out:
        def settled():
            s = self._states()
            return s if node in s and s[node][0] == "streaming" else None
        try:
            s = wait_until(f"{node} streaming", settled, 5, 0.1)
        except core.Timeout:
            s = self._states()
        if node not in s:
            return Out("not listed", f"{node} not in pg_stat_replication")
        return Out(s[node][1], f"{node} {s[node][0]}, sync_state {s[node][1]}")

    def obs_listed(self, node: str) -> Out:
        s = self._states()
        if node in s:
            return Out("listed", f"{node} listed: {s[node][0]}, {s[node][1]}")
        return Out("not listed", f"{node} not in pg_stat_replication")

    def obs_commit_blocked(self) -> Out:
        if self.bg.poll() is None:
            return Out("blocks", f"waiting {time.monotonic() - self.marks['commit']:.1f} s later "
                                 f"(wait_event SyncRep)")
        return Out("completes", "returned at once")

    def obs_commit_completed(self, after: str) -> Out:
        try:
            self.bg.wait(timeout=15)
        except subprocess.TimeoutExpired:
            return Out("blocks", "still waiting 15 s later")
        took = time.monotonic() - self.marks[after]
        return Out("completes", f"completed {took:.2f} s after {after.split()[-1]} started")

    def obs_commit_after_sender_timeout(self, node: str, timeout_s: float) -> Out:
        took = self.marks["commit took"]
        sync = [n for n, (_, st) in self._states().items() if st == "sync"]
        # The timeout runs from the standby's last reply, which it sends every
        # wal_receiver_status_interval (1 s here): the wait is between timeout - 1 s and timeout.
        waited = took >= timeout_s - 1.0 - 0.1
        key = "waits for the timeout, then the next standby" if waited and node not in sync else "other"
        return Out(key, f"completed after {took:.2f} s (wal_sender_timeout {timeout_s:g} s, counted from "
                        f"db2's last reply); "
                        f"sync now: {', '.join(sync) or 'none'}")

    def obs_commit_time(self) -> Out:
        took = self.marks["commit took"]
        return Out("completes", f"completed in {took:.2f} s")

    def obs_read(self, node: str, key: str, value: str) -> Out:
        v = self.sql(node, f"SELECT v FROM t WHERE k = '{key}'")
        return Out("fresh" if v == value else "stale", f"{key}={v or '(no row)'} on {node}: "
                   + ("fresh" if v == value else "stale"))

    def obs_visible_while_waiting(self, key: str) -> Out:
        v = self.sql("db1", f"SELECT v FROM t WHERE k = '{key}'")
        return Out("visible" if v else "not visible", f"another session {'sees ' + v if v else 'sees no row'}")

    def obs_after_cancel(self, key: str) -> Out:
        v = self.sql("db1", f"SELECT v FROM t WHERE k = '{key}'")
        warn = "committed locally" if "already committed locally" in self.bg_out else "no warning"
        return Out("committed" if v else "rolled back",
                   f"WARNING ...{warn}; row {'visible' if v else 'absent'}")

    def obs_wal_gone(self, node: str) -> Out:
        def seen():
            return re.search(r"requested WAL segment \w+ has already been removed", self.procs.log(node))
        try:
            m = wait_until("the standby's error", seen, 10, 0.2)
            return Out("cannot resume", f"FATAL: {m.group(0)}")
        except core.Timeout:
            st = self._states().get(node)
            return Out("resumed", f"resumed: {st}")


def lab_sync_state(out: str, node: str) -> Out:
    rows = re.findall(rf"^{node}\s+(\w+)\s+seq \d+\s+seq \d+\s+\d+\s+\S+(?: \w+)?\s+(\w+)\s", out, flags=re.M)
    if not rows:
        rows = [("", s) for s in re.findall(rf"^{node}\s+(sync|potential|async|quorum)\s*$", out, flags=re.M)]
    if not rows:
        return Out(None, f"{node} not in the lag table")
    state, sync = rows[-1]
    return Out(sync if state in ("streaming", "") else "not listed" if False else sync,
               f"{node} {state + ', ' if state else ''}sync_state {sync}")


def lab_listed(out: str, node: str) -> Out:
    rows = re.findall(rf"^{node}\s+(\w+)\s+seq \d+\s+seq \d+\s+\d+\s+\S+(?: \w+)?\s+(\w+)\s", out, flags=re.M)
    if not rows:
        return Out("not listed", f"{node} not in the lag table")
    return Out("listed", f"{node} listed: {rows[-1][0]}, {rows[-1][1]}")


def lab_commit(out: str) -> Out:
    if re.search(r"acknowledged to its client after ([0-9.]+) s", out):
        t = re.search(r"acknowledged to its client after ([0-9.]+) s", out).group(1)
        return Out("completes", f"acknowledged {t} s after the commit")
    if re.search(r"^WAITING", out, flags=re.M):
        return Out("blocks", "WAITING: " + re.search(r"still blocked[^.]*", out).group(0))
    m = re.search(r"^OK\s+seq \d+ on \w+ \(.*?\)\. (.*)$", out, flags=re.M)
    if m:
        return Out("completes", m.group(1)[:70])
    return Out(None, "no commit seen")


def lab_fresh(out: str, value: str) -> Out:
    v = core.lab_value(out, "")
    return Out("fresh" if v.key == value else "stale", f"{v.text.lstrip('=')}: {'fresh' if v.key == value else 'stale'}")


def lab_resync(out: str) -> Out:
    m = re.search(r"needs seq \d+, but \w+ keeps only seq \d+ onward: partial resync impossible", out)
    return Out("cannot resume", m.group(0)) if m else Out("resumed", "resumed")


def lab_invisible(out: str) -> Out:
    m = re.search(r"still waiting for replicas, so not visible yet", out)
    return Out("not visible", "get: " + m.group(0)) if m else Out("visible", "visible")


def lab_after_sender_timeout(out: str, node: str) -> Out:
    gave_up = re.search(rf"gives up its connection to {node} after ([0-9.]+ ?\w+)", out)
    acked = re.search(r"acknowledged to its client after ([0-9.]+) (s|min)(?: [0-9.]+ s)?: (\w+)", out)
    if not gave_up or not acked:
        return Out("other", "no sender timeout seen" if not gave_up else "the commit was not acknowledged")
    took = float(acked.group(1)) * (60 if acked.group(2) == "min" else 1)
    waited = took >= 0.8 * core_sender_timeout_s
    key = "waits for the timeout, then the next standby" if waited and acked.group(3) != node else "other"
    return Out(key, f"acknowledged after {acked.group(1)} {acked.group(2)} by {acked.group(3)}, once "
                    f"db1 gave up on {node} (after {gave_up.group(1)})")


core_sender_timeout_s = 60.0  # DataPlane.senderTimeout


def lab_after_cancel(out: str, key: str) -> Out:
    warned = "committed locally" if "has already committed locally" in out else "no warning"
    v = core.lab_value(out, key)
    visible = v.key not in (None, "error")
    return Out("committed" if visible else "rolled back",
               f"WARNING ...{warned}; {key} {'visible' if visible else 'absent'} ({v.text})")


for _f in (lab_sync_state, lab_listed, lab_commit, lab_fresh, lab_resync, lab_invisible, lab_after_cancel,
           lab_after_sender_timeout):
    core.LAB_PARSERS[_f.__name__[4:]] = _f

PRESET = ["preset postgres-sync"]

SCENARIOS = [
    Scenario(
        "FIRST 1 (db2, db3): a standby stops, then both",
        ("cluster", {"synchronous_standby_names": "FIRST 1 (db2, db3)"}),
        PRESET + ["sync-standbys first 1 db2 db3", "set a 1", "wait 1s"],
        [
            Step("both streaming", ["lag"], [], [
                Observe("db2's sync_state", ("sync_state", "db2"), ("sync_state", "db2")),
                Observe("db3's sync_state", ("sync_state", "db3"), ("sync_state", "db3")),
            ]),
            Step("db2 stops", ["crash db2 process", "wait 2s", "lag"], [("stop", "db2")], [
                Observe("db3's sync_state", ("sync_state", "db3"), ("sync_state", "db3")),
                Observe("db2 in pg_stat_replication / lag", ("listed", "db2"), ("listed", "db2")),
            ]),
            Step("db3 stops too; commit", ["crash db3 process", "set b 2"], [("stop", "db3"), ("commit_bg", "b", "2")], [
                Observe("the commit", ("commit_blocked",), ("commit",)),
            ]),
            Step("db2 starts again", ["restart db2", "wait 5s"], [("start", "db2")], [
                Observe("the waiting commit", ("commit_completed", "started db2"), ("commit",)),
            ]),
        ]),
    Scenario(
        "ANY 1 (db2, db3): quorum",
        ("cluster", {"synchronous_standby_names": "ANY 1 (db2, db3)"}),
        PRESET + ["sync-standbys any 1 db2 db3", "set a 1", "wait 1s"],
        [
            Step("both streaming", ["lag"], [], [
                Observe("db2's sync_state", ("sync_state", "db2"), ("sync_state", "db2")),
                Observe("db3's sync_state", ("sync_state", "db3"), ("sync_state", "db3")),
            ]),
            Step("db2 stops; commit", ["crash db2 process", "set b 2"], [("stop", "db2"), ("commit", "b", "2")], [
                Observe("the commit", ("commit_time",), ("commit",)),
            ]),
        ]),
    Scenario(
        "on against remote_apply, db2 applying late",
        ("cluster", {"synchronous_standby_names": "FIRST 1 (db2)", "db2_apply_delay": "3s"}),
        PRESET + ["sync-standbys first 1 db2", "slow db2 1/s"],
        [
            Step("synchronous_commit on (db2: recovery_min_apply_delay 3s; lab: slow db2 1/s); commit x",
                 ["sync-commit on", "set x 1", "set x 2", "get x from db2"],
                 [("set", "synchronous_commit", "on"), ("commit", "x", "2")], [
                     Observe("read x on db2 right after the commit", ("read", "db2", "x", "2"), ("fresh", "2")),
                 ]),
            Step("synchronous_commit remote_apply; commit y", ["sync-commit remote_apply", "set y 1", "get y from db2"],
                 [("set", "synchronous_commit", "remote_apply"), ("commit", "y", "1")], [
                     Observe("read y on db2 right after the commit", ("read", "db2", "y", "1"), ("fresh", "1")),
                 ]),
        ]),
    Scenario(
        "a standby that lost its WAL",
        ("cluster", {"synchronous_standby_names": "FIRST 1 (db2)", "wal_keep_size": "0"}),
        PRESET + ["sync-standbys first 1 db2", "retention 10"],
        [
            Step("db3 stops; 4 WAL segments of writes, CHECKPOINT; db3 starts (wal_keep_size 0, no slot)",
                 ["crash db3 process", "load 50 writes over 1s", "wait 2s", "restart db3", "wait 2s", "lag"],
                 [("stop", "db3"), ("make_wal", 4), ("start", "db3")], [
                     Observe("db3 resumes streaming?", ("wal_gone", "db3"), ("resync",)),
                 ]),
        ]),
    Scenario(
        "a standby that stops answering (its host hangs)",
        ("cluster", {"synchronous_standby_names": "FIRST 1 (db2, db3)"}),
        PRESET + ["sync-standbys first 1 db2 db3", "set a 1", "wait 1s"],
        [
            Step("db2 frozen (SIGSTOP; lab: crash db2 host); commit",
                 ["crash db2 host", "set b 2", "wait 60s"], [("freeze", "db2"), ("commit_until_done", "b", "2")], [
                     Observe("the commit", ("commit_after_sender_timeout", "db2", 2.0),
                             ("after_sender_timeout", "db2")),
                 ]),
        ]),
    Scenario(
        "a waiting commit cancelled",
        ("cluster", {"synchronous_standby_names": "FIRST 1 (db2)"}),
        PRESET + ["sync-standbys first 1 db2"],
        [
            Step("db2 stops; commit z", ["crash db2 process", "set z 1", "get z"], [("stop", "db2"), ("commit_bg", "z", "1")], [
                Observe("the commit", ("commit_blocked",), ("commit",)),
                Observe("z seen by another session meanwhile", ("visible_while_waiting", "z"), ("invisible",)),
            ]),
            Step("pg_cancel_backend on the waiting session", ["cancel", "get z"], [("cancel_waiting",)], [
                Observe("the cancelled commit", ("after_cancel", "z"), ("after_cancel", "z")),
            ]),
        ]),
]
