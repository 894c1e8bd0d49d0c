#!/usr/bin/env python
"""Benchmark scenario `profiles`: make the region profiles as a fresh data version asks for them, then
serve a profile page from the cache of generated files (ADR 15).

    .venv/bin/python bench/run.py profiles [--language nl] [--requests 200] [--code AM22]
                                           [--formats pdf] [--keep]

Reads the database that ``bench/run.py generate`` filled (``DATABASE_URL``, by default
``bench/results/bench.sqlite3``). Writes only the cache table ``reports_generatedfile``, which it
empties first (``--keep`` leaves it). Prints:

1. the time to make every profile (the Netherlands, 12 provinces, 35 labour-market regions: 48) in
   each of ``--formats`` (default: html, the page body, then pdf), in total and per profile (median
   and slowest), region by region, the way the first visitors after an import would trigger it;
2. the time to serve one profile page (``--code``) through the whole Django stack (test client:
   URL routing, middleware, the template around the cached body) ``--requests`` times from the
   cache: median, 95th percentile and slowest in milliseconds, and the queries per request.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py profiles", description=__doc__.split("\n\n")[0])
    parser.add_argument("--language", default="nl", choices=["nl", "en"])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--code", default="AM22", help="the profile served from the cache")
    parser.add_argument("--formats", default="html,pdf", help="comma-separated: html,print,pdf,csv,xlsx,ods")
    parser.add_argument("--keep", action="store_true", help="keep the files already made")
    options = parser.parse_args(argv)

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from netwerkkaart.initiatives.result_index import initiative_index
    from netwerkkaart.reports.profiles import profile_file
    from netwerkkaart.reports.selectors import profile_regions
    from netwerkkaart.reports.services import generated_clear, profile_version

    if profile_version() is None:
        print("The data has no version token (import regions and generate data first).", file=sys.stderr)
        return 1
    if not options.keep:
        generated_clear()
    started = time.perf_counter()
    index = initiative_index()
    print(
        f"result index: {index.size:,} published initiatives, built in {_ms(time.perf_counter() - started)}"
    )
    regions = profile_regions()
    formats = [name.strip() for name in options.formats.split(",") if name.strip()]
    print(f"\n## Making {len(regions)} profiles ({options.language}): {', '.join(formats)}\n")
    print("| format | profiles | total | median | slowest (profile) | bytes (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    # Region by region, as `manage.py profiles_generate` and visitors do: the first format of a profile
    # includes building its sections (charts included), the later ones reuse that build.
    times: dict[str, list[tuple[float, str]]] = {kind: [] for kind in formats}
    sizes: dict[str, list[int]] = {kind: [] for kind in formats}
    all_started = time.perf_counter()
    with translation.override(options.language):
        for region in regions:
            for kind in formats:
                begun = time.perf_counter()
                sizes[kind].append(len(profile_file(region, kind)))
                times[kind].append((time.perf_counter() - begun, region.code))
    for kind in formats:
        slowest = max(times[kind])
        print(
            f"| {kind} | {len(times[kind])} | {sum(t for t, _ in times[kind]):.1f} s | "
            f"{_ms(statistics.median(t for t, _ in times[kind]))} | {_ms(slowest[0])} ({slowest[1]}) | "
            f"{int(statistics.median(sizes[kind])):,} |"
        )
    print(f"\nall {len(regions)} profiles in {', '.join(formats)}: {time.perf_counter() - all_started:.1f} s")

    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
    prefix = "" if options.language == "nl" else "/en"
    path = f"{prefix}/regio/{options.code}/profiel"
    begun = time.perf_counter()
    first = client.get(path)
    made = time.perf_counter() - begun
    if first.status_code != 200:
        print(f"{path}: HTTP {first.status_code}", file=sys.stderr)
        return 1
    timings = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(options.requests):
            begun = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - begun)
            if response.status_code != 200:
                print(f"{path}: HTTP {response.status_code}", file=sys.stderr)
                return 1
    timings.sort()
    print(f"\n## Serving {path} from the cache ({options.requests} requests)\n")
    print(f"- first request (made unless kept above): {_ms(made)}")
    print(
        f"- median {_ms(statistics.median(timings))}, 95th percentile "
        f"{_ms(timings[int(len(timings) * 0.95) - 1])}, slowest {_ms(timings[-1])}"
    )
    print(
        f"- queries per request: {len(queries) / options.requests:g}; page size {len(first.content):,} bytes"
    )
    return 0


if __name__ == "__main__":
    from bench.run import django_setup

    django_setup()
    raise SystemExit(main(sys.argv[1:]))
