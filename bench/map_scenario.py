"""Scenario `map`: the clusters endpoint of the map on the generated data set.

    python bench/run.py map [--runs 30] [--output bench/results/map-<date>.md]

Times the clustering selector (one GROUP BY query) and the whole view (query, GeoJSON, serialisation)
for the whole country and for screen-sized views at three zoom levels, and reports the payload size.
Expects `generate` to have filled the database; it only reads.
"""

import argparse
import json
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import translation

from netwerkkaart.initiatives.forms import InitiativeFilterForm
from netwerkkaart.initiatives.map_selectors import (
    LATITUDE_SCALE,
    NETHERLANDS,
    TILE_PIXELS,
    BoundingBox,
    initiative_clusters,
    map_request_parse,
)
from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.initiatives.selectors import initiative_select
from netwerkkaart.web.views_map import map_clusters

RESULTS = Path(__file__).resolve().parent / "results"
# A laptop screen's map, centred on Utrecht (the middle of the country).
SCREEN = (1280, 720)
CENTRE = (5.12, 52.09)


@dataclass(frozen=True)
class Case:
    label: str
    zoom: int
    bbox: BoundingBox
    extra: str = ""

    def query(self) -> QueryDict:
        box = self.bbox
        text = f"zoom={self.zoom}&bbox={box.west},{box.south},{box.east},{box.north}"
        return QueryDict(text + (f"&{self.extra}" if self.extra else ""))


@dataclass(frozen=True)
class Timing:
    p50: float
    p95: float


def screen_box(zoom: int) -> BoundingBox:
    degrees_per_pixel = 360.0 / (TILE_PIXELS * 2**zoom)
    half_width = SCREEN[0] / 2 * degrees_per_pixel
    half_height = SCREEN[1] / 2 * degrees_per_pixel * LATITUDE_SCALE
    return BoundingBox(
        west=CENTRE[0] - half_width,
        south=CENTRE[1] - half_height,
        east=CENTRE[0] + half_width,
        north=CENTRE[1] + half_height,
    )


CASES = [
    Case("whole country", 7, NETHERLANDS),
    Case("whole country, kind=campus", 7, NETHERLANDS, "kind=campus"),
    Case("whole country, region=AM22&theme=data-and-ai", 7, NETHERLANDS, "region=AM22&theme=data-and-ai"),
    Case("whole country, search q=data", 7, NETHERLANDS, "q=data"),
    Case("whole country at zoom 18 (grid bound)", 18, NETHERLANDS),
    Case("screen at zoom 9 (provinces)", 9, screen_box(9)),
    Case("screen at zoom 11 (a region)", 11, screen_box(11)),
    Case("screen at zoom 13 (a city)", 13, screen_box(13)),
]


def measure(function: Callable[[], object], runs: int) -> Timing:
    function()  # warm the caches once, as a running server would have them
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return Timing(
        p50=statistics.median(times), p95=times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
    )


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py map", description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--output", type=Path, default=RESULTS / f"map-{date.today().isoformat()}.md")
    args = parser.parse_args(argv)

    published = Initiative.objects.published().count()
    print(f"{connection.vendor}: {published:,} published initiatives; {args.runs} runs per case")
    factory = RequestFactory()
    rows = []
    translation.activate("nl")
    for case in CASES:
        params = case.query()
        query = params.urlencode()
        request_params = map_request_parse(params)

        def selector(params: QueryDict = params) -> object:
            parsed = map_request_parse(params)
            form = InitiativeFilterForm(params)
            selection = initiative_select(params=form.params(), choices=form.choices)
            return initiative_clusters(selection=selection, zoom=parsed.zoom, bbox=parsed.bbox)

        def view(query: str = query) -> object:
            return map_clusters(factory.get("/kaart/clusters.json?" + query))

        selector_time = measure(selector, args.runs)
        view_time = measure(view, args.runs)
        response = map_clusters(factory.get("/kaart/clusters.json?" + query))
        data = json.loads(response.content)
        assert response.status_code == 200, response.content  # noqa: S101
        rows.append(
            f"| {case.label} | {request_params.zoom} | {len(data['features']):,} | {data['total']:,} "
            f"| {selector_time.p50:.1f} | {selector_time.p95:.1f} "
            f"| {view_time.p50:.1f} | {view_time.p95:.1f} | {len(response.content):,} |"
        )
        print(rows[-1])

    header = (
        "| case | zoom | features | initiatives | selector p50 ms | selector p95 ms | view p50 ms "
        "| view p95 ms | payload bytes |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    report = (
        f"# `map`: clusters endpoint on {published:,} published initiatives ({date.today().isoformat()})\n\n"
        f"Database: {connection.vendor}. {args.runs} runs per case after one warm-up run; the view time "
        "includes building and serialising the GeoJSON (no middleware).\n\n"
        f"{header}\n" + "\n".join(rows) + "\n"
    )
    with args.output.open("a", encoding="utf-8") as output:
        output.write(report + "\n")
    print(f"Appended to {args.output}")
    return 0
