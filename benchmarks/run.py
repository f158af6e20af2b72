"""``make bench``: seller-central side by side with python-amazon-sp-api and amzn-sp-api, on this machine.

What it does:

1. creates ``benchmarks/.venv-others`` (git-ignored) with the other two clients at pinned versions, plus
   seller-central's own dependencies at the versions ``.venv`` has, so every client runs on the same
   interpreter and the same httpx; seller-central itself is imported from the working tree
   (``PYTHONPATH=facade:generated``), which is what an installed wheel looks like to the import system;
2. starts the loopback fake (``fake_server.py``) in its own process;
3. runs each measurement in a fresh worker process, alternating clients round by round (the order rotates
   every round), and reports the median and the spread (lowest and highest run) of each;
4. writes ``benchmarks/RESULTS.md``: machine, versions, date, tables, and each target of issue 8 with
   pass/fail.

``--quick`` runs fewer rounds and smaller documents (about two minutes); a full run takes about ten.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OTHERS = HERE / ".venv-others"
OTHERS_PYTHON = OTHERS / "bin" / "python"
STAMP = OTHERS / ".requirements"
#: Where workers write their output (outside the repository).
SCRATCH = Path(tempfile.gettempdir()) / f"seller-central-bench-{os.getpid()}"

#: The other clients, pinned (issue 8 names these versions).
PINNED = ("python-amazon-sp-api==2.1.35", "amzn-sp-api==1.13.0", "pyinstrument==5.1.3")
#: seller-central's run-time dependencies (and httpx's), installed at the versions .venv has.
SHARED = ("httpx", "httpcore", "h11", "anyio", "idna", "certifi", "attrs")

NAMES = {
    "ours": "seller-central",
    "pasp": "python-amazon-sp-api",
    "amzn": "amzn-sp-api",
    "amzn-noleak": "amzn-sp-api, log-handler leak worked around",
    "httpx": "bare httpx (floor)",
    "urllib3": "bare urllib3 (floor)",
    "python": "interpreter only (the same script, importing nothing)",
    "ours-shared": "seller-central async, 100 clients sharing one transport, limiter on",
    "ours-shared-nolimit": "seller-central async, shared transport, limiter off",
    "ours-own": "seller-central async, default (a pool per client), limiter on",
    "pasp-async": "python-amazon-sp-api asyncio",
    "pasp-threads": "python-amazon-sp-api, threads",
    "amzn-threads": "amzn-sp-api, threads",
    "httpx-async": "bare httpx.AsyncClient (floor)",
    "urllib3-threads": "bare urllib3, threads (floor)",
}


# -- plumbing --------------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ensure_others(*, reinstall: bool) -> None:
    """Create .venv-others with the pinned clients; skip when its stamp says it is up to date."""
    shared = [f"{name}=={importlib.metadata.version(name)}" for name in SHARED]
    wanted = "\n".join([*PINNED, *shared])
    if not reinstall and STAMP.exists() and STAMP.read_text() == wanted and OTHERS_PYTHON.exists():
        return
    log(f"installing the other clients into {OTHERS.relative_to(ROOT)}")
    if not OTHERS_PYTHON.exists():
        subprocess.run([sys.executable, "-m", "venv", str(OTHERS)], check=True)
    pip = [str(OTHERS_PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *PINNED, *shared], check=True)
    STAMP.write_text(wanted)


#: Bytecode caches for every child, outside the source tree (installed packages have theirs; a checkout
#: read with PYTHONDONTWRITEBYTECODE=1 would be compiled from source on every start).
PYCACHE = OTHERS / "pycache"
_DROPPED = ("PYTHONPATH", "SP_API_DEFAULT_MARKETPLACE", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")


def child_env(client: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if client.startswith("ours"):
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "facade"), str(ROOT / "generated")])
    return env


@dataclass
class Finished:
    seconds: float
    max_rss_mib: float
    output: dict[str, Any]


def run_process(args: Sequence[str], client: str, *, expect_json: bool = True) -> Finished:
    """Run one child to completion: its wall time, and its last line (JSON, or the cold start's peak RSS)."""
    SCRATCH.mkdir(exist_ok=True)
    out_path = SCRATCH / "worker.out"
    err_path = SCRATCH / "worker.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen([str(OTHERS_PYTHON), *args], stdout=out, stderr=err, env=child_env(client))
        _, status = os.waitpid(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        msg = f"{client}: {' '.join(args)} failed ({child.returncode}):\n{err_path.read_text()[-3000:]}"
        raise RuntimeError(msg)
    last = out_path.read_text().strip().splitlines()[-1]
    output = json.loads(last) if expect_json else {"peak_rss_kib": int(last)}
    return Finished(seconds=seconds, max_rss_mib=output["peak_rss_kib"] / 1024, output=output)


class FakeServer:
    """The fake in its own process; ``stats()`` / ``reset()`` read and clear its counters."""

    def __init__(self, documents: Sequence[int]) -> None:
        command = [
            str(OTHERS_PYTHON),
            str(HERE / "fake_server.py"),
            "--documents",
            ",".join(map(str, documents)),
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None  # noqa: S101
        line = self.process.stdout.readline()
        if not line.startswith("PORT "):
            self.process.kill()
            msg = f"the fake server did not start: {line!r}"
            raise RuntimeError(msg)
        self.port = int(line.split()[1])

    def _call(self, method: str, path: str) -> dict[str, Any]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (loopback)
            return json.loads(answer.read())  # type: ignore[no-any-return]

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "/__stats")

    def reset(self) -> None:
        self._call("POST", "/__reset")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


# -- statistics -------------------------------------------------------------------------------------------


@dataclass
class Series:
    """One client's values in one measurement, one per run."""

    values: list[float] = field(default_factory=list)
    extra: dict[str, list[float]] = field(default_factory=dict)

    def add(self, value: float, **extra: float) -> None:
        self.values.append(value)
        for key, number in extra.items():
            self.extra.setdefault(key, []).append(number)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def extra_median(self, key: str) -> float:
        return statistics.median(self.extra[key])

    def spread(self, fmt: Callable[[float], str]) -> str:
        return f"{fmt(min(self.values))} – {fmt(max(self.values))}"


def rotated(items: Sequence[str], round_number: int) -> list[str]:
    shift = round_number % len(items)
    return [*items[shift:], *items[:shift]]


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def us(value: float) -> str:
    return f"{value * 1e6:.0f} µs"


def mib(value: float) -> str:
    return f"{value:.1f} MiB"


def secs(value: float) -> str:
    return f"{value:.3f} s"


# -- the measurements -------------------------------------------------------------------------------------


@dataclass
class Plan:
    cold_rounds: int
    warm_rounds: int
    feed_calls: int
    orders_calls: int
    amzn_orders_calls: int
    fanout_rounds: int
    thread_sizes: tuple[int, ...]
    stream_rounds: int
    documents: tuple[int, ...]
    sellers: int = 100
    calls_per_seller: int = 10


FULL = Plan(
    cold_rounds=21,
    warm_rounds=7,
    feed_calls=2000,
    orders_calls=200,
    amzn_orders_calls=10,
    fanout_rounds=5,
    thread_sizes=(16, 32, 64),
    stream_rounds=3,
    documents=(64, 1024),
)
QUICK = Plan(
    cold_rounds=7,
    warm_rounds=3,
    feed_calls=500,
    orders_calls=60,
    amzn_orders_calls=10,
    fanout_rounds=2,
    thread_sizes=(32,),
    stream_rounds=2,
    documents=(64,),
)

COLD_CLIENTS = ("python", "httpx", "urllib3", "ours", "pasp", "amzn")
WARM_CLIENTS = ("httpx", "urllib3", "ours", "pasp", "amzn", "amzn-noleak")
ASYNC_FANOUT = ("ours-shared", "ours-own", "ours-shared-nolimit", "pasp-async", "httpx-async")
THREAD_FANOUT = ("pasp-threads", "amzn-threads", "urllib3-threads")
STREAM_CLIENTS = ("httpx", "ours", "pasp", "amzn")


@dataclass
class Results:
    cold: dict[str, Series] = field(default_factory=dict)
    warm: dict[str, dict[str, Series]] = field(default_factory=dict)
    fanout: dict[str, Series] = field(default_factory=dict)
    threads: dict[str, int] = field(default_factory=dict)
    thread_sweep: dict[str, dict[int, float]] = field(default_factory=dict)
    stream: dict[int, dict[str, Series]] = field(default_factory=dict)


def measure_cold(plan: Plan, server: FakeServer, results: Results) -> None:
    script = str(HERE / "cold_start.py")
    for client in COLD_CLIENTS:  # compile and cache every module once, outside the measurement
        run_process([script, client, str(server.port)], client, expect_json=False)
    for number in range(plan.cold_rounds):
        for client in rotated(COLD_CLIENTS, number):
            done = run_process([script, client, str(server.port)], client, expect_json=False)
            results.cold.setdefault(client, Series()).add(done.seconds, rss=done.max_rss_mib)
    log("cold start: " + ", ".join(f"{c} {ms(s.median)}" for c, s in results.cold.items()))


def _warm_calls(plan: Plan, client: str, op: str) -> tuple[int, int]:
    if op == "getFeed":
        return plan.feed_calls, 50
    if client == "amzn":
        return plan.amzn_orders_calls, 1
    return plan.orders_calls, 5


def measure_warm(plan: Plan, server: FakeServer, results: Results) -> None:
    worker = str(HERE / "worker.py")
    for op in ("getFeed", "getOrders"):
        table = results.warm.setdefault(op, {})
        for number in range(plan.warm_rounds):
            for client in rotated(WARM_CLIENTS, number):
                calls, warmup = _warm_calls(plan, client, op)
                args = [worker, "warm", client, op, "--port", str(server.port)]
                done = run_process([*args, "--calls", str(calls), "--warmup", str(warmup)], client)
                times = [t / 1e9 for t in done.output["times_ns"]]
                tenth = max(1, len(times) // 10)
                table.setdefault(client, Series()).add(
                    statistics.median(times),
                    cpu=done.output["cpu_ns_per_call"] / 1e9,
                    best=min(times),
                    first=statistics.median(times[:tenth]),
                    last=statistics.median(times[-tenth:]),
                )
        log(f"warm {op}: " + ", ".join(f"{c} {us(s.median)}" for c, s in table.items()))


def _fanout_args(plan: Plan, server: FakeServer, client: str, threads: int) -> list[str]:
    return [
        str(HERE / "worker.py"),
        "fanout",
        client,
        "--port",
        str(server.port),
        "--sellers",
        str(plan.sellers),
        "--calls",
        str(plan.calls_per_seller),
        "--threads",
        str(threads),
    ]


def _fanout_once(plan: Plan, server: FakeServer, client: str, threads: int) -> tuple[float, dict[str, Any]]:
    server.reset()
    done = run_process(_fanout_args(plan, server, client, threads), client)
    return done.output["seconds"], server.stats()


def measure_fanout(plan: Plan, server: FakeServer, results: Results) -> None:
    for client in THREAD_FANOUT:
        if len(plan.thread_sizes) == 1:
            results.threads[client] = plan.thread_sizes[0]
            continue
        sweep = {size: _fanout_once(plan, server, client, size)[0] for size in plan.thread_sizes}
        results.thread_sweep[client] = sweep
        results.threads[client] = min(sweep, key=lambda size: sweep[size])
    clients = (*ASYNC_FANOUT, *THREAD_FANOUT)
    for number in range(plan.fanout_rounds):
        for client in rotated(clients, number):
            seconds, stats = _fanout_once(plan, server, client, results.threads.get(client, 0))
            results.fanout.setdefault(client, Series()).add(
                seconds,
                tokens=stats["token_requests"],
                connections=stats["connections"],
                requests=stats["requests"],
            )
    log("fan-out: " + ", ".join(f"{c} {secs(s.median)}" for c, s in results.fanout.items()))


def measure_stream(plan: Plan, server: FakeServer, results: Results) -> None:
    worker = str(HERE / "worker.py")
    for size in plan.documents:
        table = results.stream.setdefault(size, {})
        for number in range(plan.stream_rounds):
            for client in rotated(STREAM_CLIENTS, number):
                args = [worker, "stream", client, "--port", str(server.port), "--size", str(size)]
                done = run_process(args, client)
                table.setdefault(client, Series()).add(
                    size / done.output["seconds"],
                    rss=done.max_rss_mib,
                    before=done.output["rss_before_kib"] / 1024,
                )
        log(f"stream {size} MiB: " + ", ".join(f"{c} {s.median:.0f} MiB/s" for c, s in table.items()))


# -- the report -------------------------------------------------------------------------------------------


def _machine() -> list[str]:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.implementation.name}); every client on the same interpreter",
    ]


def _versions() -> str:
    def others(name: str) -> str:
        found = subprocess.run(
            [str(OTHERS_PYTHON), "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
            capture_output=True,
            text=True,
            check=False,
        )
        return found.stdout.strip() or "?"

    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "facade", "generated"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    ours = f"seller-central 0.1.0 (working tree at {commit or '?'}{', with uncommitted changes' if dirty else ''})"
    return (
        f"- Versions: {ours}; python-amazon-sp-api {others('python-amazon-sp-api')}; "
        f"amzn-sp-api {others('amzn-sp-api')}; httpx {others('httpx')}; urllib3 {others('urllib3')}"
    )


@dataclass
class Target:
    name: str
    goal: str
    measured: str
    passed: bool


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x"


def evaluate(plan: Plan, results: Results) -> list[Target]:
    targets: list[Target] = []
    cold = results.cold
    if cold:
        ours = cold["ours"].median
        best = min(cold["pasp"].median, cold["amzn"].median)
        floor = cold["httpx"].median
        targets.append(
            Target(
                "Cold start vs the faster other client",
                "≤ 0.65x",
                f"{ms(ours)} vs {ms(best)} = {_ratio(ours, best)}",
                ours <= 0.65 * best,
            )
        )
        targets.append(
            Target(
                "Cold start vs bare httpx",
                "≤ 1.15x",
                f"{ms(ours)} vs {ms(floor)} = {_ratio(ours, floor)}",
                ours <= 1.15 * floor,
            )
        )
    feed = results.warm.get("getFeed")
    if feed:
        ours = feed["ours"].median
        others = {c: feed[c].median for c in ("pasp", "amzn")}
        targets.append(
            Target(
                "Warm getFeed faster than both others",
                "< each",
                ", ".join(f"{us(ours)} vs {NAMES[c]} {us(v)}" for c, v in others.items()),
                all(ours < v for v in others.values()),
            )
        )
        floor = feed["httpx"].median
        targets.append(
            Target(
                "Warm getFeed vs bare httpx",
                "≤ 1.15x",
                f"{us(ours)} vs {us(floor)} = {_ratio(ours, floor)}",
                ours <= 1.15 * floor,
            )
        )
    orders = results.warm.get("getOrders")
    if orders:
        ours = orders["ours"].median
        amzn = orders["amzn"].median
        targets.append(
            Target(
                "Warm getOrders (typed) vs amzn-sp-api (typed)",
                "faster",
                f"{ms(ours)} vs {ms(amzn)} as shipped ({plan.amzn_orders_calls} calls); "
                f"{ms(orders['amzn-noleak'].median)} with its leak worked around",
                ours < amzn,
            )
        )
        pasp = orders["pasp"].median
        targets.append(
            Target(
                "Warm getOrders (typed) vs python-amazon-sp-api (dicts)",
                "≤ 2x",
                f"{ms(ours)} vs {ms(pasp)} = {_ratio(ours, pasp)}",
                ours <= 2 * pasp,
            )
        )
    fanout = results.fanout
    if fanout:
        others = {c: fanout[c].median for c in ("pasp-async", "pasp-threads", "amzn-threads")}
        fastest = min(others, key=lambda c: others[c])
        for ours_row in ("ours-shared", "ours-own"):
            ours = fanout[ours_row].median
            targets.append(
                Target(
                    f"Fan-out throughput, {NAMES[ours_row]}",
                    "≥ 2x the fastest other",
                    f"{secs(ours)} vs {NAMES[fastest]} {secs(others[fastest])}: {others[fastest] / ours:.2f}x",
                    ours * 2 <= others[fastest],
                )
            )
    for size, table in results.stream.items():
        peak = max(table["ours"].extra["rss"])
        targets.append(
            Target(
                f"Document streaming, {size} MiB: peak RSS",
                "< 100 MiB",
                f"{mib(peak)} (highest run)",
                peak < 100,
            )
        )
    return targets


def report(plan: Plan, results: Results, *, quick: bool, started: float, loads: tuple[str, str]) -> str:
    lines = [
        "# Benchmarks: seller-central vs python-amazon-sp-api vs amzn-sp-api",
        "",
        "Regenerated by `make bench` (`benchmarks/run.py`); do not edit by hand.",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%d %H:%M UTC')}"
        f" ({'--quick' if quick else 'full run'}, {time.monotonic() - started:.0f} s)",
        *_machine(),
        _versions(),
        f"- Load average (1, 5, 15 min) at start: {loads[0]}; at end: {loads[1]}. The machine is shared: "
        "medians of alternating runs are the comparison; the spread shows how noisy it was.",
        "- Server: `benchmarks/fake_server.py`, one asyncio process, canned answers, TCP_NODELAY, HTTP/1.1 "
        "keep-alive; plain HTTP on 127.0.0.1 (no TLS: clients that build an SSL context anyway pay for it).",
        "- Each value is one run in a fresh process; runs alternate between clients and the order rotates.",
        "  **median** is the median of the runs, **spread** the lowest and highest run.",
        "",
    ]
    targets = evaluate(plan, results)
    if targets:
        lines += [
            "## Targets (issue 8)",
            "",
            "| target | goal | measured (medians) | result |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {t.name} | {t.goal} | {t.measured} | {'PASS' if t.passed else '**FAIL**'} |" for t in targets
        ]
        lines.append("")
    if results.cold:
        lines += [
            "## 1. Cold start",
            "",
            "A fresh process imports the client, builds it, fetches an LWA token, makes one getOrders call "
            "(100 orders) and exits. Wall time from spawn to exit; peak RSS of that process. seller-central "
            "runs with its defaults (rate limiting on; one call is within the burst).",
            "",
            f"{plan.cold_rounds} runs per client.",
            "",
            "| client | wall median | spread | peak RSS median |",
            "|---|---|---|---|",
        ]
        for client, series in results.cold.items():
            lines.append(
                f"| {NAMES[client]} | {ms(series.median)} | {series.spread(ms)} | {mib(series.extra_median('rss'))} |"
            )
        lines.append("")
    for op, table in results.warm.items():
        what = "a small body" if op == "getFeed" else "a 100-order page, 136 kB"
        lines += [
            f"## 2. Warm {op} ({what})",
            "",
            "One client, reused; per-call wall time. seller-central with rate limiting **off** "
            "(`SellerCentral(connection, rate_limit=False)`): with it on, the usage plan (getFeed 2/s, "
            "getOrders 0.0167/s) would be measured instead of the client. The others do not limit.",
            "",
            "| client | result | median per call | spread (run medians) | best call | CPU per call | calls x runs |",
            "|---|---|---|---|---|---|---|",
        ]
        for client, series in table.items():
            calls, _ = _warm_calls(plan, client, op)
            kind = _result_kind(client)
            lines.append(
                f"| {NAMES[client]} | {kind} | {us(series.median)} | {series.spread(us)} | "
                f"{us(min(series.extra['best']))} | {us(series.extra_median('cpu'))} | {calls} x {len(series.values)} |"
            )
        if op == "getOrders" and "amzn" in table:
            amzn = table["amzn"]
            lines += [
                "",
                f"amzn-sp-api as shipped slows down call after call: median of the first tenth of its calls "
                f"{ms(amzn.extra_median('first'))}, of the last tenth {ms(amzn.extra_median('last'))} "
                f"(after {plan.amzn_orders_calls + 1} calls). Every model it builds runs `Configuration()`, "
                "which adds a `logging.StreamHandler` to two loggers, and `addHandler` scans the list first. "
                "So it is measured over few calls; the `log-handler leak worked around` row sets a default "
                "`Configuration` (a user-side fix) and shows its steady-state typed parse.",
            ]
        lines.append("")
    if results.fanout:
        lines += [
            "## 3. Async fan-out",
            "",
            f"{plan.sellers} sellers (each its own refresh token) x {plan.calls_per_seller} getFeed calls, "
            "all started at once (asyncio) or through a thread pool. The time covers building every "
            "client, every token request and every call. seller-central's limiter is on unless the row "
            "says otherwise (10 getFeed calls fit in its burst of 15). Token requests and connections are "
            "counted by the server.",
            "",
            "| client | median | spread | token requests | connections opened | threads |",
            "|---|---|---|---|---|---|",
        ]
        for client, series in results.fanout.items():
            threads = str(results.threads[client]) if client in results.threads else "—"
            lines.append(
                f"| {NAMES[client]} | {secs(series.median)} | {series.spread(secs)} | "
                f"{series.extra_median('tokens'):.0f} | {series.extra_median('connections'):.0f} | {threads} |"
            )
        if results.thread_sweep:
            lines += ["", "Thread-pool size, chosen by one run at each size (seconds):", ""]
            for client, sweep in results.thread_sweep.items():
                sizes = ", ".join(f"{size} threads {seconds:.3f}" for size, seconds in sweep.items())
                lines.append(f"- {NAMES[client]}: {sizes}")
        lines.append("")
    if results.stream:
        lines += [
            "## 4. Document streaming",
            "",
            "getReportDocument (seller-central: getFeedDocument, via `download_feed_document(target=...)`), "
            "then GET the presigned URL and gunzip into /dev/null. Throughput in MiB of the uncompressed "
            "document per second of the whole call; peak RSS of the process. amzn-sp-api has no download "
            "helper: its row streams through the SDK's urllib3 pool with the same glue as the floor.",
            "",
        ]
        for size, table in results.stream.items():
            lines += [
                f"### {size} MiB document",
                "",
                "| client | MiB/s median | spread | peak RSS (highest run) | RSS before the download |",
                "|---|---|---|---|---|",
            ]
            for client, series in table.items():
                lines.append(
                    f"| {NAMES[client]} | {series.median:.0f} | {series.spread(lambda v: f'{v:.0f}')} | "
                    f"{mib(max(series.extra['rss']))} | {mib(series.extra_median('before'))} |"
                )
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _result_kind(client: str) -> str:
    if client in ("ours", "amzn", "amzn-noleak"):
        return "typed models"
    if client == "pasp":
        return "ApiResponse, dicts"
    return "dicts (`json.loads`)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, smaller documents")
    parser.add_argument(
        "--only",
        default="cold,warm,fanout,stream",
        help="comma-separated sections (cold, warm, fanout, stream)",
    )
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--reinstall", action="store_true", help="recreate the other clients' packages")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    sections = set(args.only.split(","))
    started = time.monotonic()
    ensure_others(reinstall=args.reinstall)
    loads = [
        " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"
    ]
    log(f"starting the fake server (documents: {', '.join(f'{d} MiB' for d in plan.documents)})")
    server = FakeServer(plan.documents if "stream" in sections else ())
    results = Results()
    try:
        steps = (
            ("cold", measure_cold),
            ("warm", measure_warm),
            ("fanout", measure_fanout),
            ("stream", measure_stream),
        )
        for name, measure in steps:
            if name in sections:
                log(f"measuring: {name}")
                measure(plan, server, results)
    finally:
        server.stop()
        for leftover in (SCRATCH / "worker.out", SCRATCH / "worker.err"):
            leftover.unlink(missing_ok=True)
        if SCRATCH.exists():
            SCRATCH.rmdir()
    loads.append(
        " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"
    )
    text = report(plan, results, quick=args.quick, started=started, loads=(loads[0], loads[1]))
    args.output.write_text(text)
    log(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    print(text)


if __name__ == "__main__":
    main()
