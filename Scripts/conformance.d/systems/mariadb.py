"""MariaDB 10.11 semi-synchronous replication, against `preset mariadb-semisync` with one replica."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

import core
from core import Observe, Out, Scenario, Step, wait_until

DESCRIPTION = ("MariaDB 10.11 master db1 (port 13306) + replica db2 (13307), GTID, semi-sync built in; "
               "the lab runs preset mariadb-semisync with db3 removed")
PORTS = {"db1": 13306, "db2": 13307}


class Driver:
    def __init__(self, procs: core.Procs, root: str):
        self.procs, self.root = procs, root
        self.template = os.path.join(root, "template")
        self.marks: dict[str, float] = {}
        self.values: dict[str, object] = {}
        self.bg: subprocess.Popen | None = None

    def _dir(self, node: str) -> str:
        return os.path.join(self.root, node)

    def sql(self, node: str, query: str, timeout: float = 15) -> str:
        cp = core.run(["mariadb", "--no-defaults", "-S", os.path.join(self._dir(node), "sock"), "-u", "root",
                       "-N", "-B", "-e", query], timeout=timeout)
        return cp.stdout.strip()

    def _status(self, node: str, var: str) -> str:
        out = self.sql(node, f"SHOW GLOBAL STATUS LIKE '{var}'")
        return out.split("\t")[1] if "\t" in out else ""

    def _start(self, node: str, server_id: int) -> None:
        d = self._dir(node)
        self.procs.start(node, ["mariadbd", "--no-defaults", f"--datadir={d}", f"--port={PORTS[node]}",
                                "--bind-address=127.0.0.1", f"--socket={d}/sock", f"--pid-file={d}/pid",
                                f"--server-id={server_id}", f"--log-bin={d}/bin", "--binlog-format=ROW",
                                "--skip-name-resolve", f"--log-error={d}/error.log",
                                "--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=2",
                                "--sync-binlog=0"], user="mysql")
        wait_until(f"{node} to accept connections", lambda: self.sql(node, "SELECT 1", 3) == "1", 30, 0.2)

    def setup_pair(self, timeout_ms: int, wait_point: str) -> None:
        self.teardown()
        shutil.chown(self.root, "mysql", "mysql")
        if not os.path.isdir(self.template):
            core.run(["mariadb-install-db", "--no-defaults", "--user=mysql", f"--datadir={self.template}",
                      "--skip-test-db", "--auth-root-authentication-method=socket"], timeout=120)
        for i, node in enumerate(PORTS, 1):
            core.run(["cp", "-a", self.template, self._dir(node)])
            self._start(node, i)
        self.values["default wait point"] = self.sql("db1", "SELECT @@rpl_semi_sync_master_wait_point")
        self.sql("db1", "CREATE USER repl@'127.0.0.1' IDENTIFIED BY 'r'; "
                        "GRANT REPLICATION SLAVE ON *.* TO repl@'127.0.0.1'; "
                        f"SET GLOBAL rpl_semi_sync_master_enabled = ON; "
                        f"SET GLOBAL rpl_semi_sync_master_timeout = {timeout_ms}; "
                        f"SET GLOBAL rpl_semi_sync_master_wait_point = {wait_point}")
        self.sql("db2", "SET GLOBAL rpl_semi_sync_slave_enabled = ON; "
                        f"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={PORTS['db1']}, "
                        "MASTER_USER='repl', MASTER_PASSWORD='r', MASTER_USE_GTID=slave_pos, "
                        "MASTER_CONNECT_RETRY=1; START SLAVE")
        wait_until("semi-sync ON with one semi-sync client", lambda: self._status("db1", "Rpl_semi_sync_master_status") == "ON"
                   and self._status("db1", "Rpl_semi_sync_master_clients") == "1", 20, 0.1)
        self.sql("db1", "CREATE DATABASE lab; CREATE TABLE lab.t (k varchar(20) PRIMARY KEY, v varchar(20))")
        wait_until("the table on db2", lambda: self.sql("db2", "SHOW TABLES IN lab") == "t", 10, 0.1)

    def teardown(self) -> None:
        core.stop_client(self.bg)
        self.bg = None
        self.procs.stop_all()
        core.remove_dirs(self._dir(node) for node in PORTS)

    # -- actions ------------------------------------------------------------------------------

    def act_io_thread(self, node: str, verb: str) -> None:
        self.marks[f"{verb} io"] = time.monotonic()
        self.sql(node, f"{verb} SLAVE IO_THREAD")

    def act_write(self, key: str, value: str) -> None:
        t0 = time.monotonic()
        self.sql("db1", f"INSERT INTO lab.t VALUES ('{key}', '{value}')", timeout=60)
        self.values["took"] = time.monotonic() - t0

    def act_write_bg(self, key: str, value: str) -> None:
        self.marks["write"] = time.monotonic()
        self.bg = subprocess.Popen(["mariadb", "--no-defaults", "-S", os.path.join(self._dir("db1"), "sock"), "-u",
                                    "root", "-e", f"INSERT INTO lab.t VALUES ('{key}', '{value}')"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wait_until("the write to wait for an ack", lambda: "Waiting for semi-sync ACK" in self.sql(
            "db1", "SELECT group_concat(state) FROM information_schema.processlist"), 5, 0.05)
        time.sleep(0.5)

    def act_finish_bg(self) -> None:
        self.bg.wait(timeout=60)

    # -- observations -------------------------------------------------------------------------

    def obs_semi_status(self, wait_for: str | None = None) -> Out:
        t0 = self.marks.get("START io", time.monotonic())
        if wait_for:
            try:
                wait_until(f"Rpl_semi_sync_master_status {wait_for}",
                           lambda: self._status("db1", "Rpl_semi_sync_master_status") == wait_for, 10, 0.02)
            except core.Timeout:
                pass
        s = self._status("db1", "Rpl_semi_sync_master_status")
        extra = f", {time.monotonic() - t0:.2f} s after START SLAVE IO_THREAD, no write" if wait_for else ""
        return Out(s, f"Rpl_semi_sync_master_status {s}{extra}")

    def obs_default_wait_point(self) -> Out:
        v = self.values["default wait point"]
        return Out(v, f"rpl_semi_sync_master_wait_point {v} on a fresh server")

    def obs_took(self) -> Out:
        t = self.values["took"]
        return Out(round(t, 2), f"the INSERT returned after {t:.2f} s")

    def obs_seen_by_other(self, key: str) -> Out:
        v = self.sql("db1", f"SELECT v FROM lab.t WHERE k = '{key}'")
        waiting = self.bg.poll() is None
        return Out("visible" if v else "not visible",
                   f"{'sees ' + key + '=' + v if v else 'sees no row'} while the INSERT "
                   f"{'still waits for the ack' if waiting else 'had returned'}")


def lab_semi(out: str) -> Out:
    m = re.findall(r"sync-mode semi \((ON|OFF)([^)]*)\)", out)
    if not m:
        return Out(None, "no status")
    return Out(m[-1][0], f"status: semi ({m[-1][0]}{m[-1][1]})")


def lab_wait_point(out: str) -> Out:
    m = re.search(r"wait_point (AFTER_SYNC|AFTER_COMMIT)", out)
    return Out(m.group(1), f"preset: wait_point {m.group(1)}") if m else Out(None, "no wait point")


def lab_took(out: str) -> Out:
    m = re.search(r"^OK\s+seq \d+ on \w+ \(.*?\), after ([0-9.]+) (m?s)", out, flags=re.M) or \
        re.search(r"^OK\s+seq \d+ .*acknowledged after ([0-9.]+) (m?s)", out, flags=re.M)
    if m:
        t = float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)
        return Out(round(t, 2), f"acknowledged after {t:.2f} s")
    if re.search(r"^OK\s+seq \d+ .*acknowledged before any replica", out, flags=re.M):
        return Out(0.0, "acknowledged at once (async)")
    return Out(None, "no OK")


def lab_seen(out: str) -> Out:
    m = re.findall(r'^(?:"(.*)"|\(nil\)) from (\w+).*$', out, flags=re.M)
    line = re.findall(r'^(?:".*"|\(nil\)) from .*$', out, flags=re.M)
    if not m:
        return Out(None, "no read")
    return Out("visible" if m[-1][0] else "not visible", line[-1][:90])


for _f in (lab_semi, lab_took, lab_seen, lab_wait_point):
    core.LAB_PARSERS[_f.__name__[4:]] = _f

def setup_lab(timeout: str, wait_point: str | None) -> list[str]:
    return ["preset mariadb-semisync", "remove db3", f"semi-sync timeout {timeout}"] + (
        [f"semi-sync wait-point {wait_point}"] if wait_point else [])


SCENARIOS = [
    Scenario(
        "semi-sync timeout, OFF, back ON",
        ("pair", 2000, "AFTER_COMMIT"),
        setup_lab("2s", None),
        [
            Step("replica connected", ["status", "semi-sync wait-point after_commit"], [], [
                Observe("the default wait point", ("default_wait_point",), ("wait_point",)),
                Observe("Rpl_semi_sync_master_status", ("semi_status",), ("semi",)),
            ]),
            Step("STOP SLAVE IO_THREAD on db2 (lab: crash db2 process); write a",
                 ["crash db2 process", "set a 1", "status"], [("io_thread", "db2", "STOP"), ("write", "a", "1")], [
                     Observe("the write waits for rpl_semi_sync_master_timeout 2000 ms (tolerance 0.5 s)",
                             ("took",), ("took",), tolerance=0.5),
                     Observe("Rpl_semi_sync_master_status", ("semi_status",), ("semi",)),
                 ]),
            Step("write b", ["set b 2"], [("write", "b", "2")], [
                Observe("the next write (tolerance 0.5 s)", ("took",), ("took",), tolerance=0.5),
            ]),
            Step("START SLAVE IO_THREAD (lab: restart db2), no write", ["restart db2", "wait 1s", "status"],
                 [("io_thread", "db2", "START")], [
                     Observe("Rpl_semi_sync_master_status", ("semi_status", "ON"), ("semi",)),
                 ]),
        ]),
    Scenario(
        "AFTER_COMMIT: a second session while the first waits",
        ("pair", 20000, "AFTER_COMMIT"),
        setup_lab("20s", "after_commit"),
        [
            Step("STOP SLAVE IO_THREAD (lab: crash db2 process); session 1 writes k; session 2 reads k",
                 ["crash db2 process", "set k v", "get k"], [("io_thread", "db2", "STOP"), ("write_bg", "k", "v")], [
                     Observe("session 2 reads k", ("seen_by_other", "k"), ("seen",)),
                 ]),
            Step("START SLAVE IO_THREAD (lab: restart db2)", ["restart db2", "wait 1s"],
                 [("io_thread", "db2", "START"), ("finish_bg",)]),
        ]),
    Scenario(
        "AFTER_SYNC: a second session while the first waits",
        ("pair", 20000, "AFTER_SYNC"),
        setup_lab("20s", "after_sync"),
        [
            Step("STOP SLAVE IO_THREAD (lab: crash db2 process); session 1 writes k; session 2 reads k",
                 ["crash db2 process", "set k v", "get k"], [("io_thread", "db2", "STOP"), ("write_bg", "k", "v")], [
                     Observe("session 2 reads k", ("seen_by_other", "k"), ("seen",)),
                 ]),
            Step("START SLAVE IO_THREAD (lab: restart db2)", ["restart db2", "wait 1s"],
                 [("io_thread", "db2", "START"), ("finish_bg",)]),
        ]),
]
