"""Redis 7 with three Sentinels, against `preset redis-sentinel`."""
from __future__ import annotations

import os
import shutil
import signal
import threading
import time

import core
from core import Observe, Out, Scenario, Step, wait_until
import resp

DESCRIPTION = ("Redis master db1 + replicas db2, db3 (ports 16379-16381) and 3 Sentinels (26379-26381), "
               "down-after-milliseconds 3000, quorum 2")
DOWN_AFTER_MS = 3000
PORTS = {"db1": 16379, "db2": 16380, "db3": 16381}
SENTINELS = [26379, 26380, 26381]
NAME_OF = {v: k for k, v in PORTS.items()}


class Driver:
    def __init__(self, procs: core.Procs, root: str):
        self.procs, self.root = procs, root
        self.events: list[tuple[float, str, str]] = []
        self.subs: list[resp.Conn] = []
        self.marks: dict[str, float] = {}
        self.values: dict[str, object] = {}

    # -- cluster ------------------------------------------------------------------------------

    def _server_conf(self, name: str, priority: int) -> str:
        d = os.path.join(self.root, name)
        os.makedirs(d, exist_ok=True)
        lines = [f"port {PORTS[name]}", "bind 127.0.0.1", f"dir {d}", "daemonize no", 'save ""',
                 "appendonly no", "repl-diskless-sync-delay 0", f"replica-priority {priority}",
                 f"logfile {d}/redis.log"]
        if name != "db1":
            lines.append(f"replicaof 127.0.0.1 {PORTS['db1']}")
        path = os.path.join(d, "redis.conf")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def _start_server(self, name: str) -> None:
        self.procs.start(name, ["redis-server", os.path.join(self.root, name, "redis.conf")])
        wait_until(f"{name} to answer PING", lambda: resp.call(PORTS[name], "PING") == "PONG", 10)

    def setup_sentinel(self, priorities: dict | None = None, run_ids_reversed: bool = False) -> None:
        self.teardown()
        priorities = priorities or {}
        for name in PORTS:
            self._server_conf(name, priorities.get(name, 100))
            self._start_server(name)
        for name in ("db2", "db3"):
            wait_until(f"{name} to sync", lambda n=name: resp.info(PORTS[n]).get("master_link_status") == "up", 15)
        if run_ids_reversed:
            self._order_run_ids("db2", "db3")
        for i, port in enumerate(SENTINELS):
            d = os.path.join(self.root, f"sentinel{i + 1}")
            os.makedirs(d, exist_ok=True)
            conf = os.path.join(d, "sentinel.conf")
            with open(conf, "w") as f:
                f.write("\n".join([
                    f"port {port}", "bind 127.0.0.1", f"dir {d}", "daemonize no", f"logfile {d}/sentinel.log",
                    f"sentinel monitor m 127.0.0.1 {PORTS['db1']} 2",
                    f"sentinel down-after-milliseconds m {DOWN_AFTER_MS}",
                    "sentinel failover-timeout m 20000", "sentinel parallel-syncs m 1"]) + "\n")
            self.procs.start(f"sentinel{i + 1}", ["redis-sentinel", conf])
        for port in SENTINELS:
            def ready(p=port):
                m = self._sentinel_master(p)
                return m.get("num-slaves") == "2" and m.get("num-other-sentinels") == "2"
            wait_until(f"Sentinel {port} to know 2 replicas and 2 Sentinels", ready, 20, every=0.2)
        self.events = []
        for port in SENTINELS:
            c = resp.Conn(port, timeout=None)
            c.send("PSUBSCRIBE", "*")
            c.read()
            self.subs.append(c)
            threading.Thread(target=self._listen, args=(c, port), daemon=True).start()

    def _listen(self, c: resp.Conn, port: int) -> None:
        try:
            while True:
                msg = c.read()
                if isinstance(msg, list) and len(msg) == 4 and msg[0] == "pmessage":
                    self.events.append((time.monotonic(), msg[2], msg[3]))
        except (OSError, ConnectionError, ValueError):
            pass

    def _sentinel_master(self, port: int) -> dict:
        flat = resp.call(port, "SENTINEL", "MASTER", "m")
        return dict(zip(flat[::2], flat[1::2]))

    def teardown(self) -> None:
        for c in self.subs:
            c.close()
        self.subs = []
        self.procs.stop_all()
        for name in list(PORTS) + [f"sentinel{i}" for i in (1, 2, 3)]:
            shutil.rmtree(os.path.join(self.root, name), ignore_errors=True)

    def _first_event(self, channel: str, after: float, contains: str = "") -> float | None:
        for t, ch, msg in self.events:
            if ch == channel and t >= after and contains in msg:
                return t
        return None

    def _master_now(self) -> str:
        addr = resp.call(SENTINELS[0], "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "m")
        return NAME_OF.get(int(addr[1]), addr[1])

    # -- actions ------------------------------------------------------------------------------

    def act_set(self, node: str, key: str, value: str) -> None:
        r = resp.call(PORTS[node], "SET", key, value)
        assert r == "OK", r
        self.marks[f"acked {key}={value}"] = time.monotonic()

    def act_replicated(self, key: str, value: str) -> None:
        for n in ("db2", "db3"):
            wait_until(f"{key}={value} on {n}", lambda n=n: resp.call(PORTS[n], "GET", key) == value, 5, 0.01)

    def act_kill9(self, node: str) -> None:
        self.marks["kill"] = time.monotonic()
        self.procs.kill9(node)

    def act_wait_failover(self) -> None:
        t0 = self.marks["kill"]
        wait_until("+switch-master", lambda: self._first_event("+switch-master", t0), 40, 0.05)

    def _order_run_ids(self, first: str, second: str) -> None:
        """Restarts `first` until its run ID sorts after `second`'s (run IDs are random at every
        start), so that Sentinel's run-ID tie-break and a tie-break by name pick different replicas."""
        for _ in range(20):
            if resp.info(PORTS[first], "server")["run_id"] > resp.info(PORTS[second], "server")["run_id"]:
                break
            self.procs.stop(first)
            self._start_server(first)
            wait_until(f"{first} to sync", lambda: resp.info(PORTS[first]).get("master_link_status") == "up", 15)
        self.values["run_ids"] = {n: resp.info(PORTS[n], "server")["run_id"] for n in ("db2", "db3")}

    def act_restart(self, node: str) -> None:
        self.marks["restart"] = time.monotonic()
        self._start_server(node)

    def act_try_set(self, node: str, key: str, value: str) -> None:
        """One write right after the restart; records whether it was accepted."""
        try:
            self.values["try_set"] = ("accepted", resp.call(PORTS[node], "SET", key, value),
                                      time.monotonic() - self.marks["restart"])
        except resp.RedisError as e:
            self.values["try_set"] = ("refused", str(e), time.monotonic() - self.marks["restart"])

    def act_wait_converted(self, node: str) -> None:
        t0 = self.marks["restart"]
        wait_until("+convert-to-slave", lambda: self._first_event("+convert-to-slave", t0), 30, 0.05)
        wait_until(f"{node} to sync with the new master",
                   lambda: resp.info(PORTS[node]).get("master_link_status") == "up", 20)

    def act_min_replicas(self, node: str, n: int, lag: int) -> None:
        resp.call(PORTS[node], "CONFIG", "SET", "min-replicas-to-write", n)
        resp.call(PORTS[node], "CONFIG", "SET", "min-replicas-max-lag", lag)

    def act_sigstop(self, *nodes: str) -> None:
        self.marks["stopped"] = time.monotonic()
        for n in nodes:
            self.procs.signal(n, signal.SIGSTOP)

    def act_write_until_refused(self, node: str, key: str, limit: float) -> None:
        t0 = self.marks["stopped"]
        while time.monotonic() - t0 < limit:
            try:
                resp.call(PORTS[node], "SET", key, "x")
            except resp.RedisError as e:
                self.values["refused"] = (str(e), time.monotonic() - t0)
                return
            time.sleep(0.1)
        self.values["refused"] = (None, limit)

    # -- observations -------------------------------------------------------------------------

    def obs_master(self) -> Out:
        m = self._master_now()
        return Out(m, f"{m} is master")

    def obs_value(self, node: str, key: str) -> Out:
        if node == "master":
            node = self._master_now()
        v = resp.call(PORTS[node], "GET", key)
        return Out(v, f"{key}={v if v is not None else '(nil)'} on {node}")

    def obs_detection(self) -> Out:
        t0 = self.marks["kill"]
        t = self._first_event("+sdown", t0, "master m ")
        if t is None:
            return Out(None, "no +sdown")
        took = t - t0
        ok = took >= DOWN_AFTER_MS / 1000
        return Out("yes" if ok else "no", f"{'yes' if ok else 'no'}: +sdown {took:.2f} s after kill -9")

    def obs_failover_time(self) -> Out:
        t0 = self.marks["kill"]
        t = self._first_event("+switch-master", t0)
        steps = []
        for ev in ("+sdown", "+odown", "+elected-leader", "+promoted-slave", "+switch-master"):
            te = self._first_event(ev, t0)
            if te is not None:
                steps.append(f"{ev} {te - t0:.2f}")
        return Out(t - t0, f"+switch-master {t - t0:.2f} s after kill -9 ({', '.join(steps[:-1])})")

    def obs_tiebreak(self) -> Out:
        m = self._master_now()
        ids = self.values["run_ids"]
        smaller = min(ids, key=ids.get)
        return Out(m, f"{m} (run IDs: {', '.join(f'{n} {i[:6]}..' for n, i in ids.items())}; smaller: {smaller})")

    def obs_write_after_restart(self) -> Out:
        verdict, reply, after = self.values["try_set"]
        role = "master" if verdict == "accepted" else "replica"
        return Out(role, f"came back master: SET {verdict} {after:.2f} s after restart" if verdict == "accepted"
                   else f"SET {verdict} ({reply})")

    def obs_converted(self, node: str) -> Out:
        t = self._first_event("+convert-to-slave", self.marks["restart"])
        took = t - self.marks["restart"]
        return Out(round(took, 2), f"+convert-to-slave {took:.2f} s after restart")

    def obs_discarded(self, node: str, key: str) -> Out:
        v = resp.call(PORTS[node], "GET", key)
        return (Out("discarded", f"its {key} is gone after the resync ({key}={v or '(nil)'})") if v is None
                else Out("kept", f"{key}={v} kept"))

    def obs_refused(self) -> Out:
        err, after = self.values["refused"]
        if err is None:
            return Out("accepted", f"still accepted {after:.0f} s after the replicas stopped")
        return Out("refused", f"refused {after:.2f} s after SIGSTOP: -{err.split('.')[0]}")


def lab_rejoin_delay(out: str) -> Out:
    import re
    if re.search(r"rejoins as \w+'s replica", out):
        return Out(0.0, "rejoins as a replica at restart (0 s)")
    restart = re.search(r"^\[t=([0-9.]+)s\] repl-lab> restart", out, flags=re.M)
    conv = re.search(r"^\s*t=([0-9.]+)s\s+\+convert-to-slave", out, flags=re.M)
    if restart and conv:
        took = float(conv.group(1)) - float(restart.group(1))
        return Out(round(took, 2), f"+convert-to-slave {took:.2f} s after restart")
    return Out(None, "did not rejoin")


def lab_promoted(out: str) -> Out:
    import re
    m = re.search(r"(\w+) is now master in epoch", out)
    pick = re.search(r"then the smaller run ID \(random at each start\): (.*?)\. It sends", out)
    return (Out(m.group(1), f"{m.group(1)} (run IDs: {pick.group(1) if pick else '?'})") if m
            else Out(None, "no promotion"))


core.LAB_PARSERS["rejoin_delay"] = lab_rejoin_delay
core.LAB_PARSERS["promoted"] = lab_promoted

LAB_SETUP = ["preset redis-sentinel", f"detector timeout {DOWN_AFTER_MS}ms"]

SCENARIOS = [
    Scenario(
        "kill -9 the master after an acknowledged write",
        ("sentinel", {"db3": 50}),
        LAB_SETUP + ["replica-priority db3 50"],
        [
            Step("write k=v1, replicated", ["set k v1", "wait 100ms"],
                 [("set", "db1", "k", "v1"), ("replicated", "k", "v1")]),
            Step("write k=v2, acknowledged, then kill -9 db1 at once", ["set k v2", "crash master process"],
                 [("set", "db1", "k", "v2"), ("kill9", "db1")]),
            Step("failover", ["wait 15s", "status", "get k"], [("wait_failover",)], [
                Observe(f"detected no sooner than down-after-milliseconds ({DOWN_AFTER_MS} ms)",
                        ("detection",), ("detection", DOWN_AFTER_MS / 1000)),
                Observe("clients told of the new master (s after the crash, tolerance 1 s)",
                        ("failover_time",), ("failover_time",), tolerance=1.0),
                Observe("winner (db3 has replica-priority 50)", ("master",), ("master",)),
                Observe("the acknowledged write k=v2 survives", ("value", "master", "k"), ("value", "k")),
            ]),
        ]),
    Scenario(
        "equal replicas: the tie-break",
        ("sentinel", {}, True),
        # Run IDs are random at each start. The harness restarts db2 until its run ID sorts after
        # db3's; in the lab, seed 2 draws run IDs in that order (seed 1 draws the other).
        ["seed 2"] + LAB_SETUP,
        [
            Step("write k=v1, replicated (db2's run ID sorts after db3's)", ["set k v1", "wait 100ms"],
                 [("set", "db1", "k", "v1"), ("replicated", "k", "v1")]),
            Step("kill -9 db1, failover", ["crash master process", "wait 15s"],
                 [("kill9", "db1"), ("wait_failover",)], [
                     Observe("winner among equal priority and offset", ("tiebreak",), ("promoted",)),
                 ]),
        ]),
    Scenario(
        "replica-priority 0 and the old master's return",
        ("sentinel", {"db3": 0}),
        LAB_SETUP + ["replica-priority db3 0"],
        [
            Step("write k=v1, replicated", ["set k v1", "wait 100ms"],
                 [("set", "db1", "k", "v1"), ("replicated", "k", "v1")]),
            Step("kill -9 db1 (lab: db1 first takes a write its replicas never get: the lab cannot address "
                 "the restarted db1 directly)",
                 ["partition db1 from db2 db3", "set old x", "crash master process", "heal", "wait 15s", "status"],
                 [("kill9", "db1"), ("wait_failover",)], [
                     Observe("winner (db3 has replica-priority 0)", ("master",), ("master",)),
                 ]),
            Step("restart db1, SET on it, wait",
                 ["restart db1", "status", "wait 15s"],
                 [("restart", "db1"), ("try_set", "db1", "old", "x"), ("wait_converted", "db1")], [
                     Observe("db1 right after its restart", ("write_after_restart",), ("role", "db1")),
                     Observe("converted to a replica (s after restart, tolerance 1 s)", ("converted", "db1"),
                             ("rejoin_delay",), tolerance=1.0),
                     Observe("the write only db1 had", ("discarded", "db1", "old"), ("rollback",)),
                 ]),
        ]),
    Scenario(
        "min-replicas-to-write on a master cut off from its replicas",
        ("sentinel", {}),
        LAB_SETUP,
        [
            Step("min-replicas-to-write 1, min-replicas-max-lag 2; SIGSTOP db2 and db3",
                 ["min-replicas-to-write 1", "min-replicas-max-lag 2", "partition db2 db3 from db1", "wait 5s"],
                 [("min_replicas", "db1", 1, 2), ("sigstop", "db2", "db3")]),
            Step("SET on db1 every 100 ms", ["set k v1"], [("write_until_refused", "db1", "k", 10)], [
                Observe("a write on the cut-off master", ("refused",), ("write_ok",)),
            ]),
        ]),
]
