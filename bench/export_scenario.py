#!/usr/bin/env python
"""Benchmark scenario `export`: download a whole data set (by default the initiatives with their
partners, about 92,000 published rows in the bench database) as CSV, ODS and XLSX, and measure time
and memory.

    .venv/bin/python bench/run.py export [--dataset initiatieven] [--formats csv,ods,xlsx]
                                         [--query "theme=cybersecurity"] [--no-tracemalloc]

Reads the database that ``bench/run.py generate`` filled (``DATABASE_URL``, by default
``bench/results/bench.sqlite3``) and writes nothing. Each format runs in a fresh process, so that
its peak resident memory (``ru_maxrss``) is its own. In that process the result index is built
first, as a running server has it, then one request goes through the download view and its
response is read to the end, the way a client would, counting bytes and throwing them away.
Prints per format: rows, bytes, seconds, the peak of Python allocations during the download
(tracemalloc, which slows the run down; ``--no-tracemalloc`` for timings) and the process's peak
resident memory (which includes building the index).
"""

import argparse
import contextlib
import ctypes
import dataclasses
import gc
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FORMATS = ("csv", "ods", "xlsx")
RESULT_MARK = "RESULT "
MB = 1024 * 1024


def _counting(rows: Callable[..., Iterator[Any]], counter: list[int]) -> Callable[..., Iterator[Any]]:
    def counted(**kwargs: Any) -> Iterator[Any]:
        for row in rows(**kwargs):
            counter[0] += 1
            yield row

    return counted


def _status_mb(field: str) -> float | None:
    """A memory figure of this process from /proc (Linux): VmRSS now, VmHWM its peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _release_free_memory() -> None:
    """Hands memory that the index build freed back to the system (glibc), so that "RSS before" is
    what the process holds (Django, the index) and the download's own growth shows above it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _reset_peak() -> bool:
    """Sets the peak resident memory (VmHWM) back to the current one, so that the download's peak is
    measured apart from the index build's; Linux 4.0 and later."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def measure(options: argparse.Namespace, file_format: str) -> dict[str, Any]:
    """One download in this process: the index first, then the request, read to its end."""
    from django.db import connection
    from django.test import RequestFactory

    from netwerkkaart.exports import datasets, views
    from netwerkkaart.initiatives.result_index import initiative_index

    started = time.perf_counter()
    index = initiative_index()
    index_seconds = time.perf_counter() - started
    gc.collect()
    _release_free_memory()
    process_peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # kB on Linux
    before_mb = _status_mb("VmRSS")
    peak_reset = _reset_peak()
    counter = [0]
    dataset = datasets.DATASETS[options.dataset]
    datasets.DATASETS[options.dataset] = dataclasses.replace(dataset, rows=_counting(dataset.rows, counter))
    query = f"?{options.query}" if options.query else ""
    request = RequestFactory().get(f"/downloads/{options.dataset}.{file_format}{query}")
    if options.tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    response = views.download(request, dataset=options.dataset, file_format=file_format)
    size = 0
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        size += len(chunk)
    response.close()
    seconds = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if options.tracemalloc else None
    tracemalloc.stop()
    return {
        "format": file_format,
        "database": connection.vendor,
        "published": index.size,
        "rows": counter[0],
        "bytes": size,
        "seconds": round(seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "traced_peak_mb": None if traced_peak is None else round(traced_peak / MB, 1),
        "rss_before_mb": before_mb,
        "download_peak_rss_mb": _status_mb("VmHWM") if peak_reset else None,
        "process_peak_rss_mb": max(
            process_peak_mb, round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        ),
    }


def _child(options: argparse.Namespace, file_format: str) -> dict[str, Any]:
    """Runs one format in a fresh process (through bench/run.py, so with the same settings)."""
    command = [
        sys.executable,
        str(Path(__file__).resolve().parent / "run.py"),
        "export",
        "--single",
        "--dataset",
        options.dataset,
        "--formats",
        file_format,
        "--query",
        options.query,
    ] + ([] if options.tracemalloc else ["--no-tracemalloc"])
    finished = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ.copy())  # noqa: S603
    if finished.returncode != 0:
        raise RuntimeError(f"{file_format} failed:\n{finished.stderr}")
    line = next(line for line in finished.stdout.splitlines() if line.startswith(RESULT_MARK))
    result: dict[str, Any] = json.loads(line.removeprefix(RESULT_MARK))
    return result


def run(options: argparse.Namespace) -> int:
    if options.single:
        print(RESULT_MARK + json.dumps(measure(options, options.formats[0])))
        return 0
    results = [_child(options, file_format) for file_format in options.formats]
    first = results[0]
    print(
        f"Database: {first['database']}, {first['published']:,} published initiatives; data set "
        f"'{options.dataset}'{', query ' + options.query if options.query else ''}; "
        f"tracemalloc {'on' if options.tracemalloc else 'off'}. "
        f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs."
    )
    print()
    print(
        "| format | rows | bytes | seconds | Python peak (tracemalloc) | RSS before | peak RSS during "
        "| process peak RSS |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")

    def mb(value: float | None) -> str:
        return "-" if value is None else f"{value:.0f} MB"

    for result in results:
        print(
            f"| {result['format']} | {result['rows']:,} | {result['bytes']:,} | {result['seconds']:.1f} "
            f"| {mb(result['traced_peak_mb'])} | {mb(result['rss_before_mb'])} "
            f"| {mb(result['download_peak_rss_mb'])} | {mb(result['process_peak_rss_mb'])} |"
        )
    print()
    print(
        "RSS before: the process with the result index built, before the download; peak RSS during: "
        "the highest resident memory while the download ran; process peak: including the index build "
        f"(which took {max(r['index_seconds'] for r in results):.1f} s at most)."
    )
    return 0


def main(argv: Sequence[str]) -> int:
    from netwerkkaart.exports.datasets import DATASETS

    parser = argparse.ArgumentParser(prog="bench/export_scenario.py", description=__doc__)
    parser.add_argument("--dataset", choices=list(DATASETS), default="initiatieven")
    parser.add_argument(
        "--formats",
        type=lambda value: [name.strip() for name in value.split(",") if name.strip()],
        default=list(FORMATS),
        help="Comma-separated, of csv, ods and xlsx (default all three).",
    )
    parser.add_argument(
        "--query", default="", help="The list's filters, e.g. 'region=AM22&theme=cybersecurity'."
    )
    parser.add_argument("--no-tracemalloc", dest="tracemalloc", action="store_false")
    parser.add_argument("--single", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    unknown = [name for name in options.formats if name not in FORMATS]
    if unknown or not options.formats:
        parser.error(f"--formats takes {', '.join(FORMATS)}")
    return run(options)


if __name__ == "__main__":
    from bench.run import django_setup

    django_setup()
    sys.exit(main(sys.argv[1:]))
