"""Patroni 3 with one etcd member and two PostgreSQL 15 nodes, against the lab's lease regime
(`preset patroni` with the same ttl, loop_wait and retry_timeout)."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import time
import urllib.request

import core
from core import Observe, Out, Scenario, Step, wait_until

TTL, LOOP_WAIT, RETRY_TIMEOUT = 20, 5, 5  # loop_wait + 2 x retry_timeout <= ttl
DESCRIPTION = (f"Patroni 3.0 nodes pg1, pg2 (PostgreSQL ports 15532-15533, REST 18008-18009) on one etcd "
               f"member (12385); ttl {TTL}, loop_wait {LOOP_WAIT}, retry_timeout {RETRY_TIMEOUT}, use_pg_rewind; "
               f"pg1's agent reaches etcd through a proxy the harness can cut; against `preset patroni` "
               f"with the same settings (lab: db1 is pg1, db2 pg2)")
ETCD = (12385, 12386)
PROXY = 12387
NODES = {"pg1": (15532, 18008), "pg2": (15533, 18009)}
BIN = "/usr/lib/postgresql/15/bin"


class Proxy:
    """A TCP relay 127.0.0.1:PROXY -> etcd; `cut` closes every connection and refuses new ones."""

    def __init__(self, listen: int, target: int):
        self.target = target
        self.cut = False
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()
        self.srv = socket.socket()
        self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.srv.bind(("127.0.0.1", listen))
        self.srv.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                c, _ = self.srv.accept()
            except OSError:
                return
            if self.cut:
                c.close()
                continue
            try:
                u = socket.create_connection(("127.0.0.1", self.target), timeout=2)
            except OSError:
                c.close()
                continue
            with self.lock:
                self.conns += [c, u]
            for a, b in ((c, u), (u, c)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, a, b):
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                b.sendall(data)
        except OSError:
            pass
        for s in (a, b):
            try:
                s.close()
            except OSError:
                pass

    def set_cut(self, cut: bool):
        self.cut = cut
        if cut:
            with self.lock:
                for s in self.conns:
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                        s.close()
                    except OSError:
                        pass
                self.conns = []

    def close(self):
        self.set_cut(True)
        self.srv.close()


class Driver:
    def __init__(self, procs: core.Procs, root: str):
        self.procs, self.root = procs, root
        self.proxy: Proxy | None = None
        self.marks: dict[str, float] = {}
        self.values: dict[str, object] = {}

    def rest(self, node: str) -> dict:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{NODES[node][1]}/patroni", timeout=2) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            return json.loads(e.read())

    def sql(self, node: str, query: str, timeout: float = 5) -> str:
        return core.run(["psql", "-h", "127.0.0.1", "-p", str(NODES[node][0]), "-U", "postgres", "-d", "postgres",
                         "-Atqc", query], timeout=timeout, env={"PGCONNECT_TIMEOUT": "2"}).stdout.strip()

    def _conf(self, node: str) -> str:
        pg, api = NODES[node]
        d = os.path.join(self.root, node)
        etcd_port = PROXY if node == "pg1" else ETCD[0]
        conf = {
            "scope": "repl-lab", "name": node,
            "log": {"level": "INFO", "dir": d},
            "restapi": {"listen": f"127.0.0.1:{api}", "connect_address": f"127.0.0.1:{api}"},
            "etcd3": {"hosts": [f"127.0.0.1:{etcd_port}"], "use_proxies": True},  # no discovery: keep to the proxy
            "bootstrap": {
                "dcs": {"ttl": TTL, "loop_wait": LOOP_WAIT, "retry_timeout": RETRY_TIMEOUT,
                        "maximum_lag_on_failover": 1048576,
                        "postgresql": {"use_pg_rewind": True, "use_slots": False,
                                       "parameters": {"wal_log_hints": "on", "fsync": "off"}}},
                "initdb": [{"encoding": "UTF8"}, {"auth": "trust"}],
                "pg_hba": ["local all all trust", "host all all 127.0.0.1/32 trust",
                           "host replication all 127.0.0.1/32 trust"],
            },
            "postgresql": {
                "listen": f"127.0.0.1:{pg}", "connect_address": f"127.0.0.1:{pg}",
                "data_dir": os.path.join(d, "data"), "bin_dir": BIN, "pgpass": os.path.join(d, "pgpass"),
                "authentication": {k: {"username": "postgres", "password": "x"}
                                   for k in ("superuser", "replication", "rewind")},
                "parameters": {"unix_socket_directories": d},
            },
        }
        os.makedirs(d, exist_ok=True)
        shutil.chown(d, "postgres", "postgres")
        path = os.path.join(d, "patroni.yml")
        with open(path, "w") as f:
            json.dump(conf, f, indent=1)  # JSON is YAML
        return path

    def _start_agent(self, node: str) -> None:
        self.procs.start(node, ["patroni", self._conf(node)], user="postgres")
        self.procs.extra_pidfiles.append(os.path.join(self.root, node, "data", "postmaster.pid"))

    def setup_cluster(self) -> None:
        self.teardown()
        shutil.chown(self.root, "postgres", "postgres")
        self.procs.start("etcd", ["etcd", "--name", "p1", "--data-dir", os.path.join(self.root, "etcd"),
                                  "--listen-client-urls", f"http://127.0.0.1:{ETCD[0]}",
                                  "--advertise-client-urls", f"http://127.0.0.1:{ETCD[0]}",
                                  "--listen-peer-urls", f"http://127.0.0.1:{ETCD[1]}",
                                  "--initial-advertise-peer-urls", f"http://127.0.0.1:{ETCD[1]}",
                                  "--initial-cluster", f"p1=http://127.0.0.1:{ETCD[1]}"])
        self.proxy = Proxy(PROXY, ETCD[0])
        self._start_agent("pg1")
        wait_until("pg1 to bootstrap and lead", lambda: self.rest("pg1").get("role") in ("master", "primary")
                   and self.rest("pg1").get("state") == "running", 60, 0.5)
        self._start_agent("pg2")
        wait_until("pg2 to stream from pg1", lambda: self.rest("pg2").get("role") == "replica"
                   and self.rest("pg2").get("state") == "running"
                   and self.sql("pg1", "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == "1",
                   60, 0.5)
        self.sql("pg1", "CREATE TABLE t (k text PRIMARY KEY, v text)")

    def teardown(self) -> None:
        if self.proxy:
            self.proxy.close()
            self.proxy = None
        self.procs.stop_all()
        self.procs.extra_pidfiles.clear()
        for d in ("pg1", "pg2", "etcd"):
            shutil.rmtree(os.path.join(self.root, d), ignore_errors=True)

    # -- actions ------------------------------------------------------------------------------

    def _writable(self, node: str) -> bool:
        try:
            return self.sql(node, "SELECT NOT pg_is_in_recovery()", timeout=3) == "t"
        except (RuntimeError, OSError, core.subprocess.TimeoutExpired):
            return False

    def act_cut(self) -> None:
        self.marks["cut"] = time.monotonic()
        self.proxy.set_cut(True)
        end = time.monotonic() + TTL + 20
        while time.monotonic() < end and not ("pg1 demoted" in self.marks and "pg2 promoted" in self.marks):
            if "pg1 demoted" not in self.marks and not self._writable("pg1"):
                self.marks["pg1 demoted"] = time.monotonic()
            if "pg2 promoted" not in self.marks and self._writable("pg2"):
                self.marks["pg2 promoted"] = time.monotonic()
            time.sleep(0.2)

    def act_heal(self) -> None:
        self.marks["heal"] = time.monotonic()
        self.proxy.set_cut(False)

        def rejoined():
            return self.sql("pg2", "SELECT count(*) FROM pg_stat_replication WHERE application_name = 'pg1' "
                                   "AND state = 'streaming'") == "1"
        try:
            wait_until("pg1 to stream from pg2", rejoined, 60, 0.5)
            self.marks["rejoined"] = time.monotonic()
        except core.Timeout:
            pass

    # -- observations -------------------------------------------------------------------------

    def obs_demoted(self) -> Out:
        t = self.marks.get("pg1 demoted")
        if t is None:
            return Out("no", f"pg1 still writable {TTL + 20} s after the cut")
        took = t - self.marks["cut"]
        return Out("yes" if took < TTL else "no",
                   f"pg1 stops taking writes {took:.1f} s after the cut (ttl {TTL} s)")

    def obs_promoted(self) -> Out:
        t = self.marks.get("pg2 promoted")
        if t is None:
            return Out("no", "pg2 never promoted")
        took = t - self.marks["cut"]
        leader = self.rest("pg2").get("role")
        return Out("yes", f"pg2 takes the leader key and promotes ({leader}) {took:.1f} s after the cut")

    def obs_rejoined(self) -> Out:
        t = self.marks.get("rejoined")
        log = "".join(open(os.path.join(self.root, "pg1", f)).read() for f in os.listdir(os.path.join(self.root, "pg1"))
                      if f.startswith("patroni.log"))
        rewound = "pg_rewind" in log and re.search(r"rewind", log, re.I)
        how = "after pg_rewind" if rewound else "without pg_rewind"
        if t is None:
            return Out("no", "pg1 not streaming from pg2 60 s after the heal")
        return Out("yes", f"pg1 streams from pg2 {t - self.marks['heal']:.1f} s after the heal ({how})")


# Settings in this order: each step keeps loop_wait + 2 x retry_timeout <= ttl, as Patroni requires.
# The wait lets the leader renew its key once with the new ttl, as a real bootstrap writes it.
LAB = ["preset patroni", f"patroni loop_wait {LOOP_WAIT}", f"patroni retry_timeout {RETRY_TIMEOUT}",
       f"patroni ttl {TTL}", f"wait {LOOP_WAIT + 1}s"]

SCENARIOS = [
    Scenario(
        "the primary's agent cut from etcd",
        ("cluster",), LAB,
        [
            Step("cut pg1's Patroni from etcd (lab: partition db1 from etcd)",
                 ["partition db1 from etcd", "wait 40s", "status"], [("cut",)], [
                     Observe("the old primary demotes itself before ttl", ("demoted",),
                             ("demoted", "db1", float(TTL), "partition db1 from etcd")),
                     Observe("the replica takes the leader key and promotes", ("promoted",),
                             ("took_leader_key", "partition db1 from etcd")),
                 ]),
            Step("reconnect pg1's Patroni (lab: heal)", ["heal", "wait 20s", "status"], [("heal",)], [
                Observe("the old primary rejoins as a replica", ("rejoined",), ("follows", "db1", "heal")),
            ]),
        ]),
]
