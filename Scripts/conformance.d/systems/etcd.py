"""etcd 3.4, three members, against the lab's consensus regime (`preset mongodb`, Raft-style terms and votes)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import time

import core
from core import Observe, Out, Scenario, Step, wait_until

DESCRIPTION = ("etcd 3.4 members e1, e2, e3 (client ports 12379/12381/12383), heartbeat-interval 100 ms, "
               "election-timeout 1000 ms, against `preset mongodb` (election timeout 10 s: times are compared "
               "as multiples of each one's election timeout)")
LAB_ELECTION_S = 10.0
MEMBERS = {"e1": (12379, 12380), "e2": (12381, 12382), "e3": (12383, 12384)}
ELECTION_MS = 1000
CLUSTER = ",".join(f"{n}=http://127.0.0.1:{p}" for n, (_, p) in MEMBERS.items())


class Driver:
    def __init__(self, procs: core.Procs, root: str):
        self.procs, self.root = procs, root
        self.marks: dict[str, float] = {}
        self.values: dict[str, object] = {}

    def ctl(self, member: str, *args: str, timeout: float = 5, check: bool = True):
        return core.run(["etcdctl", f"--endpoints=http://127.0.0.1:{MEMBERS[member][0]}",
                         "--dial-timeout=1s", "--command-timeout=2s", *args], timeout=timeout, check=check,
                        env={"ETCDCTL_API": "3"})

    def _status(self, member: str) -> dict:
        st = json.loads(self.ctl(member, "endpoint", "status", "-w", "json", timeout=3).stdout)[0]["Status"]
        return {"id": st["header"]["member_id"], "leader": st["leader"], "term": st["header"].get("raft_term")}

    def leader(self, among: list[str]) -> str | None:
        ids = {}
        for m in among:
            try:
                st = self._status(m)
            except (RuntimeError, OSError, ValueError, core.subprocess.TimeoutExpired):
                continue
            ids[st["id"]] = m
            if st["leader"] == st["id"]:
                return m
        return None

    def setup_cluster(self) -> None:
        self.teardown()
        for name, (cport, pport) in MEMBERS.items():
            self.procs.start(name, [
                "etcd", "--name", name, "--data-dir", os.path.join(self.root, name),
                "--listen-client-urls", f"http://127.0.0.1:{cport}", "--advertise-client-urls", f"http://127.0.0.1:{cport}",
                "--listen-peer-urls", f"http://127.0.0.1:{pport}", "--initial-advertise-peer-urls", f"http://127.0.0.1:{pport}",
                "--initial-cluster", CLUSTER, "--initial-cluster-state", "new", "--initial-cluster-token", "repl-lab",
                "--heartbeat-interval", "100", "--election-timeout", str(ELECTION_MS)])
        self.values["leader"] = wait_until("a leader", lambda: self.leader(list(MEMBERS)), 20, 0.2)

    def teardown(self) -> None:
        self.procs.stop_all()
        for name in MEMBERS:
            shutil.rmtree(os.path.join(self.root, name), ignore_errors=True)

    # -- actions ------------------------------------------------------------------------------

    def act_put(self, key: str, value: str) -> None:
        self.ctl(self.values["leader"], "put", key, value)

    def act_kill9_leader(self) -> None:
        self.values["old leader"] = old = self.leader(list(MEMBERS))
        self.marks["kill"] = time.monotonic()
        self.procs.kill9(old)
        rest = [m for m in MEMBERS if m != old]
        self.values["new leader"] = wait_until("a new leader", lambda: self.leader(rest), 15, 0.02)
        self.marks["new leader"] = time.monotonic()

    def act_sigstop_followers(self) -> None:
        lead = self.leader(list(MEMBERS))
        self.values["alone"] = lead
        for m in MEMBERS:
            if m != lead:
                self.procs.signal(m, signal.SIGSTOP)
        time.sleep(0.5)

    def act_put_alone(self, key: str, value: str) -> None:
        t0 = time.monotonic()
        cp = self.ctl(self.values["alone"], "put", key, value, check=False)
        self.values["alone put"] = (cp.returncode, (cp.stderr or cp.stdout).strip().splitlines()[-1:],
                                    time.monotonic() - t0)

    # -- observations -------------------------------------------------------------------------

    def obs_new_leader(self) -> Out:
        took = self.marks["new leader"] - self.marks["kill"]
        bound = 2 * ELECTION_MS / 1000 + 0.5
        ok = took <= bound
        return Out("yes" if ok else "no", f"{self.values['new leader']} leads {took:.2f} s after kill -9 of "
                   f"{self.values['old leader']} (bound: 2 x election-timeout + 0.5 s = {bound:g} s)")

    def obs_put_alone(self) -> Out:
        rc, err, took = self.values["alone put"]
        if rc == 0:
            return Out("accepted", f"put on {self.values['alone']} succeeded")
        return Out("refused", f"put on {self.values['alone']} failed after {took:.1f} s: {' '.join(err)[:60]}")

    def obs_get(self, key: str) -> Out:
        m = self.values["new leader"]
        out = self.ctl(m, "get", key, "--print-value-only").stdout.strip()
        return Out(out or None, f"{key}={out or '(none)'} on {m}, the new leader")


LAB = ["preset mongodb"]

SCENARIOS = [
    Scenario(
        "kill -9 the leader",
        ("cluster",), LAB,
        [Step("kill -9 the leader; the others elect", ["crash master", "wait 15s", "status"], [("kill9_leader",)], [
            Observe("a new leader within the election timeout's bound", ("new_leader",),
                    ("elected", LAB_ELECTION_S))])]),
    Scenario(
        "a minority cannot commit",
        ("cluster",), LAB,
        [Step("SIGSTOP both followers; put on the leader, now a minority of one",
              ["partition db2 db3", "set k v"], [("sigstop_followers",), ("put_alone", "k", "v")], [
                  Observe("the write", ("put_alone",), ("write_ok",))])]),
    Scenario(
        "an acknowledged write survives the leader's death",
        ("cluster",), LAB,
        [Step("put k=v (acknowledged by a majority), kill -9 the leader at once",
              ["set k v", "crash master", "wait 15s", "get k"], [("put", "k", "v"), ("kill9_leader",)], [
                  Observe("k on the new leader", ("get", "k"), ("value", "k"))])]),
]
