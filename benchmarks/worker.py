"""One measurement in a fresh process; prints one JSON line. ``run.py`` starts it, alternating clients.

- ``warm CLIENT OP``: build the client, make ``--warmup`` calls, then time ``--calls`` calls one by one.
- ``fanout CLIENT``: ``--sellers`` sellers x ``--calls`` getFeed calls each, concurrently: a task per seller
  (asyncio) or a pool of threads; the time covers building the clients and every call.
- ``stream CLIENT``: fetch and gunzip a ``--size`` MiB report document into a sink that keeps nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clients


def warm(args: argparse.Namespace) -> dict[str, Any]:
    # seller-central's limiter is off here: with it on, this would time the usage plan, not the client.
    extra = {"rate_limit": False} if args.client == "ours" else {}
    client = clients.SYNC[args.client](args.port, **extra)
    call = client.get_feed if args.op == "getFeed" else client.get_orders
    result = None
    for _ in range(args.warmup):
        result = call()
    if args.op == "getOrders" and client.count_orders(result) != 100:
        msg = f"{args.client} read {client.count_orders(result)} orders, expected 100"
        raise RuntimeError(msg)
    clock = time.perf_counter_ns
    times = []
    cpu_start = time.process_time_ns()
    for _ in range(args.calls):
        start = clock()
        call()
        times.append(clock() - start)
    cpu = time.process_time_ns() - cpu_start
    client.close()
    return {"times_ns": times, "cpu_ns_per_call": cpu / args.calls}


# -- fan-out ---------------------------------------------------------------------------------------------


def _order(sellers: int, calls: int) -> list[int]:
    """Round robin: every seller's first call, then every seller's second, ..."""
    return [seller for _ in range(calls) for seller in range(sellers)]


def fanout_threads(args: argparse.Namespace) -> dict[str, Any]:
    """Every call through a pool of ``--concurrency`` threads; a seller's client is built on first use."""
    name = args.client.removesuffix("-threads")
    extra: dict[str, Any] = {}
    if name == "urllib3":  # the floors share one pool, as does seller-central given one transport
        import urllib3  # noqa: PLC0415

        extra["pool"] = urllib3.PoolManager(maxsize=args.concurrency)
    elif name == "httpx":
        import httpx  # noqa: PLC0415

        limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
        extra["client"] = httpx.Client(limits=limits)
    start = time.perf_counter()  # seller-central's parent client is built on the clock, as every client
    if name == "ours-children":  # the README's multi-seller pattern: SellerCentral(...).for_seller(...)
        extra["parent"] = clients.ours_parent(args.port, asynchronous=False)
        factory: Any = clients.OursSyncChild
    else:
        factory = clients.SYNC[name]
    built: list[Any] = [None] * args.sellers
    locks = [threading.Lock() for _ in range(args.sellers)]

    def client(seller: int) -> Any:
        found = built[seller]
        if found is None:
            with locks[seller]:
                found = built[seller]
                if found is None:
                    found = built[seller] = factory(args.port, seller, **extra)
        return found

    def task(seller: int) -> None:
        client(seller).get_feed()

    with ThreadPoolExecutor(args.concurrency) as pool:
        for _ in pool.map(task, _order(args.sellers, args.calls)):
            pass
    elapsed = time.perf_counter() - start
    for each in built:
        if each is not None:
            each.close()
    for owned in extra.values():
        if hasattr(owned, "close"):  # seller-central's parent closes the pool its children borrowed
            owned.close()
        elif hasattr(owned, "clear"):
            owned.clear()
    return {"seconds": elapsed}


async def _seller(client: Any, calls: int, gate: asyncio.Semaphore | None) -> None:
    for _ in range(calls):
        if gate is None:
            await client.get_feed()
        else:
            async with gate:
                await client.get_feed()


async def _fanout_async(args: argparse.Namespace) -> float:
    """A task per seller making its calls in turn; at most ``--concurrency`` calls in flight (0: no bound).

    Where the sellers share one pool (seller-central with a shared transport, the bare httpx floor), the
    pool has as many connections as calls may be in flight (100 when unbounded).
    """
    import httpx  # noqa: PLC0415

    pool_size = args.concurrency or args.sellers
    limits = httpx.Limits(max_connections=pool_size, max_keepalive_connections=pool_size)
    shared: Any = None
    start = time.perf_counter()
    if args.client.startswith("ours-shared"):
        if "+speedups" in args.client:
            from seller_central.aiohttp_transport import AiohttpTransport  # noqa: PLC0415

            shared = AiohttpTransport(limits=limits)
        else:
            shared = httpx.AsyncHTTPTransport(limits=limits)
        limit = not args.client.endswith("-nolimit")
        made = [
            clients.OursAsync(args.port, seller, transport=shared, rate_limit=limit)
            for seller in range(args.sellers)
        ]
    elif args.client.startswith("ours-children"):  # the README's pattern: one parent, a child per seller
        http = "aiohttp" if "+speedups" in args.client else "httpx"
        if args.client.endswith("+httpx-aiohttp"):  # side by side: the maintained httpx-aiohttp transport
            import httpx_aiohttp  # noqa: PLC0415
            from seller_central import AsyncSellerCentral  # noqa: PLC0415

            lent = httpx_aiohttp.AiohttpTransport(limits=limits)
            shared = AsyncSellerCentral(clients._connection(args.port, 0), transport=lent)  # noqa: SLF001
        else:
            shared = clients.ours_parent(args.port, asynchronous=True, http=http)
        made = [clients.OursChild(shared, args.port, seller) for seller in range(args.sellers)]
    elif args.client == "ours-lean":
        shared = clients.lean_transport(args.port)
        made = [clients.OursAsync(args.port, seller, transport=shared) for seller in range(args.sellers)]
    elif args.client.startswith("ours-own"):
        http = "aiohttp" if "+speedups" in args.client else None
        made = [clients.OursAsync(args.port, seller, http=http) for seller in range(args.sellers)]
    elif args.client == "pasp-async":
        made = [clients.PaspAsync(args.port, seller) for seller in range(args.sellers)]
    elif args.client == "asyncio-raw":
        shared = clients.RawPool(args.port)
        made = [clients.AsyncioFloor(shared, args.port, seller) for seller in range(args.sellers)]
    elif args.client == "httpx-async":
        shared = httpx.AsyncClient(limits=limits)
        made = [clients.HttpxAsyncFloor(shared, args.port, seller) for seller in range(args.sellers)]
    else:
        msg = f"unknown async client {args.client}"
        raise SystemExit(msg)
    gate = asyncio.Semaphore(args.concurrency) if args.concurrency else None
    await asyncio.gather(*(_seller(client, args.calls, gate) for client in made))
    elapsed = time.perf_counter() - start
    for each in made:
        await each.aclose()
    if shared is not None:
        await shared.aclose()
    return elapsed


def fanout(args: argparse.Namespace) -> dict[str, Any]:
    clients.preload(args.client)  # libraries are loaded before any clock starts, for every client alike
    cpu = time.process_time()  # CPU seconds of this process: steadier than wall time on a busy machine
    if args.client.endswith("-threads"):
        result = fanout_threads(args)
    else:
        result = {"seconds": asyncio.run(_fanout_async(args))}
    result["cpu_seconds"] = time.process_time() - cpu
    return result


# -- document streaming ----------------------------------------------------------------------------------


def stream(args: argparse.Namespace) -> dict[str, Any]:
    client = clients.SYNC[args.client](args.port)
    # A 1 MiB download first, untimed, for every client alike: the clock then measures the transfer, not a
    # first call's token request and imports (which the cold-start figure measures).
    client.download(1, clients.NullSink())
    before = peak_rss_kib()
    sink = clients.NullSink()
    start = time.perf_counter()
    client.download(args.size, sink)
    elapsed = time.perf_counter() - start
    client.close()
    if sink.written < args.size * 1024 * 1024 * 0.99:
        msg = f"{args.client} wrote {sink.written} bytes of a {args.size} MiB document"
        raise RuntimeError(msg)
    return {"seconds": elapsed, "rss_before_kib": before}


def peak_rss_kib() -> int:
    """This process's peak RSS: VmHWM (``ru_maxrss`` would count the parent's pages before exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    msg = "no VmHWM in /proc/self/status (the benchmarks need Linux)"
    raise RuntimeError(msg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["warm", "fanout", "stream"])
    parser.add_argument("client")
    parser.add_argument("op", nargs="?", default="getFeed", choices=["getFeed", "getOrders"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--calls", type=int, default=10, help="timed calls (warm), calls per seller (fanout)")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--sellers", type=int, default=100)
    parser.add_argument(
        "--concurrency", type=int, default=0, help="threads; or async calls in flight (0: all)"
    )
    parser.add_argument("--size", type=int, default=64, help="document size in MiB (uncompressed)")
    args = parser.parse_args()
    result = {"warm": warm, "fanout": fanout, "stream": stream}[args.mode](args)
    result["peak_rss_kib"] = peak_rss_kib()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
