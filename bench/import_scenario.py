#!/usr/bin/env python
"""Benchmark scenario `import`: the spreadsheet import's speed, in rows per second.

    .venv/bin/python bench/run.py import [--sizes 2000,20000] [--seed 1] [--per-row]

For each size N, in its own database (``DATABASE_URL``, by default
``bench/results/import-bench.sqlite3``, which is emptied: its name must contain "bench"): migrate,
load the regions, generate N synthetic initiatives (the demo generator), export the four data sets
as CSV with semicolons, start again from an empty database (migrated, with the regions: a new
installation), then import the files in the order
of the round trip (organisations, initiatives, partnerships, yearly figures) with
``imports.services.initiatives_import`` and time each. Prints rows, seconds and rows per second per
file (wall clock, and the CPU time of the process, which includes SQLite's work and is the
steadier figure on a shared machine), and whether exporting again gives the same bytes. The
import's size limits
(``IMPORT_MAX_ROWS``, ``IMPORT_MAX_FILE_BYTES``) are raised for the run: a file of 20,000
initiatives with their descriptions is larger than the default 10 MB. ``--per-row`` writes the
initiatives file through the services record by record (the path before the bulk write), for
comparison.
"""

import argparse
import time
from collections.abc import Sequence

from django.core.management import call_command
from django.test import Client, override_settings

FILES = ("organisaties", "initiatieven", "samenwerkingen", "jaarcijfers")


def _download(client: Client, name: str) -> bytes:
    response = client.get(f"/downloads/{name}.csv", {"delimiter": "semicolon"}, HTTP_HOST="localhost")
    if response.status_code != 200:
        raise SystemExit(f"Export of {name} failed: {response.status_code}")
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _new_installation() -> None:
    """An empty database as a new installation has it: migrated (taxonomies), with the regions."""
    from django.conf import settings
    from django.db import connection

    from bench.generate import database_reset
    from netwerkkaart.regions.models import Region
    from netwerkkaart.regions.services import fallback_regions_ensure, reference_data_import

    database_reset()
    connection.close()
    call_command("migrate", interactive=False, verbosity=0)
    data_dir = settings.REFERENCE_DATA_DIR
    if not Region.objects.labour_market_regions().exists():
        if (data_dir / "reference").is_dir():
            reference_data_import(data_dir=data_dir)
        else:
            fallback_regions_ensure()


def run(size: int, seed: int, *, per_row: bool) -> None:
    """Prints a Markdown table for one size, a line as soon as each file is imported."""
    from netwerkkaart.imports import services, writing
    from netwerkkaart.imports.services import initiatives_import

    if per_row:
        services.plan_write = writing.plan_write_per_row
    from netwerkkaart.demo.synthetic import synthetic_generate

    started = time.perf_counter()
    _new_installation()
    synthetic_generate(count=size, seed=seed)
    generated = time.perf_counter()
    client = Client()
    files = {name: _download(client, name) for name in FILES}
    exported = time.perf_counter()
    _new_installation()  # the import goes into an empty database
    emptied = time.perf_counter()
    print(
        f"### {size:,} initiatives (generated in {generated - started:.0f} s, exported in "
        f"{exported - generated:.0f} s, new database in {emptied - exported:.0f} s)\n",
        flush=True,
    )
    print("| file | rows | MB | seconds | CPU seconds | rows/s |\n|---|---:|---:|---:|---:|---:|", flush=True)
    total_rows, total_seconds, total_cpu = 0, 0.0, 0.0
    with override_settings(IMPORT_MAX_ROWS=2_000_000, IMPORT_MAX_FILE_BYTES=2_000_000_000):
        for name in FILES:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            report = initiatives_import(data=files[name], file_name=f"{name}.csv")
            seconds, cpu = time.perf_counter() - begin, time.process_time() - begin_cpu
            if report.problems:
                raise SystemExit(f"{name}: {report.problems[:3]}")
            rows = len(report.rows)
            total_rows += rows
            total_seconds += seconds
            total_cpu += cpu
            megabytes = len(files[name]) / 1e6
            figures = f"{megabytes:.1f} | {seconds:.1f} | {cpu:.1f} | {rows / seconds:,.0f}"
            print(f"| {name} | {rows:,} | {figures} |", flush=True)
    rate = total_rows / total_seconds
    print(
        f"| all four | {total_rows:,} | | {total_seconds:.1f} | {total_cpu:.1f} | {rate:,.0f} |", flush=True
    )
    same = all(_download(client, name) == files[name] for name in FILES)
    print(f"\nExported again: {'identical' if same else 'DIFFERENT'} files.\n", flush=True)


def main(argv: Sequence[str]) -> int:
    from bench.generate import database_description

    parser = argparse.ArgumentParser(prog="bench/run.py import", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,20000", help="Numbers of initiatives, comma-separated.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-row", action="store_true", help="Write the initiatives through the services.")
    options = parser.parse_args(argv)
    print(f"Database: {database_description()}{' (per-row write)' if options.per_row else ''}")
    for size in (int(text) for text in options.sizes.split(",")):
        run(size, options.seed, per_row=options.per_row)
    return 0
