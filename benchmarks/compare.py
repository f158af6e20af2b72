"""seller-central against itself: the headline figures for several source trees, side by side in one run.

``run.py`` compares seller-central with the other clients; this compares versions of seller-central (a
change and what it replaces, or one piece removed at a time), each with the bare-httpx floor, without the
other clients' environment::

    git archive main | tar -x -C /tmp/before      # any tree with facade/ and generated/
    .venv/bin/python benchmarks/compare.py before=/tmp/before after=. --rounds 7

Every tree runs the same scripts (this folder's ``cold_start.py`` and ``worker.py``) on this interpreter
against one fake; runs alternate between trees and the order rotates each round. Reported: the median of
the runs (and the lowest and highest) for a cold start, a warm getFeed and getOrders (sync), and the async
fan-out (100 sellers, httpx by default; ``+aiohttp`` rows ask for aiohttp with ``http="aiohttp"``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _env(tree: Path | None, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree / "facade"), str(tree / "generated")])
    return env


def _run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        msg = f"{' '.join(args)} failed:\n{done.stderr[-3000:]}"
        raise RuntimeError(msg)
    return seconds, done.stdout.strip().splitlines()[-1]


def _fmt(values: list[float], scale: float, unit: str) -> str:
    low, high = min(values) * scale, max(values) * scale
    return f"{statistics.median(values) * scale:.1f} {unit} ({low:.1f}-{high:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", help="NAME=PATH of a checkout (facade/ and generated/ in it)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=500, help="timed warm calls per run")
    parser.add_argument("--fanout-calls", type=int, default=5, help="getFeed calls per seller (100 sellers)")
    parser.add_argument("--only", default="cold,warm,fanout")
    parser.add_argument("--aiohttp", default="", help="NAME,... of trees that take http='aiohttp'")
    args = parser.parse_args()
    trees = {name: Path(path).resolve() for name, path in (t.split("=", 1) for t in args.trees)}
    explicit = set(filter(None, args.aiohttp.split(",")))
    sections = args.only.split(",")
    scratch = Path(tempfile.mkdtemp(prefix="sc-compare-"))
    envs = {name: _env(tree, scratch / name) for name, tree in trees.items()}
    envs["httpx"] = _env(None, scratch / "httpx")
    fake = [sys.executable, str(HERE / "fake_server.py")]
    server = subprocess.Popen(fake, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None  # noqa: S101
    port = server.stdout.readline().split()[1]
    rows: dict[str, dict[str, list[float]]] = {}

    def add(row: str, column: str, value: float) -> None:
        rows.setdefault(row, {}).setdefault(column, []).append(value)

    cold, worker = str(HERE / "cold_start.py"), str(HERE / "worker.py")
    try:
        for name, env in envs.items():  # bytecode caches filled, outside the measurement
            _run([cold, "ours" if name != "httpx" else "httpx", port], env)
        for number in range(args.rounds):
            names = list(envs)
            names = names[number % len(names) :] + names[: number % len(names)]
            for name in names:
                client = "ours" if name != "httpx" else "httpx"
                if "cold" in sections:
                    add(name, "cold", _run([cold, client, port], envs[name])[0])
                for op in ("getFeed", "getOrders") if "warm" in sections else ():
                    calls = args.calls if op == "getFeed" else args.calls // 5
                    warm = [worker, "warm", client, op, "--port", port, "--calls", str(calls)]
                    out = json.loads(_run(warm, envs[name])[1])
                    add(name, op, statistics.median(out["times_ns"]) / 1e9)
                if "fanout" in sections and name != "httpx":
                    variants = [("ours-own", name)]
                    if name in explicit:
                        variants.append(("ours-own+speedups", f"{name}+aiohttp"))
                    for fan_client, row in variants:
                        fan = [worker, "fanout", fan_client, "--port", port, "--sellers", "100"]
                        fan += ["--calls", str(args.fanout_calls), "--concurrency", "0"]
                        add(row, "fan-out", json.loads(_run(fan, envs[name])[1])["seconds"])
            print(f"round {number + 1}/{args.rounds} done", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=10)
    _table(rows)


def _table(rows: dict[str, dict[str, list[float]]]) -> None:
    units = {"cold": (1e3, "ms"), "getFeed": (1e6, "us"), "getOrders": (1e6, "us"), "fan-out": (1e3, "ms")}
    columns = [c for c in ("cold", "getFeed", "getOrders", "fan-out") if any(c in r for r in rows.values())]
    print("| tree | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for row, values in rows.items():
        cells = [_fmt(values[c], *units[c]) if c in values else "" for c in columns]
        print(f"| {row} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
