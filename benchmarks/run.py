"""``make bench``: seller-central side by side with python-amazon-sp-api and amzn-sp-api, on this machine.

1. Creates ``benchmarks/.venv-others`` (git-ignored) with the other two clients at pinned versions, plus
   seller-central's run-time dependencies at the versions ``.venv`` has. Every client then runs on the same
   interpreter and the same httpx; seller-central itself is imported from the working tree
   (``PYTHONPATH=facade:generated``), which the import system treats like an installed package.
2. Starts the loopback fake (``fake_server.py``) in its own process.
3. Runs every measurement in a fresh worker process, alternating clients round by round (the order
   rotates each round), and keeps one value per run: the **median** of the runs is reported, and the
   **spread** is the lowest and the highest run.
4. Writes ``benchmarks/RESULTS.md``: machine, versions, date, tables, and each target of issue 8 with
   pass/fail.

``--quick`` runs fewer rounds, no concurrency sweeps and a smaller document (about three minutes); a full
run takes about ten. ``--only cold,warm`` runs some sections.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import typed_pages  # noqa: E402 (beside this script)

ROOT = HERE.parent
OTHERS = HERE / ".venv-others"
OTHERS_PYTHON = OTHERS / "bin" / "python"
STAMP = OTHERS / ".requirements"
#: seller-central's own run-time dependencies that the others do not have (sniffio, click), at .venv's
#: versions, on seller-central's path only: each client runs with what its own install would bring.
OURS_DEPS = OTHERS / "ours-deps"
OURS_DEPS_PACKAGES = ("sniffio", "click")
#: seller-central's `speedups` extra (aiohttp and what it needs), at .venv's versions, for "+speedups" rows.
SPEEDUPS = OTHERS / "speedups"
SPEEDUPS_PACKAGES = (
    "aiohttp",
    "aiohappyeyeballs",
    "aiosignal",
    "frozenlist",
    "multidict",
    "propcache",
    "yarl",
)
#: Only for the side-by-side row of the maintained httpx-aiohttp transport: in neither extra, so .venv has no
#: version to copy; pinned here (the version the README's comparison names).
SPEEDUPS_PINNED = ("httpx-aiohttp==0.2.0",)
#: Bytecode caches for every child, kept outside the source tree. Installed packages have theirs; a
#: checkout read with PYTHONDONTWRITEBYTECODE=1 (set on this machine) would be compiled on every start.
PYCACHE = OTHERS / "pycache"
#: Profiles of the figures, before and after a change, written by hand; copied into RESULTS.md.
PROFILES = HERE / "profiles.md"
#: The 1 GiB report figure (issue 16), run by hand with report_rows.py (minutes a round); copied too.
REPORT_ROWS = HERE / "report_rows.md"
#: Where workers write their output.
SCRATCH = Path(tempfile.gettempdir()) / f"seller-central-bench-{os.getpid()}"
#: No single measurement takes this long unless something hangs.
CHILD_TIMEOUT_SECONDS = 600

#: The other clients, pinned (issue 8 names these versions), and the profiler used for diagnoses.
PINNED = ("python-amazon-sp-api==2.1.35", "amzn-sp-api==1.13.0", "pyinstrument==5.1.3")
#: seller-central's run-time dependencies (and httpx's), installed at the versions .venv has.
SHARED = ("httpx", "httpcore", "h11", "anyio", "idna", "certifi", "attrs")

NAMES = {
    "ours": "seller-central",
    "ours+speedups": "seller-central[speedups] installed (not asked for: httpx)",
    "pasp": "python-amazon-sp-api",
    "amzn": "amzn-sp-api",
    "amzn-noleak": "amzn-sp-api, log-handler leak worked around",
    "httpx": "bare httpx (floor)",
    # httpx imports its command line (httpx._main, built on click) whenever click is importable, and
    # seller-central's CLI depends on click: this row is the floor in the environment seller-central makes.
    "httpx+click": "bare httpx, click importable (so httpx imports its CLI, as beside seller-central)",
    # The least any client on seller-central's run-time dependencies could take (cold_start.dependency_floor).
    "deps+click": "dependency floor: bare httpx, click importable, attrs imported, CA bundle deferred",
    "urllib3": "bare urllib3 (floor)",
    "python": "interpreter only (the same script, no client)",
    "ours-own": "seller-central async, each client its own pool (default install: httpx)",
    "ours-children": "seller-central async, for_seller children on one pool (default install: httpx)",
    "ours-children-threads": "seller-central sync, for_seller children on one pool, in threads (default)",
    "ours-children+speedups": "seller-central[speedups] async, for_seller children on one aiohttp pool",
    "ours-children+httpx-aiohttp": "seller-central async, for_seller children over httpx-aiohttp's transport",
    "ours-shared": "seller-central async, one shared httpx transport",
    "ours-own+speedups": "seller-central[speedups] async, each client its own pool (aiohttp)",
    "ours-shared+speedups": "seller-central[speedups] async, one shared AiohttpTransport",
    "ours-shared+speedups-nolimit": "seller-central[speedups] async, shared AiohttpTransport, limiter off",
    "ours-lean": "seller-central async over a minimal asyncio transport (benchmark prototype)",
    "httpx-threads": "bare httpx.Client in threads, one pool (floor)",
    "asyncio-raw": "hand-written HTTP/1.1 on asyncio streams, one pool (floor)",
    "pasp-async": "python-amazon-sp-api asyncio",
    "pasp-threads": "python-amazon-sp-api, threads",
    "amzn-threads": "amzn-sp-api, threads",
    "httpx-async": "bare httpx.AsyncClient, one pool (floor)",
    "urllib3-threads": "bare urllib3, threads, one pool (floor)",
}
OTHER_FANOUT = ("pasp-async", "pasp-threads", "amzn-threads")
OURS_FANOUT = ("ours-children", "ours-children-threads", "ours-children+speedups")
#: The issue-16 fan-out figure, default install: the faster of the two documented patterns on httpx.
OURS_DEFAULT_FANOUT = ("ours-children", "ours-children-threads")


# -- plumbing --------------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load_average() -> str:
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "?"


def ensure_others(*, reinstall: bool) -> None:
    """Create .venv-others with the pinned clients; skip when its stamp says it is up to date."""
    shared = [f"{name}=={importlib.metadata.version(name)}" for name in SHARED]
    speedups = [f"{name}=={importlib.metadata.version(name)}" for name in SPEEDUPS_PACKAGES]
    own = [f"{name}=={importlib.metadata.version(name)}" for name in OURS_DEPS_PACKAGES]
    wanted = "\n".join([*PINNED, *shared, *own, *speedups, *SPEEDUPS_PINNED])
    if not reinstall and STAMP.exists() and STAMP.read_text() == wanted and OTHERS_PYTHON.exists():
        return
    log(f"installing the other clients into {OTHERS.relative_to(ROOT)}")
    if not OTHERS_PYTHON.exists():
        subprocess.run([sys.executable, "-m", "venv", str(OTHERS)], check=True)
    pip = [str(OTHERS_PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *PINNED, *shared], check=True)
    subprocess.run([*pip, "--upgrade", "--no-deps", "--target", str(OURS_DEPS), *own], check=True)
    speedups_args = [*speedups, *SPEEDUPS_PINNED]
    subprocess.run([*pip, "--upgrade", "--no-deps", "--target", str(SPEEDUPS), *speedups_args], check=True)
    STAMP.write_text(wanted)


#: ``--baseline DIR``: another checkout of seller-central (an earlier commit) measured as the client
#: "ours@base" beside "ours", in the same rounds, so a change is compared with what it changed.
BASELINE = "ours@base"
_baseline_root: Path | None = None


def script_client(client: str) -> str:
    """The client name a worker script knows (``ours@base`` runs the ``ours`` adapter on another tree)."""
    return client.split("@", 1)[0].removesuffix("+speedups").removesuffix("+click")


_DROPPED = ("PYTHONPATH", "SP_API_DEFAULT_MARKETPLACE", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")


def child_env(client: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    root = _baseline_root if client == BASELINE and _baseline_root is not None else ROOT
    path = (
        [str(root / "facade"), str(root / "generated"), str(OURS_DEPS)] if client.startswith("ours") else []
    )
    if "+speedups" in client or "+httpx-aiohttp" in client:
        path.append(str(SPEEDUPS))
    if client.endswith("+click"):
        path.append(str(OURS_DEPS))  # click (and sniffio), at the versions seller-central runs with
    if path:
        env["PYTHONPATH"] = os.pathsep.join(path)
    return env


@dataclass
class Finished:
    seconds: float
    peak_rss_mib: float
    output: dict[str, Any]


def run_process(args: Sequence[str], client: str, *, cold: bool = False) -> Finished:
    """Run one child to completion: its wall time and its last line (JSON; a cold start prints its RSS)."""
    SCRATCH.mkdir(exist_ok=True)
    out_path, err_path = SCRATCH / "worker.out", SCRATCH / "worker.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen([str(OTHERS_PYTHON), *args], stdout=out, stderr=err, env=child_env(client))
        # A blocking wait sees the exit at once (`wait(timeout=...)` polls, up to 50 ms late); a timer
        # kills a child that hangs.
        watchdog = threading.Timer(CHILD_TIMEOUT_SECONDS, os.kill, (child.pid, signal.SIGKILL))
        watchdog.start()
        try:
            child.wait()
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - start
    if child.returncode != 0:
        msg = f"{client}: {' '.join(args)} failed ({child.returncode}):\n{err_path.read_text()[-3000:]}"
        raise RuntimeError(msg)
    last = out_path.read_text().strip().splitlines()[-1]
    output = {"peak_rss_kib": int(last)} if cold else json.loads(last)
    return Finished(seconds=seconds, peak_rss_mib=output["peak_rss_kib"] / 1024, output=output)


class FakeServer:
    """The fake in its own process; ``stats()`` / ``reset()`` read and clear its counters."""

    def __init__(self, documents: Sequence[int]) -> None:
        sizes = ",".join(map(str, documents))
        command = [str(OTHERS_PYTHON), str(HERE / "fake_server.py"), "--documents", sizes]
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
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (loopback, our own server)
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
    """One client's values in one measurement, one per run (``extra`` holds side values per run)."""

    values: list[float] = field(default_factory=list)
    extra: dict[str, list[float]] = field(default_factory=dict)

    def add(self, value: float, **extra: float) -> None:
        self.values.append(value)
        for key, number in extra.items():
            self.extra.setdefault(key, []).append(number)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def side(self, key: str) -> float:
        return statistics.median(self.extra[key])

    def spread(self, fmt: Callable[[float], str]) -> str:
        return f"{fmt(min(self.values))} to {fmt(max(self.values))}"


def para(text: str) -> str:
    """One Markdown paragraph from a triple-quoted string written across source lines."""
    return " ".join(text.split())


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


# -- the plan ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    cold_rounds: int
    warm_rounds: int
    feed_calls: int
    orders_calls: int
    fanout_rounds: int
    thread_sizes: tuple[int, ...]
    in_flight: tuple[int, ...]
    stream_rounds: int
    documents: tuple[int, ...]
    #: amzn-sp-api slows down with every model it builds; a few calls show its cost without taking minutes.
    amzn_orders_calls: int = 10
    sellers: int = 100
    calls_per_seller: int = 10
    quota_rounds: int = 3


FULL = Plan(
    cold_rounds=21,
    warm_rounds=9,
    feed_calls=2000,
    orders_calls=200,
    fanout_rounds=5,
    thread_sizes=(16, 32, 64),
    in_flight=(4, 16, 0),
    stream_rounds=3,
    documents=(200,),  # the 200 MiB document
)
QUICK = Plan(
    cold_rounds=7,
    warm_rounds=3,
    feed_calls=500,
    orders_calls=60,
    fanout_rounds=2,
    thread_sizes=(32,),
    in_flight=(8,),
    stream_rounds=2,
    documents=(200,),
    quota_rounds=1,
)

COLD_CLIENTS = (
    "python",
    "httpx",
    "httpx+click",
    "deps+click",
    "urllib3",
    "ours",
    "ours+speedups",
    "pasp",
    "amzn",
)
WARM_CLIENTS = ("httpx", "urllib3", "ours", "ours+speedups", "pasp", "amzn", "amzn-noleak")
FANOUT_CLIENTS = (
    "ours-own",
    "ours-children",
    "ours-children-threads",
    "ours-children+speedups",
    "ours-children+httpx-aiohttp",
    "pasp-async",
    "pasp-threads",
    "amzn-threads",
    "httpx-async",
    "httpx-threads",
    "urllib3-threads",
)
#: Rows that measure what a change to seller-central would give, not how it ships.
WHAT_IF = ("ours-children+httpx-aiohttp",)
#: Clients whose N is not swept (a variant of another row, or slow and insensitive to N).
FIXED_N = {"ours-children+httpx-aiohttp": "ours-children+speedups", "pasp-async": 16, "pasp-threads": 32}
STREAM_CLIENTS = ("httpx", "urllib3", "ours", "ours+speedups", "pasp", "amzn")


def _warm_calls(plan: Plan, client: str, op: str) -> tuple[int, int]:
    """Timed calls and warm-up calls of one warm run."""
    if op == "getFeed":
        return plan.feed_calls, 50
    if client == "amzn":
        return plan.amzn_orders_calls, 1
    return plan.orders_calls, 5


def _concurrency_choices(plan: Plan, client: str) -> tuple[int, ...]:
    return plan.thread_sizes if client.endswith("-threads") else plan.in_flight


def concurrency_label(client: str, value: int) -> str:
    if client.endswith("-threads"):
        return f"{value} threads"
    return "100 (unbounded)" if value == 0 else f"{value} in flight"


# -- the measurements -------------------------------------------------------------------------------------


@dataclass
class Results:
    cold: dict[str, Series] = field(default_factory=dict)
    warm: dict[str, dict[str, Series]] = field(default_factory=dict)
    fanout: dict[str, Series] = field(default_factory=dict)
    concurrency: dict[str, int] = field(default_factory=dict)
    sweep: dict[str, dict[int, float]] = field(default_factory=dict)
    stream: dict[int, dict[str, Series]] = field(default_factory=dict)
    quota: Series | None = None
    quota_detail: dict[str, float] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    #: Runs of another client that crashed and were run again: client -> the errors' last lines.
    crashes: dict[str, list[str]] = field(default_factory=dict)


def _with_baseline(clients: tuple[str, ...]) -> tuple[str, ...]:
    return (*clients, BASELINE) if _baseline_root is not None else clients


def measure_cold(plan: Plan, server: FakeServer, results: Results) -> None:
    script = str(HERE / "cold_start.py")
    clients = _with_baseline(COLD_CLIENTS)
    for client in clients:  # fill the bytecode caches once, outside the measurement
        run_process([script, script_client(client), str(server.port)], client, cold=True)
    for number in range(plan.cold_rounds):
        for client in rotated(clients, number):
            done = run_process([script, script_client(client), str(server.port)], client, cold=True)
            results.cold.setdefault(client, Series()).add(done.seconds, rss=done.peak_rss_mib)
    log("cold start: " + ", ".join(f"{c} {ms(s.median)}" for c, s in results.cold.items()))


def measure_warm(plan: Plan, server: FakeServer, results: Results) -> None:
    worker = str(HERE / "worker.py")
    for op in ("getFeed", "getOrders"):
        table = results.warm.setdefault(op, {})
        for number in range(plan.warm_rounds):
            for client in rotated(_with_baseline(WARM_CLIENTS), number):
                calls, warmup = _warm_calls(plan, script_client(client), op)
                args = [worker, "warm", script_client(client), op, "--port", str(server.port)]
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


def _fanout_run(
    plan: Plan, server: FakeServer, results: Results, client: str, concurrency: int
) -> tuple[float, dict[str, Any]]:
    """One fan-out run. Another client's crash is noted and the run repeated (twice at most): its bug
    (python-amazon-sp-api's token cache is not thread-safe) shows in the report, the section goes on."""
    for _ in range(2):
        try:
            return _fanout_once(plan, server, client, concurrency)
        except RuntimeError as error:
            if client.startswith("ours"):
                raise
            results.crashes.setdefault(client, []).append(str(error).strip().splitlines()[-1])
    return _fanout_once(plan, server, client, concurrency)  # a third crash ends the section


def _fanout_once(
    plan: Plan, server: FakeServer, client: str, concurrency: int
) -> tuple[float, dict[str, Any]]:
    args = [str(HERE / "worker.py"), "fanout", client, "--port", str(server.port)]
    args += ["--sellers", str(plan.sellers), "--calls", str(plan.calls_per_seller)]
    server.reset()
    done = run_process([*args, "--concurrency", str(concurrency)], client)
    stats = server.stats()
    # The server counts the connection that asked for its counters too: that one is the harness's.
    stats["connections"] -= 1
    return done.output["seconds"], {**stats, "cpu": done.output["cpu_seconds"]}


def measure_fanout(plan: Plan, server: FakeServer, results: Results) -> None:
    for client in FANOUT_CLIENTS:  # one untimed run each: bytecode compiled, caches warm, before any choice
        _fanout_run(plan, server, results, client, 16)
    for client in FANOUT_CLIENTS:
        if client in FIXED_N:
            continue
        choices = _concurrency_choices(plan, client)
        if len(choices) == 1:
            results.concurrency[client] = choices[0]
            continue
        sweep = {value: _fanout_run(plan, server, results, client, value)[0] for value in choices}
        results.sweep[client] = sweep
        results.concurrency[client] = min(sweep, key=lambda value: sweep[value])
    for client, fixed in FIXED_N.items():
        results.concurrency[client] = results.concurrency[fixed] if isinstance(fixed, str) else fixed
    log("fan-out concurrency: " + ", ".join(f"{c} {v}" for c, v in results.concurrency.items()))
    for number in range(plan.fanout_rounds):
        for client in rotated(FANOUT_CLIENTS, number):
            seconds, stats = _fanout_run(plan, server, results, client, results.concurrency[client])
            results.fanout.setdefault(client, Series()).add(
                seconds, tokens=stats["token_requests"], connections=stats["connections"], cpu=stats["cpu"]
            )
    log("fan-out: " + ", ".join(f"{c} {secs(s.median)}" for c, s in results.fanout.items()))


def measure_stream(plan: Plan, server: FakeServer, results: Results) -> None:
    worker = str(HERE / "worker.py")
    for size in plan.documents:
        table = results.stream.setdefault(size, {})
        for number in range(plan.stream_rounds):
            for client in rotated(STREAM_CLIENTS, number):
                args = [worker, "stream", script_client(client), "--port", str(server.port)]
                args += ["--size", str(size)]
                done = run_process(args, client)
                table.setdefault(client, Series()).add(
                    size / done.output["seconds"],
                    rss=done.peak_rss_mib,
                    before=done.output["rss_before_kib"] / 1024,
                )
        log(f"stream {size} MiB: " + ", ".join(f"{c} {s.median:.0f} MiB/s" for c, s in table.items()))


def measure_quota(plan: Plan, server: FakeServer, results: Results) -> None:
    """4 worker processes share one Redis limiter (``quota.py``: its own fake, metered, and redis-server)."""
    del server  # quota.py meters with its own fake, which answers 429 over the plan
    command = [sys.executable, str(HERE / "quota.py"), "--rounds", str(plan.quota_rounds)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=CHILD_TIMEOUT_SECONDS)
    if done.returncode != 0:
        msg = f"quota.py failed ({done.returncode}):\n{done.stderr[-3000:]}"
        raise RuntimeError(msg)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    series = Series()
    for run in report["rounds"]:
        series.add(run["seconds"], minimum=run["minimum"], throttled=run["throttled"], orders=run["orders"])
    results.quota = series
    results.quota_detail = {key: report[key] for key in ("workers", "rate", "burst")}
    throttled = max(series.extra["throttled"])
    log(f"quota: {secs(series.median)} against {secs(series.side('minimum'))}, {throttled:.0f} 429s")


# -- the issue-16 table -----------------------------------------------------------------------------------


@dataclass
class Figure:
    """One row of the issue's table: seller-central (default install, [speedups]), the others, the floors."""

    name: str
    ours: str
    speedups: str
    other: str
    floors: str


def _cold_figure(results: Results) -> Figure:
    cold = results.cold
    other = min(("pasp", "amzn"), key=lambda c: cold[c].median)
    return Figure(
        "cold start: import, build, token, one getOrders, exit",
        ms(cold["ours"].median),
        ms(cold["ours+speedups"].median),
        f"{ms(cold[other].median)} ({NAMES[other]})",
        f"{ms(cold['httpx'].median)} / {ms(cold['urllib3'].median)}",
    )


def _warm_figure(op: str, name: str, fmt: Callable[[float], str]) -> Callable[[Results], Figure]:
    def build(results: Results) -> Figure:
        table = results.warm[op]
        other = min(("pasp", "amzn"), key=lambda c: table[c].median)
        kind = " (dicts)" if other == "pasp" and op == "getOrders" else ""
        return Figure(
            name,
            fmt(table["ours"].median),
            fmt(table["ours+speedups"].median),
            f"{fmt(table[other].median)}{kind} ({NAMES[other]})",
            f"{fmt(table['httpx'].median)} / {fmt(table['urllib3'].median)}",
        )

    return build


def _fanout_figure(results: Results) -> Figure:
    fanout = results.fanout
    ours = min(OURS_DEFAULT_FANOUT, key=lambda c: fanout[c].median)
    other = min(OTHER_FANOUT, key=lambda c: fanout[c].median)

    def cell(client: str) -> str:
        series = fanout[client]
        connections, tokens = series.side("connections"), series.side("tokens")
        return f"{secs(series.median)}, {connections:.0f} connections, {tokens:.0f} tokens"

    before = f"; one client per seller: {cell('ours-own')}" if "ours-own" in fanout else ""
    return Figure(
        f"fan-out: {results_plan_sellers(results)} getFeed, one client per seller",
        f"{cell(ours)} ({NAMES[ours]}){before}",
        cell("ours-children+speedups"),
        f"{cell(other)} ({NAMES[other]})",
        f"{secs(fanout['httpx-async'].median)} (httpx async) / {secs(fanout['httpx-threads'].median)} "
        f"(httpx threads) / {cell('urllib3-threads')} (urllib3 threads)",
    )


def results_plan_sellers(results: Results) -> str:
    del results
    return "100 sellers x 10"


def _document_figure(results: Results) -> Figure:
    size, table = max(results.stream.items())

    def cell(client: str) -> str:
        return f"{table[client].median:.0f} MiB/s, {mib(max(table[client].extra['rss']))} RSS"

    other = max(("pasp", "amzn"), key=lambda c: table[c].median)
    return Figure(
        f"{size} MiB gzip report document",
        cell("ours"),
        cell("ours+speedups"),
        f"{cell(other)} ({NAMES[other]})",
        f"{table['httpx'].median:.0f} / {table['urllib3'].median:.0f} MiB/s",
    )


def _quota_figure(results: Results) -> Figure:
    quota = results.quota
    assert quota is not None  # noqa: S101 (only built when measured)
    minimum = quota.side("minimum")
    detail = results.quota_detail
    return Figure(
        f"quota: 10,000 orders, {detail['workers']:.0f} workers, one Redis limiter, plan "
        f"{detail['rate']:g}/s burst {detail['burst']:.0f}",
        f"{secs(quota.median)} vs minimum {secs(minimum)} ({(quota.median / minimum - 1) * 100:+.1f} %), "
        f"{max(quota.extra['throttled']):.0f} server 429s",
        "same limiter",
        "no shared limiter",
        "-",
    )


#: The rows of the issue's table, in order. A new figure is one function from the results to a Figure (it
#: may raise KeyError when its section did not run: the row is then left out).
FIGURES: list[Callable[[Results], Figure]] = [
    _cold_figure,
    _warm_figure("getFeed", "warm getFeed", us),
    _warm_figure("getOrders", "warm getOrders, 100 orders, typed", us),
    _fanout_figure,
    _document_figure,
    _quota_figure,
]


def figures_section(results: Results) -> list[str]:
    lines = [
        "## The issue-16 table",
        "",
        "| figure | us (default install) | us ([speedups]) | best other client | floor httpx / urllib3 |",
        "|---|---|---|---|---|",
    ]
    for build in FIGURES:
        try:
            row = build(results)
        except (KeyError, AssertionError, ValueError, statistics.StatisticsError):
            continue
        lines.append(f"| {row.name} | {row.ours} | {row.speedups} | {row.other} | {row.floors} |")
    return [*lines, ""]


# -- the targets ------------------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    goal: str
    measured: str
    passed: bool


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x"


def _cold_targets(cold: dict[str, Series]) -> list[Target]:
    ours, floor = cold["ours"].median, cold["httpx"].median
    other = min(("pasp", "amzn"), key=lambda c: cold[c].median)
    best = cold[other].median
    return [
        Target(
            "Cold start vs the faster other client",
            "≤ 0.65x",
            f"{ms(ours)} vs {NAMES[other]} {ms(best)}: {_ratio(ours, best)}",
            ours <= 0.65 * best,
        ),
        Target(
            "Cold start vs bare httpx",
            "≤ 1.15x",
            f"{ms(ours)} vs {ms(floor)}: {_ratio(ours, floor)}",
            ours <= 1.15 * floor,
        ),
        Target(
            "Cold start vs bare httpx (issue 16)",
            "≤ 1.0x",
            f"{ms(ours)} vs {ms(floor)}: {_ratio(ours, floor)}{_own_code(ours, cold)}",
            ours <= floor,
        ),
        *_same_environment_target(ours, cold),
    ]


def _own_code(ours: float, cold: dict[str, Series]) -> str:
    """What our own code costs over the dependency floor, against the room bare httpx leaves for it.

    The dependency floor runs no code of ours, so ``ours <= bare httpx`` holds only if our code costs no more
    than bare httpx spends beyond that floor: this says whether the issue-16 target can be met at all.
    """
    if "deps+click" not in cold:
        return ""
    deps, bare = cold["deps+click"].median, cold["httpx"].median
    room = bare - deps
    return f"; our own code {ms(ours - deps)} over the dependency floor ({ms(deps)}), which leaves {ms(room)}"


def _same_environment_target(ours: float, cold: dict[str, Series]) -> list[Target]:
    if "httpx+click" not in cold:
        return []
    floor = cold["httpx+click"].median
    return [
        Target(
            "Cold start vs bare httpx with click importable (the same environment)",
            "≤ 1.0x",
            f"{ms(ours)} vs {ms(floor)}: {_ratio(ours, floor)}",
            ours <= floor,
        )
    ]


def _cpu_check(table: dict[str, Series], ours: str, other: str, limit: float) -> str:
    """The same comparison on CPU per call, which a busy machine disturbs less than wall time."""
    ratio = table[ours].side("cpu") / table[other].side("cpu")
    verdict = (
        "agrees" if (ratio <= limit) == (table[ours].median <= limit * table[other].median) else "DISAGREES"
    )
    return f"CPU per call: {ratio:.2f}x, {verdict}"


def _warm_targets(plan: Plan, warm: dict[str, dict[str, Series]]) -> list[Target]:
    targets = []
    feed = warm.get("getFeed")
    if feed:
        ours, floor = feed["ours"].median, feed["httpx"].median
        pasp, amzn = feed["pasp"].median, feed["amzn"].median
        targets += [
            Target(
                "Warm getFeed faster than both others",
                "< each",
                f"{us(ours)} vs {us(pasp)} and {us(amzn)} ({_cpu_check(feed, 'ours', 'pasp', 1.0)} on "
                "python-amazon-sp-api)",
                ours < pasp and ours < amzn,
            ),
            Target(
                "Warm getFeed vs bare httpx",
                "≤ 1.15x",
                f"{us(ours)} vs {us(floor)}: {_ratio(ours, floor)} "
                f"({_cpu_check(feed, 'ours', 'httpx', 1.15)})",
                ours <= 1.15 * floor,
            ),
        ]
    orders = warm.get("getOrders")
    if orders:
        ours, amzn, pasp = orders["ours"].median, orders["amzn"].median, orders["pasp"].median
        steady = orders["amzn-noleak"].median
        targets += [
            Target(
                "Warm getOrders (typed) faster than amzn-sp-api (typed)",
                "faster",
                f"{ms(ours)} vs {ms(amzn)} as shipped ({plan.amzn_orders_calls} calls), "
                f"{ms(steady)} with its leak worked around",
                ours < amzn,
            ),
            Target(
                "Warm getOrders (typed) vs python-amazon-sp-api (dicts)",
                "≤ 2x",
                f"{ms(ours)} vs {ms(pasp)}: {_ratio(ours, pasp)} ({_cpu_check(orders, 'ours', 'pasp', 2.0)})",
                ours <= 2 * pasp,
            ),
        ]
    return targets


def _fanout_targets(results: Results) -> list[Target]:
    fanout = results.fanout
    fastest = min(OTHER_FANOUT, key=lambda c: fanout[c].median)
    best = fanout[fastest].median
    ours = min(OURS_DEFAULT_FANOUT, key=lambda c: fanout[c].median)
    mine, speedups = fanout[ours].median, fanout["ours-children+speedups"].median
    targets = [
        Target(
            f"Fan-out, default install ({NAMES[ours]})",
            "≤ 0.5x the fastest other",
            f"{secs(mine)} vs {NAMES[fastest]} {secs(best)}: {_ratio(mine, best)} (CPU: "
            f"{_ratio(fanout[ours].side('cpu'), fanout[fastest].side('cpu'))})",
            mine <= 0.5 * best,
        ),
        *_fanout_floor_target(fanout, fastest, best),
        Target(
            "Fan-out, [speedups] faster than the default install",
            "faster",
            f"{secs(speedups)} vs {secs(mine)}",
            speedups < mine,
        ),
    ]
    for client in (*OURS_FANOUT, "ours-own"):
        if client not in fanout:
            continue
        series = fanout[client]
        # Each client its own pool: one connection per seller is what that pattern needs, at any concurrency.
        needed = 100 if client == "ours-own" else results.concurrency[client] or 100
        targets.append(
            Target(
                f"Fan-out tokens and connections: {NAMES[client]}",
                f"100 token requests, ≤ {needed} connections",
                f"{series.side('tokens'):.0f} token requests, {series.side('connections'):.0f} connections",
                series.side("tokens") == 100 and series.side("connections") <= needed,
            )
        )
    return targets


def _fanout_floor_target(fanout: dict[str, Series], fastest: str, best: float) -> list[Target]:
    """Whether the default-install target can be met at all: bare httpx, no client code, in the same run."""
    floors = [c for c in ("httpx-threads", "httpx-async") if c in fanout]
    if not floors:
        return []
    floor = min(floors, key=lambda c: fanout[c].median)
    wall = fanout[floor].median
    return [
        Target(
            f"Bare httpx, the default install's stack ({NAMES[floor]}): can ≤ 0.5x be met?",
            "≤ 0.5x the fastest other",
            f"{secs(wall)} vs {NAMES[fastest]} {secs(best)}: {_ratio(wall, best)}",
            wall <= 0.5 * best,
        )
    ]


def _quota_targets(results: Results) -> list[Target]:
    quota = results.quota
    if quota is None:
        return []
    minimum = quota.side("minimum")
    throttled = max(quota.extra["throttled"])
    return [
        Target(
            "Quota: 4 workers, one Redis limiter, 10,000 orders",
            "≤ 1.05x the plan's minimum, 0 server 429s",
            f"{secs(quota.median)} vs {secs(minimum)}: {_ratio(quota.median, minimum)}, {throttled:.0f} 429s",
            quota.median <= 1.05 * minimum and throttled == 0,
        )
    ]


def _stream_targets(stream: dict[int, dict[str, Series]]) -> list[Target]:
    targets = []
    for size, table in stream.items():
        peak = max(table["ours"].extra["rss"])
        name = f"Document streaming ({size} MiB): peak RSS"
        targets.append(Target(name, "< 100 MiB", f"{mib(peak)} (highest run)", peak < 100))
    return targets


def evaluate(plan: Plan, results: Results) -> list[Target]:
    targets: list[Target] = []
    groups: list[Callable[[], list[Target]]] = [
        lambda: _cold_targets(results.cold) if results.cold else [],
        lambda: _warm_targets(plan, results.warm),
        lambda: _fanout_targets(results) if results.fanout else [],
        lambda: _stream_targets(results.stream),
        lambda: _quota_targets(results),
    ]
    for group in groups:
        try:
            targets += group()
        except (KeyError, statistics.StatisticsError):  # a section that failed part way: no verdict
            continue
    return targets


# -- the report -------------------------------------------------------------------------------------------


def _git(*args: str) -> str:
    found = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
    return found.stdout.strip()


def _other_version(name: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({name!r}))"
    found = subprocess.run([str(OTHERS_PYTHON), "-c", code], capture_output=True, text=True, check=False)
    return found.stdout.strip() or "?"


def _header(plan: Plan, *, quick: bool, seconds: float, loads: tuple[str, str]) -> list[str]:
    cpu = "unknown CPU"
    if Path("/proc/cpuinfo").exists():
        models = [
            line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")
        ]
        cpu = models[0].split(":", 1)[1].strip() if models else cpu
    memory = ""
    if Path("/proc/meminfo").exists():
        memory = f", {int(Path('/proc/meminfo').read_text().split()[1]) / 1024 / 1024:.0f} GiB RAM"
    dirty = _git("status", "--porcelain", "--", "facade", "generated")
    tree = f"{_git('rev-parse', '--short', 'HEAD') or '?'}{' plus uncommitted changes' if dirty else ''}"
    others = ", ".join(
        f"{n} {_other_version(n)}" for n in ("python-amazon-sp-api", "amzn-sp-api", "httpx", "urllib3")
    )
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [
        "# Benchmarks: seller-central, python-amazon-sp-api and amzn-sp-api side by side",
        "",
        "Written by `make bench` (`benchmarks/run.py`); do not edit by hand.",
        "",
        f"- Date: {now} ({'`--quick`' if quick else 'full run'}, {seconds:.0f} s).",
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}.",
        f"- Python {platform.python_version()}: one interpreter and one set of dependencies for all clients.",
        f"- seller-central: working tree at {tree}. Others: {others}.",
        para(
            f"""
            - Load average (1, 5, 15 min) at the start: {loads[0]}; at the end: {loads[1]}. The machine is
            shared, so only runs that alternate are compared, and the spread shows how noisy it was.
            """
        ),
        para(
            """
            - Server: `benchmarks/fake_server.py`, one asyncio process with canned answers, TCP_NODELAY,
            HTTP/1.1 keep-alive, plain HTTP on 127.0.0.1. There is no TLS. Reading the CA bundle costs about
            20 ms: bare httpx and python-amazon-sp-api do it when they build their client, as they would
            against Amazon; urllib3 (so amzn-sp-api) and seller-central wait for the first TLS handshake, so
            here they never do, and against Amazon they would pay it on their first connection.
            """
        ),
        para(
            f"""
            - Each value is one run in a fresh process. **median**: the median of the runs; **spread**: the
            lowest and highest run. Rounds: cold start {plan.cold_rounds}, warm calls {plan.warm_rounds},
            fan-out {plan.fanout_rounds}, streaming {plan.stream_rounds}.
            """
        ),
        "",
    ]


def _targets_section(targets: list[Target]) -> list[str]:
    lines = [
        "## Targets (issues 8 and 16)",
        "",
        "| target | goal | measured (medians) | result |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {t.name} | {t.goal} | {t.measured} | {'PASS' if t.passed else '**FAIL**'} |" for t in targets
    ]
    return [*lines, ""]


def _cold_section(cold: dict[str, Series]) -> list[str]:
    lines = [
        "## 1. Cold start",
        "",
        para(
            """
            A fresh process imports the client, builds it, gets an LWA token, makes one getOrders call (100
            orders) and exits; wall time from spawn to exit, and the process's peak RSS (VmHWM).
            seller-central runs with its defaults (rate limiting on: one call is within the burst).
            The *dependency floor* is bare httpx with only what seller-central cannot leave out: attrs
            imported, click importable (so httpx imports its own CLI) and the CA bundle unread until the first
            TLS handshake, as seller-central leaves it. No client on these dependencies can start faster, so
            seller-central minus that floor is what its own code costs.
            """
        ),
        "",
        "| client | wall median | spread | peak RSS (median) |",
        "|---|---|---|---|",
    ]
    for client, series in cold.items():
        lines.append(
            f"| {NAMES[client]} | {ms(series.median)} | {series.spread(ms)} | {mib(series.side('rss'))} |"
        )
    return [*lines, ""]


WARM_INTRO = [
    "## 2. Warm calls",
    "",
    para(
        """
        One client, reused; every call timed. seller-central runs with rate limiting **off**
        (`SellerCentral(connection, rate_limit=False)`): with it on, this would measure the usage plan
        (getFeed 2/s, getOrders 0.0167/s), not the client. The others do not limit. *CPU per call* is the
        worker's CPU time over the timed calls, less sensitive to a busy machine than wall time.
        """
    ),
    "",
]

STREAM_INTRO = [
    "## 4. Document streaming",
    "",
    para(
        """
        getReportDocument (seller-central: getFeedDocument, through `download_feed_document(target=...)`),
        then GET of the presigned URL, gunzipped as it arrives into a file object that keeps nothing. MiB of
        the uncompressed document per second of the whole call; peak RSS of the process (VmHWM). Every
        client first downloads a 1 MiB document, untimed, so the clock measures the transfer alone: the
        floors fetch their token before the clock, while seller-central fetched its token and imported its
        document code (10 to 15 ms, which the cold start measures) on it.
        amzn-sp-api has no download helper: its row streams through the SDK's own urllib3 pool with the
        same glue as the floors (`clients._inflate_to`).
        """
    ),
    "",
]


def _warm_section(plan: Plan, op: str, table: dict[str, Series]) -> list[str]:
    what = "a small body, 330 bytes" if op == "getFeed" else "a page of 100 orders, 136 kB"
    lines = [
        f"### {op} ({what})",
        "",
        "| client | result | median per call | spread (runs) | fastest call | CPU per call | calls x runs |",
        "|---|---|---|---|---|---|---|",
    ]
    for client, series in table.items():
        calls, _ = _warm_calls(plan, script_client(client), op)
        kind = {"ours": "typed", "amzn": "typed", "amzn-noleak": "typed", "pasp": "dicts (ApiResponse)"}
        result = kind.get(script_client(client), "dicts (json.loads)")
        lines.append(
            f"| {NAMES[client]} | {result} | {us(series.median)} | "
            f"{series.spread(us)} | {us(min(series.extra['best']))} | {us(series.side('cpu'))} | "
            f"{calls} x {len(series.values)} |"
        )
    if op == "getOrders" and "amzn" in table:
        amzn = table["amzn"]
        lines += [
            "",
            para(
                f"""
                amzn-sp-api as shipped gets slower with every call: the first tenth of its calls took
                {ms(amzn.side("first"))} (median), the last tenth {ms(amzn.side("last"))}. Every model it
                builds runs `Configuration()`, which adds a `logging.StreamHandler` to two loggers (and
                `addHandler` scans the list first), so it is timed over a few calls only. The *leak worked
                around* row sets a default `Configuration` first (a user-side fix): its steady-state typed
                parse.
                """
            ),
        ]
    return [*lines, ""]


def _fanout_section(plan: Plan, results: Results) -> list[str]:
    lines = [
        "## 3. Fan-out: 100 sellers x 10 calls",
        "",
        para(
            f"""
            {plan.sellers} sellers, each with its own refresh token, {plan.calls_per_seller} getFeed calls
            each. Async clients: a task per seller making its calls one after another, at most *N* calls in
            flight (an `asyncio.Semaphore`; where sellers share a pool it has *N* connections). Thread
            clients: a pool of *N* threads taking the 1000 calls in turn. *N* is chosen per client by one run
            at each size (table below), after one untimed run of every client. Each process imports its
            client's libraries before the clock starts (the cold-start table measures imports); the time
            covers building every client, every token request and every call. seller-central's limiter is on
            unless the row says otherwise (10 calls fit in getFeed's burst). Token requests and connections
            are counted by the server. python-amazon-sp-api keeps 10 access tokens by default
            (`SP_API_AUTH_CACHE_SIZE`), so with 100 sellers taken in turn it asks LWA again for nearly every
            call; that is how it ships, and it is most of its time here.
            """
        ),
        "",
        para(
            """
            Rows marked *what-if* are not seller-central as it ships: the limiter off; and, as a measuring
            stick, a minimal asyncio HTTP/1.1 transport written for this benchmark, passed as `transport=`.
            `[speedups]` rows run with aiohttp importable and ask for it, with
            `AsyncSellerCentral(..., http="aiohttp")` or a shared `AiohttpTransport` passed as `transport=`
            (without one of these, aiohttp is not used).
            """
        ),
        "",
        "| client | N | median | spread | calls/s | token requests | connections |",
        "|---|---|---|---|---|---|---|",
    ]
    calls = plan.sellers * plan.calls_per_seller
    for client, series in results.fanout.items():
        name = f"*what-if:* {NAMES[client]}" if client in WHAT_IF else NAMES[client]
        lines.append(
            f"| {name} | {concurrency_label(client, results.concurrency[client])} | "
            f"{secs(series.median)} | {series.spread(secs)} | {calls / series.median:.0f} | "
            f"{series.side('tokens'):.0f} | {series.side('connections'):.0f} |"
        )
    for client, errors in results.crashes.items():
        kinds = sorted(set(errors))
        lines += ["", f"{NAMES[client]} crashed in {len(errors)} run(s), each run again: {'; '.join(kinds)}"]
    if results.sweep:
        lines += ["", "Choosing *N* (one run each, seconds):", ""]
        for client, sweep in results.sweep.items():
            sizes = ", ".join(
                f"{concurrency_label(client, value)}: {seconds:.2f}" for value, seconds in sweep.items()
            )
            lines.append(f"- {NAMES[client]}: {sizes}")
    return [*lines, ""]


def _stream_section(size: int, table: dict[str, Series]) -> list[str]:
    lines = [
        f"### {size} MiB document",
        "",
        "| client | MiB/s (median) | spread | peak RSS (highest run) | RSS before the download |",
        "|---|---|---|---|---|",
    ]
    for client, series in table.items():
        lines.append(
            f"| {NAMES[client]} | {series.median:.0f} | {series.spread(lambda v: f'{v:.0f}')} | "
            f"{mib(max(series.extra['rss']))} | {mib(series.side('before'))} |"
        )
    return [*lines, ""]


def report(plan: Plan, results: Results, *, quick: bool, seconds: float, loads: tuple[str, str]) -> str:
    lines = _header(plan, quick=quick, seconds=seconds, loads=loads)
    for name, error in results.failed.items():
        lines += [
            f"**Section `{name}` failed**; its rows are missing or partial:",
            "",
            "```",
            error[-1500:],
            "```",
            "",
        ]
    lines += figures_section(results)
    lines += _targets_section(evaluate(plan, results))
    if results.cold:
        lines += _cold_section(results.cold)
    if results.warm:
        lines += WARM_INTRO
    for op, table in results.warm.items():
        lines += _warm_section(plan, op, table)
    if results.fanout:
        lines += _fanout_section(plan, results)
    if results.stream:
        lines += STREAM_INTRO
    for size, table in results.stream.items():
        lines += _stream_section(size, table)
    lines += typed_pages.report_lines()
    for by_hand in (PROFILES, REPORT_ROWS):  # taken by hand: too slow to run in every round
        if by_hand.exists():
            lines += ["", by_hand.read_text().strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, no sweeps, a smaller document")
    parser.add_argument(
        "--only", default="cold,warm,fanout,stream,pages,quota", help="sections, comma-separated"
    )
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--reinstall", action="store_true", help="reinstall the other clients")
    parser.add_argument(
        "--baseline", type=Path, help="another checkout, measured as 'seller-central (baseline)' (cold, warm)"
    )
    args = parser.parse_args()
    if args.baseline is not None:
        global _baseline_root  # noqa: PLW0603 (a run-wide setting, read by child_env)
        _baseline_root = args.baseline.resolve()
        NAMES[BASELINE] = f"seller-central baseline ({_baseline_root.name})"
    plan = QUICK if args.quick else FULL
    sections = args.only.split(",")
    started = time.monotonic()
    ensure_others(reinstall=args.reinstall)
    first_load = load_average()
    log(f"starting the fake server (documents: {', '.join(f'{d} MiB' for d in plan.documents)})")
    server = FakeServer(plan.documents if "stream" in sections else ())
    results = Results()
    measures = {
        "cold": measure_cold,
        "warm": measure_warm,
        "fanout": measure_fanout,
        "stream": measure_stream,
        "pages": typed_pages.run_section,
        "quota": measure_quota,
    }
    try:
        for name in sections:
            log(f"measuring: {name}")
            try:
                measures[name](plan, server, results)
            except RuntimeError as error:  # a worker failed (say, mid-edit code): report it, go on
                log(f"{name} failed: {error}")
                results.failed[name] = str(error)
    finally:
        server.stop()
        for leftover in (SCRATCH / "worker.out", SCRATCH / "worker.err"):
            leftover.unlink(missing_ok=True)
        if SCRATCH.exists():
            SCRATCH.rmdir()
    seconds = time.monotonic() - started
    text = report(plan, results, quick=args.quick, seconds=seconds, loads=(first_load, load_average()))
    args.output.write_text(text)
    log(f"wrote {args.output}")
    print(text)
    if results.failed:
        sys.exit(f"failed sections: {', '.join(results.failed)}")


if __name__ == "__main__":
    main()
