#!/usr/bin/env python
"""Benchmark scenario `profiles`: make the region profiles as a fresh data version asks for them, then
serve a profile page from the cache of generated files (ADR 15).

    .venv/bin/python bench/run.py profiles [--language nl] [--requests 200] [--code AM22]
                                           [--formats pdf] [--keep] [--duo]

Reads the database that ``bench/run.py generate`` filled (``DATABASE_URL``, by default
``bench/results/bench.sqlite3``). Writes only the cache table ``reports_generatedfile``, which it
empties first (``--keep`` leaves it). With ``--duo`` it first imports DUO's "ingeschrevenen hbo"
(settings.REFERENCE_DATA_DIR) through the importer when it is not loaded, so the profiles carry the
education section. Prints (wall-clock time and this process's CPU time, as the machine is shared):

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
    parser.add_argument("--duo", action="store_true", help="import the DUO file first when missing")
    options = parser.parse_args(argv)

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from netwerkkaart.initiatives.result_index import initiative_index
    from netwerkkaart.reports.profiles import profile_build, profile_file
    from netwerkkaart.reports.selectors import profile_regions
    from netwerkkaart.reports.services import generated_clear, profile_version

    if options.duo:
        from netwerkkaart.indicators.models import Observation
        from netwerkkaart.indicators.services import duo_hbo_import

        if not Observation.objects.filter(indicator__code="hbo_enrolled").exists():
            duo = Path(settings.REFERENCE_DATA_DIR) / "education" / "duo_ingeschrevenen_hbo_2020-2024.csv"
            begun = time.perf_counter()
            report = duo_hbo_import(text=duo.read_bytes().decode("utf-8-sig"), file_name=duo.name)
            print(f"DUO imported in {time.perf_counter() - begun:.1f} s: {report}")
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
    cpu: dict[str, float] = dict.fromkeys(formats, 0.0)
    sizes: dict[str, list[int]] = {kind: [] for kind in formats}
    all_started, all_cpu = time.perf_counter(), time.process_time()
    with translation.override(options.language):
        for region in regions:
            for kind in formats:
                begun, begun_cpu = time.perf_counter(), time.process_time()
                sizes[kind].append(len(profile_file(region, kind)))
                times[kind].append((time.perf_counter() - begun, region.code))
                cpu[kind] += time.process_time() - begun_cpu
    for kind in formats:
        slowest = max(times[kind])
        print(
            f"| {kind} | {len(times[kind])} | "
            f"{sum(t for t, _ in times[kind]):.1f} s (CPU {cpu[kind]:.1f} s) | "
            f"{_ms(statistics.median(t for t, _ in times[kind]))} | {_ms(slowest[0])} ({slowest[1]}) | "
            f"{int(statistics.median(sizes[kind])):,} |"
        )
    print(
        f"\nall {len(regions)} profiles in {', '.join(formats)}: {time.perf_counter() - all_started:.1f} s "
        f"(CPU {time.process_time() - all_cpu:.1f} s)"
    )
    with translation.override(options.language):
        sections = [section.key for section in profile_build(regions[0]).sections]
    print(f"sections of {regions[0].code}: {', '.join(sections)}")

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
    serve_cpu = time.process_time()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(options.requests):
            begun = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - begun)
            if response.status_code != 200:
                print(f"{path}: HTTP {response.status_code}", file=sys.stderr)
                return 1
    serve_cpu = time.process_time() - serve_cpu
    timings.sort()
    print(f"\n## Serving {path} from the cache ({options.requests} requests)\n")
    print(f"- first request (made unless kept above): {_ms(made)}")
    print(
        f"- median {_ms(statistics.median(timings))}, 95th percentile "
        f"{_ms(timings[int(len(timings) * 0.95) - 1])}, slowest {_ms(timings[-1])}; "
        f"CPU {_ms(serve_cpu / options.requests)} per request"
    )
    print(
        f"- queries per request: {len(queries) / options.requests:g}; page size {len(first.content):,} bytes"
    )
    return 0


if __name__ == "__main__":
    from bench.run import django_setup

    django_setup()
    raise SystemExit(main(sys.argv[1:]))
