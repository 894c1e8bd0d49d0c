#!/usr/bin/env python
"""Benchmark scenario `search`: rebuild the search index and time 20 typical queries.

    .venv/bin/python bench/search_scenario.py [--corpus N] [--no-rebuild] [--repeat R]

Reads the database that ``bench/run.py generate`` filled (``DATABASE_URL``, by default
``bench/results/bench.sqlite3``). With ``--corpus N`` it first fills it with N initiatives itself,
through the same generator. Then it rebuilds the index (unless ``--no-rebuild``), prints its size,
and runs every query R times after one warm-up run. It prints, in milliseconds, the median and the
fastest run per query (the fastest is the cost on an idle machine) and p50/p95 over all runs, for
``search`` (both kinds, first page of 20, with the total) and for ``initiative_queryset_search``
on the published initiatives (first page of 20).
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Needs the repository root on sys.path (above) when run as a script.
from bench.timing import percentile, time_ms

QUERIES = (
    "cybersecurity",
    "opleidingen",
    "Rotterdam",
    "Rotterd",
    "cyber rotterdam",
    "data ai",
    "cybersecurty",
    "secur",
    "omscholing",
    "vrouwen in ict",
    "hogeschool utrecht",
    "leerwerkplaats groningen",
    "fieldlab smart industry",
    "software academy",
    "hybride docenten",
    "Fryslan",
    "ict",
    "fictitious example",
    "bakker automatisering",
    "zwembad",
)


@dataclass(frozen=True)
class Timing:
    query: str
    total: int
    search_ms: list[float]
    queryset_ms: list[float]


def _index_size() -> str:
    from django.db import DatabaseError, connection

    from netwerkkaart.search.models import SearchDocument, SearchPosting, SearchToken, SearchTokenKey

    tables = [model._meta.db_table for model in (SearchDocument, SearchToken, SearchTokenKey, SearchPosting)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relname = ANY(%s)",
                [tables],
            )
        elif connection.vendor == "sqlite":
            try:
                # Tables and their indexes, where SQLite was built with the dbstat table.
                cursor.execute(
                    "SELECT SUM(s.pgsize) FROM dbstat s JOIN sqlite_master m ON m.name = s.name "
                    "WHERE m.tbl_name IN (%s, %s, %s, %s)",
                    tables,
                )
            except DatabaseError:
                return "unknown (SQLite without dbstat)"
        else:
            return "unknown"
        row = cursor.fetchone()
    return f"{(row[0] or 0) / 1_000_000:,.1f} MB" if row else "unknown"


def run(options: argparse.Namespace) -> int:
    from django.core.management import call_command
    from django.db import connection

    from netwerkkaart.initiatives.models import Initiative
    from netwerkkaart.organisations.models import Organisation
    from netwerkkaart.search.selectors import initiative_queryset_search, search
    from netwerkkaart.search.services import search_index_rebuild, search_index_stats, search_index_vacuum

    if options.corpus:
        from bench.generate import main as generate

        generate(["--initiatives", str(options.corpus), "--partnerships", str(10 * options.corpus)])
    call_command("migrate", interactive=False, verbosity=0)
    print(
        f"Database: {connection.vendor}, {Initiative.objects.count():,} initiatives, "
        f"{Organisation.objects.count():,} organisations"
    )
    if not options.no_rebuild:
        started = time.perf_counter()
        last = [started]

        def progress(kind: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if done == total or now - last[0] >= 10:
                last[0] = now
                print(f"  {kind}: {done:,} / {total:,} ({now - started:.1f} s)")

        search_index_rebuild(batch_size=options.batch_size, progress=progress)
        print(f"Index rebuilt in {time.perf_counter() - started:.1f} s")
        if search_index_vacuum():
            print(f"Index tables vacuumed and analysed, {time.perf_counter() - started:.1f} s")
    stats = search_index_stats()
    print(
        f"Index: {stats.documents:,} documents, {stats.tokens:,} words, {stats.token_keys:,} lookup keys, "
        f"{stats.postings:,} postings; size {_index_size()}"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def first_page_of_initiatives(query: str) -> list[Initiative]:
        return list(initiative_queryset_search(queryset=Initiative.objects.published(), query=query)[:20])

    timings = [
        Timing(
            query=query,
            total=search(query=query).total,
            search_ms=time_ms(partial(search, query=query), options.repeat),
            queryset_ms=time_ms(partial(first_page_of_initiatives, query), options.repeat),
        )
        for query in QUERIES
    ]
    print()
    print(
        f"{options.repeat} runs per query after one warm-up, ms: median (fastest). "
        f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs."
    )
    print()
    print("| query | hits | search | initiative queryset, first 20 |")
    print("|---|---:|---:|---:|")
    for timing in timings:
        print(
            f"| {timing.query} | {timing.total:,} "
            f"| {statistics.median(timing.search_ms):.1f} ({min(timing.search_ms):.1f}) "
            f"| {statistics.median(timing.queryset_ms):.1f} ({min(timing.queryset_ms):.1f}) |"
        )
    every_search = [ms for timing in timings for ms in timing.search_ms]
    every_queryset = [ms for timing in timings for ms in timing.queryset_ms]
    print()
    print(
        f"search:                     p50 {percentile(every_search, 0.5):.1f} ms, "
        f"p95 {percentile(every_search, 0.95):.1f} ms, max {max(every_search):.1f} ms"
    )
    print(
        f"initiative_queryset_search: p50 {percentile(every_queryset, 0.5):.1f} ms, "
        f"p95 {percentile(every_queryset, 0.95):.1f} ms, max {max(every_queryset):.1f} ms"
    )
    return 0


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/search_scenario.py", description=__doc__)
    parser.add_argument("--corpus", type=int, default=0, metavar="N", help="First generate N initiatives.")
    parser.add_argument("--no-rebuild", action="store_true", help="Time the queries on the current index.")
    parser.add_argument("--repeat", type=int, default=5, metavar="R", help="Runs per query (default 5).")
    parser.add_argument("--batch-size", type=int, default=2000)
    options = parser.parse_args(argv)
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")
    return run(options)


if __name__ == "__main__":
    from bench.run import django_setup

    django_setup()
    sys.exit(main(sys.argv[1:]))
