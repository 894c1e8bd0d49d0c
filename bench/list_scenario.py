#!/usr/bin/env python
"""Benchmark scenario `list`: the filtered list of initiatives with its facets, ~10 typical filters,
and the search page (the same list and facets within a search) for 4 searches.

    .venv/bin/python bench/run.py list [--repeat R]
    .venv/bin/python bench/list_scenario.py [--repeat R]

Reads the database that ``bench/run.py generate`` filled (``DATABASE_URL``, by default
``bench/results/bench.sqlite3``) and writes nothing (no migrations, no index). Every filter state is
requested R times after one warm-up run, as the public would: a GET of ``/initiatieven?...`` through
the whole Django stack (form, facets, page of 25, template). Separately it times the facets alone
(``initiative_facets``, with the search for the search page), the part that grows with the data.
Prints, in milliseconds, the median and the fastest run per filter state and p50/p95 over all runs.
"""

import argparse
import os
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Needs the repository root on sys.path (above) when run as a script.
from bench.timing import percentile, time_ms

# Query strings of /initiatieven; PARTNER is replaced by the organisation with the most partnerships.
FILTERS = (
    "",
    "sort=newest",
    "theme=cybersecurity",
    "theme=lifelong-learning&theme=women-in-ict",
    "region=AM22",
    "province=PV28&kind=campus",
    "region=AM22&theme=data-and-ai&phase=scaling",
    "goal=postinitial-education&target_group=working-professionals",
    "level=mbo-4&sort=start_year",
    "partner=PARTNER",
    "region=AM22&partner=PARTNER&page=3",
    # The search page: the same list and facets within the ranked matches of a search (ADR 6).
    "/zoeken?q=data",
    "/zoeken?q=opleidingen&region=AM22",
    "/zoeken?q=cybersecurty&theme=cybersecurity",
    "/zoeken?q=zorg+ict&sort=start_year",
)


@dataclass(frozen=True)
class Timing:
    query: str
    results: int
    page_ms: list[float]
    facets_ms: list[float]


def _busiest_partner() -> str:
    from django.db.models import Count

    from netwerkkaart.organisations.models import Organisation

    top = Organisation.objects.annotate(n=Count("partnerships")).order_by("-n").values_list("slug", flat=True)
    return top.first() or "none"


def run(options: argparse.Namespace) -> int:
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import override_settings

    from netwerkkaart.initiatives.forms import InitiativeFilterForm
    from netwerkkaart.initiatives.models import Initiative, Partnership
    from netwerkkaart.initiatives.selectors import initiative_facets, initiative_select
    from netwerkkaart.search.selectors import initiative_scores_search

    print(
        f"Database: {connection.vendor}, {Initiative.objects.count():,} initiatives "
        f"({Initiative.objects.published().count():,} published), "
        f"{Partnership.objects.count():,} partnerships"
    )
    partner = _busiest_partner()
    client = Client()

    def url(query: str) -> str:
        return query if query.startswith("/") else f"/initiatieven?{query}"

    def page(query: str) -> int:
        response = client.get(url(query))
        if response.status_code != 200:
            raise RuntimeError(f"{url(query)} answered {response.status_code}")
        return len(response.content)

    def facets(query: str) -> int:
        path, _mark, string = url(query).partition("?")
        data = QueryDict(string)
        searched = path == "/zoeken"
        matches = initiative_scores_search(query=data.get("q", "")) if searched else None
        form = InitiativeFilterForm(data, searching=searched)
        selection = initiative_select(params=form.params(), matches=matches, choices=form.choices)
        return initiative_facets(params=form.params(), choices=form.choices, selection=selection).total

    timings = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for template in FILTERS:
            query = template.replace("PARTNER", partner)
            timings.append(
                Timing(
                    query=url(query),
                    results=facets(query),
                    page_ms=time_ms(partial(page, query), options.repeat),
                    facets_ms=time_ms(partial(facets, query), options.repeat),
                )
            )
    print()
    print(
        f"{options.repeat} runs per filter state after one warm-up, ms: median (fastest). "
        f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs."
    )
    print()
    print("| page | results | whole page | facets alone |")
    print("|---|---:|---:|---:|")
    for timing in timings:
        print(
            f"| {timing.query} | {timing.results:,} "
            f"| {statistics.median(timing.page_ms):.0f} ({min(timing.page_ms):.0f}) "
            f"| {statistics.median(timing.facets_ms):.0f} ({min(timing.facets_ms):.0f}) |"
        )
    every_page = [ms for timing in timings for ms in timing.page_ms]
    every_facets = [ms for timing in timings for ms in timing.facets_ms]
    print()
    print(
        f"whole page:   p50 {percentile(every_page, 0.5):.0f} ms, "
        f"p95 {percentile(every_page, 0.95):.0f} ms, max {max(every_page):.0f} ms"
    )
    print(
        f"facets alone: p50 {percentile(every_facets, 0.5):.0f} ms, "
        f"p95 {percentile(every_facets, 0.95):.0f} ms, max {max(every_facets):.0f} ms"
    )
    return 0


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/list_scenario.py", description=__doc__)
    parser.add_argument(
        "--repeat", type=int, default=5, metavar="R", help="Runs per filter state (default 5)."
    )
    options = parser.parse_args(argv)
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")
    return run(options)


if __name__ == "__main__":
    from bench.run import django_setup

    django_setup()
    sys.exit(main(sys.argv[1:]))
