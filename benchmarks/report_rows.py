"""A 1 GiB flat-file report through ``ReportResult.rows()``: rows per second and peak RSS (issue 15).

Not a test. It writes a tab-delimited report (Merchant Listings columns, UTF-8 with non-ASCII titles) of the
given size to a temporary folder, then reads it in fresh processes, alternating:

- ``rows``: ``ReportResult.rows()`` (decode, split on tabs, one dict per row keyed by the header);
- ``csv``: the stdlib ``csv.reader`` (``delimiter="\\t"``, ``QUOTE_NONE``: lists, not dicts) over the same
  decompressed file, decoded the same way;
- ``dictreader``: ``csv.DictReader`` (dicts, like ``rows()``), for reference.

Each process prints its rows, wall-clock and CPU seconds (timed after its imports) and peak RSS
(``ru_maxrss``); on a shared machine the CPU-time ratio is the steadier one. Targets: ``rows()`` under
100 MiB peak RSS, and at least 0.8x the rows per second of ``csv.reader``.

    PYTHONPATH=facade:generated .venv/bin/python benchmarks/report_rows.py            # 1 GiB, 3 rounds
    PYTHONPATH=facade:generated .venv/bin/python benchmarks/report_rows.py --mib 64 --rounds 1
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

COLUMNS = (
    "item-name\titem-description\tlisting-id\tseller-sku\tprice\tquantity\topen-date\timage-url\t"
    "item-is-marketplace\tproduct-id-type\tzshop-shipping-fee\titem-note\titem-condition\t"
    "zshop-category1\tzshop-browse-path\tzshop-storefront-feature\tasin1\tasin2\tasin3\t"
    "will-ship-internationally\texpedited-shipping\tzshop-boldface\tproduct-id\tbid-for-featured-placement\t"
    "add-delete\tpending-quantity\tfulfillment-channel\tmerchant-shipping-group\tstatus"
)


def write_report(path: Path, size: int) -> int:
    """Write a flat file of about ``size`` bytes; return its row count."""
    block = [
        f'Café mug ☕ {number} 350 ml, 12" wide\tA mug for coffee \u2013 dishwasher safe\t{number:010d}\t'
        f"SKU-{number:06d}\t{number % 97 + 0.99:.2f}\t{number % 50}\t2026-11-01 10:00:00 PST\t"
        f"https://images.example.com/{number}.jpg\ty\t4\t\t\t11\t\t\t\tB0{number:08d}\t\t\ty\t\t\t"
        f"B0{number:08d}\t\ta\t0\tDEFAULT\tMigrated Template\tActive\n"
        for number in range(10_000)
    ]
    chunk = "".join(block).encode("utf-8")
    rows = 0
    with path.open("wb") as out:
        out.write(COLUMNS.encode() + b"\n")
        written = 0
        while written < size:
            out.write(chunk)
            written += len(chunk)
            rows += len(block)
    return rows


def measure(kind: str, path: Path) -> None:
    """Read the report one way in this process; print rows, seconds and peak RSS as JSON."""
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415
    import resource  # noqa: PLC0415

    count = 0
    if kind == "rows":
        from seller_central.reports import ReportResult  # noqa: PLC0415
        from selling_partner_api.reports_2021_06_30.models import Report, ReportDocument  # noqa: PLC0415

        # The clock starts after the imports (as for the csv readers, whose csv and io are imported above):
        # importing seller_central is not reading rows, and it weighed on the smaller sizes.
        started, cpu = time.perf_counter(), time.process_time()

        report = Report.from_dict(
            {
                "reportId": "BENCH",
                "reportType": "GET_MERCHANT_LISTINGS_ALL_DATA",
                "createdTime": "2026-11-01T00:00:00Z",
                "processingStatus": "DONE",
            }
        )
        document = ReportDocument.from_dict({"reportDocumentId": "D", "url": "https://example.com/d"})
        result = ReportResult(
            report=report, document=document, path=path, owned=False, content_type=None, encoding="utf-8-sig"
        )
        for _row in result.rows():
            count += 1
    else:
        started, cpu = time.perf_counter(), time.process_time()
        with io.TextIOWrapper(path.open("rb"), encoding="utf-8-sig", newline="") as text:
            if kind == "csv":
                reader = csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE)
                next(reader)
            else:
                reader = csv.DictReader(text, delimiter="\t", quoting=csv.QUOTE_NONE)
            for _row in reader:
                count += 1
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        json.dumps(
            {"kind": kind, "rows": count, "seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mib": peak}
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=1024, help="report size in MiB (default 1024)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--measure", choices=("rows", "csv", "dictreader"), help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.path)
        return 0
    with tempfile.TemporaryDirectory(prefix="seller-central-bench-") as folder:
        path = Path(folder) / "report.txt"
        rows = write_report(path, args.mib * 1024 * 1024)
        size = path.stat().st_size
        print(f"report: {size / 2**20:.0f} MiB, {rows:,} rows, {len(COLUMNS.split())} columns", flush=True)
        results: dict[str, list[dict[str, float]]] = {"rows": [], "csv": [], "dictreader": []}
        for _ in range(args.rounds):
            for kind, runs in results.items():
                done = subprocess.run(
                    [sys.executable, __file__, "--measure", kind, "--path", str(path)],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=os.environ,
                )
                runs.append(json.loads(done.stdout))
                print(done.stdout.strip(), flush=True)
        print()
        print("| reader | rows/s (median) | spread | rows per CPU second (median) | peak RSS (highest) |")
        print("|---|---|---|---|---|")
        rates, cpu_rates = {}, {}
        for kind, runs in results.items():
            per_second = [run["rows"] / run["seconds"] for run in runs]
            rates[kind] = statistics.median(per_second)
            cpu_rates[kind] = statistics.median(run["rows"] / run["cpu_seconds"] for run in runs)
            peak = max(run["peak_mib"] for run in runs)
            print(
                f"| {kind} | {rates[kind]:,.0f} | {min(per_second):,.0f} to {max(per_second):,.0f} | "
                f"{cpu_rates[kind]:,.0f} | {peak:.1f} MiB |"
            )
        # On a shared machine the wall clock counts other jobs' time too; CPU time is the steadier ratio.
        print(f"\nrows() / csv.reader: {rates['rows'] / rates['csv']:.2f}x wall clock, ", end="")
        print(f"{cpu_rates['rows'] / cpu_rates['csv']:.2f}x CPU time (target >= 0.8x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
