#!/usr/bin/env python
"""Benchmark scenario `finder`: the partnership finder for companies (ADR 16), ~10 typical questions.

    .venv/bin/python bench/run.py finder [--repeat R]

Reads the database that ``bench/run.py generate`` filled (``DATABASE_URL``, by default
``bench/results/bench.sqlite3``) and writes nothing. Each question (postcode or municipality, need,
optional size and sector) is asked R times after one warm-up run: as the public would, a GET of
``/vind-een-samenwerking?...`` through the whole Django stack, and separately the ranking alone
(``partnership_find``). Prints, in milliseconds, the median and the fastest run, the queries of one
page, and p50/p95 over all runs.
"""

import argparse
import os
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import parse_qs, urlencode

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Needs the repository root on sys.path (above) when run as a script.
from bench.timing import percentile, time_ms

QUESTIONS = (
    "where=3011&need=interns",
    "where=3011+AB&need=retraining&size=small&sector=software",
    "where=Rotterdam&need=innovation&sector=industry",
    "where=1012&need=graduates",
    "where=9711&need=apprentices&size=micro",
    "where=Utrecht&need=guest-lectures",
    "where=5611&need=partner&size=large&sector=data",
    "where=Maastricht&need=interns&sector=security",
    "where=8911&need=retraining",
    "where=Almere&need=innovation&size=medium&sector=public",
)


@dataclass(frozen=True)
class Timing:
    question: str
    shown: int
    in_region: int
    queries: int
    page_ms: list[float]
    ranking_ms: list[float]


def run(options: argparse.Namespace) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from netwerkkaart.enquiries.selectors import company_place_find, partnership_find
    from netwerkkaart.initiatives.models import Initiative, Partnership
    from netwerkkaart.initiatives.result_index import initiative_index

    print(
        f"Database: {connection.vendor}, {Initiative.objects.count():,} initiatives "
        f"({Initiative.objects.published().count():,} published), "
        f"{Partnership.objects.count():,} partnerships"
    )
    initiative_index()  # the build is timed by the `list` scenario; here the index is current
    client = Client()

    def page(question: str) -> int:
        response = client.get(f"/vind-een-samenwerking?{question}")
        if response.status_code != 200 or b"results-heading" not in response.content:
            raise RuntimeError(f"{question} answered {response.status_code} without results")
        return len(response.content)

    def ranking(question: str) -> tuple[int, int]:
        values = {key: value[0] for key, value in parse_qs(question).items()}
        place = company_place_find(text=values["where"])
        if place is None:
            raise RuntimeError(f"{values['where']} is not a known place")
        result = partnership_find(
            place=place, need=values["need"], sector=values.get("sector", ""), size=values.get("size", "")
        )
        return result.total_shown, result.tiers[0].total

    timings = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for question in QUESTIONS:
            shown, in_region = ranking(question)
            with CaptureQueriesContext(connection) as queries:
                page(question)
            timings.append(
                Timing(
                    question=question,
                    shown=shown,
                    in_region=in_region,
                    queries=len(queries),
                    page_ms=time_ms(partial(page, question), options.repeat),
                    ranking_ms=time_ms(partial(ranking, question), options.repeat),
                )
            )
    print()
    print(
        f"{options.repeat} runs per question after one warm-up, ms: median (fastest). "
        f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs."
    )
    print()
    print("| /vind-een-samenwerking? | shown | in the region | queries | whole page | ranking alone |")
    print("|---|---:|---:|---:|---:|---:|")
    for timing in timings:
        print(
            f"| {urlencode(parse_qs(timing.question), doseq=True)} | {timing.shown} | {timing.in_region:,} "
            f"| {timing.queries} "
            f"| {statistics.median(timing.page_ms):.0f} ({min(timing.page_ms):.0f}) "
            f"| {statistics.median(timing.ranking_ms):.0f} ({min(timing.ranking_ms):.0f}) |"
        )
    every_page = [ms for timing in timings for ms in timing.page_ms]
    every_ranking = [ms for timing in timings for ms in timing.ranking_ms]
    print()
    print(
        f"whole page:    p50 {percentile(every_page, 0.5):.0f} ms, "
        f"p95 {percentile(every_page, 0.95):.0f} ms, max {max(every_page):.0f} ms"
    )
    print(
        f"ranking alone: p50 {percentile(every_ranking, 0.5):.0f} ms, "
        f"p95 {percentile(every_ranking, 0.95):.0f} ms, max {max(every_ranking):.0f} ms"
    )
    return 0


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/finder_scenario.py", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, metavar="R", help="Runs per question (default 5).")
    options = parser.parse_args(argv)
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")
    return run(options)


if __name__ == "__main__":
    from bench.run import django_setup

    django_setup()
    sys.exit(main(sys.argv[1:]))
