"""Scripts/conformance: run each scenario on real servers on 127.0.0.1 and in the lab, compare."""
from __future__ import annotations

import argparse
import importlib
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import core  # noqa: E402

SYSTEMS = ["redis", "postgres", "mariadb", "etcd", "patroni"]


class Interrupted(Exception):
    pass


def on_signal(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def fmt_table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
           "| " + " | ".join("-" * w for w in widths) + " |"]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "/").ljust(w) for c, w in zip(r, widths)) + " |")
    return "\n".join(out)


def run_system(name: str, lab: core.Lab, root: str, only: str | None) -> tuple[list[list[str]], list[list[str]], dict]:
    mod = importlib.import_module(f"systems.{name}")
    sysroot = os.path.join(root, name)
    os.makedirs(sysroot, exist_ok=True)
    os.chmod(sysroot, 0o755)
    procs = core.Procs(sysroot)
    driver = mod.Driver(procs, sysroot)
    rows, times = [], []
    counts = {core.MATCH: 0, core.SIMPL: 0, core.MISMATCH: 0, core.PENDING: 0, "error": 0}
    try:
        for sc in mod.SCENARIOS:
            if only and only.lower() not in sc.name.lower():
                continue
            print(f"[{name}] {sc.name}", flush=True)
            outputs, sim, lab_wall = lab.run(sc)
            seen = False
            t0 = time.monotonic()
            try:
                getattr(driver, "setup_" + sc.setup_real[0])(*sc.setup_real[1:])
                for i, step in enumerate(sc.steps):
                    for action in step.real:
                        getattr(driver, "act_" + action[0])(*action[1:])
                    for obs in step.observe:
                        real = getattr(driver, "obs_" + obs.real[0])(*obs.real[1:])
                        if obs.lab is None:
                            labout = None
                        else:
                            labout = core.LAB_PARSERS[obs.lab[0]](outputs[i], *obs.lab[1:])
                        v, why = core.verdict(obs, real, labout, lab)
                        label = "" if seen else sc.name
                        seen = True
                        counts[v] += 1
                        rows.append([label,
                                     f"{step.what}: {obs.name}", real.text,
                                     labout.text if labout else "not modelled yet", v + (f" ({why})" if why else "")])
                        print(f"    {obs.name}: real {real.text} | lab {labout.text if labout else 'not modelled yet'} -> {v}", flush=True)
            except (core.Timeout, RuntimeError, OSError, ValueError, KeyError) as e:
                counts["error"] += 1
                rows.append([sc.name if not seen else "", "(harness)", " ".join(f"error: {e}".split())[:160], "", "ERROR"])
                print(f"    error: {e}", flush=True)
                traceback.print_exc(limit=3)
            finally:
                real_wall = time.monotonic() - t0
                driver.teardown()
            times.append([sc.name, f"{real_wall:.1f} s", f"{sim:.2f} s", f"{lab_wall:.2f} s"])
    finally:
        driver.teardown()
        procs.stop_all()
    return rows, times, counts


def main() -> int:
    ap = argparse.ArgumentParser(prog="Scripts/conformance", description=__doc__)
    ap.add_argument("--system", choices=SYSTEMS, action="append", help="run only this system (repeatable)")
    ap.add_argument("--scenario", help="run only scenarios whose name contains this")
    ap.add_argument("--list", action="store_true", help="list the scenarios and exit")
    ap.add_argument("--allow-pending", action="store_true", help="do not fail on pending observations")
    ap.add_argument("--lab", required=True, help="the repl-lab binary")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, lab transcripts)")
    args = ap.parse_args()
    systems = args.system or SYSTEMS

    if args.list:
        for name in systems:
            mod = importlib.import_module(f"systems.{name}")
            print(f"{name}: {mod.DESCRIPTION}")
            for sc in mod.SCENARIOS:
                print(f"  {sc.name}")
                for st in sc.steps:
                    for o in st.observe:
                        print(f"      {st.what}: {o.name}")
        return 0

    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)
    root = tempfile.mkdtemp(prefix="repl-lab-conformance-")
    os.chmod(root, 0o755)
    lab = core.Lab(args.lab, root)
    print(f"working directory {root}", flush=True)
    total = {core.MATCH: 0, core.SIMPL: 0, core.MISMATCH: 0, core.PENDING: 0, "error": 0}
    reports = []
    started = time.monotonic()
    try:
        for name in systems:
            t0 = time.monotonic()
            rows, times, counts = run_system(name, lab, root, args.scenario)
            reports.append((name, rows, times, time.monotonic() - t0))
            for k, v in counts.items():
                total[k] += v
    except Interrupted as e:
        print(f"\ninterrupted ({e}); the servers this run started are stopped", flush=True)
        return 130
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"kept {root}")

    print()
    for name, rows, times, wall in reports:
        mod = importlib.import_module(f"systems.{name}")
        print(f"### {name}: {mod.DESCRIPTION}\n")
        print(fmt_table(rows, ["scenario", "step: observation", "real outcome", "lab outcome", "verdict"]))
        print()
        print(fmt_table(times, ["scenario", "real wall time", "lab simulated time", "lab wall time"]))
        print(f"\n{name}: {wall:.0f} s in all\n")
    elapsed = time.monotonic() - started
    print(f"summary: {total[core.MATCH]} match, {total[core.SIMPL]} documented simplification, "
          f"{total[core.MISMATCH]} mismatch, {total[core.PENDING]} pending (not modelled yet), "
          f"{total['error']} error; {elapsed:.0f} s")
    failed = total[core.MISMATCH] + total["error"] + (0 if args.allow_pending else total[core.PENDING])
    if failed:
        print("FAIL" + ("" if args.allow_pending or not total[core.PENDING] else
                        " (pending observations fail the run unless --allow-pending)"))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
