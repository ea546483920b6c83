"""The harness's machinery: processes it starts, bounded waits, scenarios, the lab, verdicts, tables."""
from __future__ import annotations

import os
import shutil
import re
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from typing import Iterable, Any, Callable

# ---------------------------------------------------------------------------------------------
# Processes: every server is started here, in its own session (Ctrl-C reaches only the harness),
# and stopped here by PID.


class Procs:
    """The processes this run started, by name. Only these are ever signalled."""

    def __init__(self, root: str):
        self.root = root
        self.live: dict[str, subprocess.Popen] = {}
        self.started: list[tuple[str, subprocess.Popen, int]] = []  # (name, popen, stop signal)
        self.extra_pidfiles: list[str] = []  # postmaster.pid of servers our agents started

    def start(self, name: str, argv: list[str], user: str | None = None, cwd: str | None = None,
              env: dict | None = None, stop_signal: int = signal.SIGTERM) -> subprocess.Popen:
        log = open(os.path.join(self.root, f"{name}.log"), "ab")
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             cwd=cwd or self.root, env=full_env, user=user, start_new_session=True)
        log.close()
        self.live[name] = p
        self.started.append((name, p, stop_signal))
        return p

    def pid(self, name: str) -> int:
        return self.live[name].pid

    def signal(self, name: str, sig: int) -> None:
        p = self.live[name]
        if p.poll() is None:
            os.kill(p.pid, sig)

    def kill9(self, name: str) -> None:
        p = self.live[name]
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            p.wait(timeout=5)

    def stop(self, name: str, timeout: float = 10) -> None:
        p = self.live.get(name)
        if p is None or p.poll() is not None:
            return
        sig = next(s for n, q, s in self.started if q is p)
        _stop_one(p, sig, timeout)

    def log(self, name: str) -> str:
        try:
            with open(os.path.join(self.root, f"{name}.log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop_all(self) -> None:
        for _, p, sig in reversed(self.started):
            if p.poll() is None:
                _stop_one(p, sig, 5)
        for pidfile in self.extra_pidfiles:
            try:
                with open(pidfile) as f:
                    pid = int(f.readline().strip())
            except (OSError, ValueError):
                continue
            _signal_pid(pid, signal.SIGCONT)
            _signal_pid(pid, signal.SIGQUIT)
        self.live.clear()


def _signal_pid(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _stop_one(p: subprocess.Popen, sig: int, timeout: float) -> None:
    _signal_pid(p.pid, signal.SIGCONT)  # a SIGSTOPped server cannot handle SIGTERM
    _signal_pid(p.pid, sig)
    try:
        p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal_pid(p.pid, signal.SIGKILL)
        p.wait(timeout=5)


class Timeout(Exception):
    pass


def stop_client(proc: "subprocess.Popen | None") -> None:
    """Kills a client still running in the background (a commit left waiting) and reaps it."""
    if proc is not None and proc.poll() is None:
        proc.kill()
        proc.wait()


def remove_dirs(paths: "Iterable[str]") -> None:
    """Removes the data directories a driver made."""
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def wait_until(what: str, check: Callable[[], Any], timeout: float, every: float = 0.05) -> Any:
    """Calls check until it returns something truthy; raises Timeout after `timeout` seconds."""
    end = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = check()
            if value:
                return value
        except Exception as e:  # a server still starting refuses connections
            last_error = e
        if time.monotonic() > end:
            raise Timeout(f"timed out after {timeout:g} s waiting for {what}"
                          + (f" (last error: {last_error})" if last_error else ""))
        time.sleep(every)


def run(argv: list[str], timeout: float = 30, user: str | None = None, check: bool = True,
        input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    cp = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, user=user, input=input,
                        env=full_env, cwd="/")
    if check and cp.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {cp.returncode}: {cp.stderr.strip() or cp.stdout.strip()}")
    return cp


# ---------------------------------------------------------------------------------------------
# Scenarios as data.


@dataclass
class Out:
    """An outcome: `key` is compared, `text` is shown."""
    key: Any
    text: str


@dataclass
class Observe:
    name: str                             # what is compared, as the table shows it
    real: tuple                           # (driver observation, args...) -> Out
    lab: tuple | None                     # (lab parser, args...) on this step's lab output -> Out; None: not modelled yet
    tolerance: float | None = None        # for numeric keys: |real - lab| <= tolerance
    simplification: tuple | None = None   # (help topic, phrase the topic's text must contain)


@dataclass
class Step:
    what: str                             # the step, in words
    lab: list[str]                        # the same step in the lab's language
    real: list[tuple] = field(default_factory=list)  # (driver action, args...) on the real system
    observe: list[Observe] = field(default_factory=list)


@dataclass
class Scenario:
    name: str
    setup_real: tuple                     # (driver setup, args...): a fresh real cluster
    setup_lab: list[str]                  # the matching preset and settings
    steps: list[Step]


# ---------------------------------------------------------------------------------------------
# The lab, run for real.


class Lab:
    def __init__(self, binary: str, root: str):
        self.binary = binary
        self.root = root
        self._help: dict[str, str] = {}

    def run(self, scenario: Scenario) -> tuple[list[str], float, float]:
        """Replays the scenario's lab steps as a lesson; returns each step's output, the lab's
        simulated time at the end, and the wall time of the run."""
        lines = ["# conformance: " + scenario.name]
        lines += scenario.setup_lab
        for i, step in enumerate(scenario.steps):
            lines.append(f"# @@step {i}")
            lines += step.lab
        lines.append(f"# @@step {len(scenario.steps)}")
        lines.append("history last 1")  # its prompt shows the simulated time at the end
        path = os.path.join(self.root, re.sub(r"[^a-z0-9]+", "-", scenario.name.lower())[:60] + ".lab")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        t0 = time.monotonic()
        cp = subprocess.run([self.binary, "run", path], capture_output=True, text=True, timeout=120)
        wall = time.monotonic() - t0
        if cp.returncode not in (0, 1):
            raise RuntimeError(f"repl-lab run {path} exited {cp.returncode}: {cp.stderr.strip()}")
        with open(path[:-4] + ".txt", "w") as f:
            f.write(cp.stdout)
        parts = re.split(r"^# @@step \d+\n", cp.stdout, flags=re.M)
        outputs = [unwrap(p) for p in parts[1:len(scenario.steps) + 1]]
        times = re.findall(r"^\[t=([0-9.]+)s\]", cp.stdout, flags=re.M)
        sim = float(times[-1]) if times else 0.0
        return outputs, sim, wall

    def help(self, topic: str) -> str:
        if topic not in self._help:
            cp = subprocess.run([self.binary], input=f"help {topic}\n", capture_output=True, text=True,
                                timeout=30)
            self._help[topic] = re.sub(r"\s+", " ", cp.stdout)
        return self._help[topic]


def unwrap(out: str) -> str:
    """The lab wraps its lines at 100 columns with an indented continuation; the parsers read each
    sentence on one line. Event lines (`  t=1.234s  ...`) stay lines of their own."""
    lines: list[str] = []
    for line in out.split("\n"):
        continuation = line.startswith(" ") and line.strip() and not re.match(r"^\s+t=[0-9.]+s\s", line)
        if continuation and lines and lines[-1].strip():
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return "\n".join(lines)


# Parsers of the lab's own output (what a learner reads).

def lab_master(out: str) -> Out:
    m = re.findall(r"^t=[0-9.]+s .* master (\w+)\s*$", out, flags=re.M)
    return Out(m[-1], f"{m[-1]} is master") if m else Out(None, "no master in status")


def lab_value(out: str, key: str) -> Out:
    m = re.findall(r'^(?:"(.*)"|\(nil\)) from (\w+)', out, flags=re.M)
    if not m:
        err = re.findall(r"^error: .*", out, flags=re.M)
        return Out("error", err[-1][:70] if err else "no answer")
    value, node = m[-1]
    return Out(value or None, f"{key}={value or '(nil)'} on {node}")


def lab_role(out: str, node: str) -> Out:
    m = re.search(rf"^{node}\s+(old master|master|replica|standby)\s+(\w+)", out, flags=re.M)
    if not m:
        return Out(None, f"{node} not in status")
    role = "replica" if m.group(1) == "replica" else "master"
    return Out(role, f"{node}: {m.group(1)} ({m.group(2)})")


def lab_detection(out: str, timeout_s: float) -> Out:
    m = re.search(r"detection took ([0-9.]+) s", out)
    if not m:
        return Out(None, "no detection")
    took = float(m.group(1))
    ok = took >= timeout_s
    return Out("yes" if ok else "no", f"{'yes' if ok else 'no'}: detected {took:.2f} s after the crash")


def lab_failover_time(out: str) -> Out:
    m = re.search(r"writes had nowhere to go for ([0-9.]+) s", out)
    if not m:
        return Out(None, "no failover")
    v = float(m.group(1))
    return Out(v, f"clients told {v:.2f} s after the crash")


def lab_rollback(out: str) -> Out:
    """Whether the returning old master lost its extra writes, however its rejoin mode did it:
    rolled back and listed, rewound by pg_rewind, or replaced by a full resync (Redis)."""
    m = re.search(r"(\w+) rolled back (\d+) writes? that (\w+) never had", out)
    if m:
        return Out("discarded", f"{m.group(1)} discarded {m.group(2)} write(s) {m.group(3)} never had")
    m = re.search(r"(\w+) asks (\w+) for a full resync \(\+FULLRESYNC\).*?(seqs? [\d-]+) vanish", out, flags=re.S)
    if m:
        return Out("discarded", f"{m.group(1)} resynced in full from {m.group(2)}: {m.group(3)} gone")
    m = re.search(r"(\w+) runs pg_rewind: .*?(\d+) writes? discarded", out, flags=re.S)
    if m:
        return Out("discarded", f"{m.group(1)} rewound: {m.group(2)} write(s) discarded")
    return Out("kept", "no rollback or resync printed")


def lab_write_ok(out: str) -> Out:
    m = re.search(r"^OK\s+seq (\d+) on (\w+).*?$", out, flags=re.M)
    if m:
        return Out("accepted", f"accepted (seq {m.group(1)} on {m.group(2)})")
    err = re.search(r"^(?:error|FAILED): .*$|^FAILED\s+.*$", out, flags=re.M)
    return Out("refused", " ".join(err.group(0).split())[:80] if err else "no OK")


def events(out: str) -> list[tuple[float, str]]:
    """The event lines the lab printed (`  t=1.234s  text`, continuation lines joined), in order."""
    found: list[tuple[float, str]] = []
    for line in out.splitlines():
        m = re.match(r"^\s+t=([0-9.]+)s\s+(.*)$", line)
        if m:
            found.append((float(m.group(1)), m.group(2)))
        elif found and line.startswith("    ") and not line.lstrip().startswith("t="):
            t, text = found[-1]
            found[-1] = (t, text + " " + line.strip())
    return found


def prompt_time(out: str, command: str) -> float | None:
    """The simulated time at which the step typed `command` (the prompt before it shows it)."""
    m = re.search(rf"^\[t=([0-9.]+)s\] repl-lab> {re.escape(command)}", out, flags=re.M)
    return float(m.group(1)) if m else None


def lab_elected(out: str, timeout_s: float, command: str = "crash master") -> Out:
    """A new primary within twice the election timeout of `command` (etcd's randomised timeouts lie in
    [T, 2T]; MongoDB's in [T, 1.15 T])."""
    start = prompt_time(out, command)
    won = [(t, x) for t, x in events(out) if re.match(r"\w+ is elected primary for term", x)]
    if start is None or not won:
        return Out("no", "no new primary elected")
    t, text = won[0]
    node, term = re.match(r"(\w+) is elected primary for term (\d+)", text).groups()
    took = t - start
    ok = took <= 2 * timeout_s
    return Out("yes" if ok else "no", f"{node} leads (term {term}) {took:.2f} s after the crash "
               f"(bound: 2 x election timeout {timeout_s:g} s)")


def lab_demoted(out: str, node: str, ttl_s: float, command: str) -> Out:
    start = prompt_time(out, command)
    hit = [t for t, x in events(out) if x.startswith(f"{node} could not renew the leader key")]
    if start is None or not hit:
        return Out("no", f"{node} never demoted itself")
    took = hit[0] - start
    return Out("yes" if took < ttl_s else "no", f"{node} refuses writes {took:.1f} s after the cut (ttl {ttl_s:g} s)")


def lab_took_leader_key(out: str, command: str) -> Out:
    start = prompt_time(out, command)
    hit = [(t, x) for t, x in events(out) if re.match(r"\w+ finds no leader key .* promotes itself", x)]
    if start is None or not hit:
        return Out("no", "no replica took the leader key")
    t, text = hit[0]
    return Out("yes", f"{text.split()[0]} takes the leader key and promotes {t - start:.1f} s after the cut")


def lab_follows(out: str, node: str, command: str) -> Out:
    start = prompt_time(out, command)
    hit = [(t, x) for t, x in events(out) if re.match(rf"{node} sees (\w+) holding the leader key and follows", x)]
    if start is None or not hit:
        return Out("no", f"{node} does not follow the new leader")
    t, text = hit[0]
    return Out("yes", f"{node} follows {text.split()[2]} {t - start:.1f} s after the heal")


LAB_PARSERS = {name[4:]: fn for name, fn in globals().items() if name.startswith("lab_") and callable(fn)}


# ---------------------------------------------------------------------------------------------
# Verdicts.

MATCH, SIMPL, MISMATCH, PENDING = "match", "simplification", "MISMATCH", "pending"


def verdict(obs: Observe, real: Out, lab: Out | None, labrun: Lab) -> tuple[str, str]:
    if lab is None:
        return PENDING, ""
    same = False
    if real.key is not None and lab.key is not None:
        if obs.tolerance is not None and isinstance(real.key, (int, float)) and isinstance(lab.key, (int, float)):
            same = abs(real.key - lab.key) <= obs.tolerance
        else:
            same = real.key == lab.key
    if same:
        return MATCH, ""
    if obs.simplification:
        topic, phrase = obs.simplification
        if re.sub(r"\s+", " ", phrase) in labrun.help(topic):
            return SIMPL, f'`help {topic}`: "{phrase}"'
        return MISMATCH, f'documented simplification claimed, but `help {topic}` lacks "{phrase}"'
    return MISMATCH, ""
