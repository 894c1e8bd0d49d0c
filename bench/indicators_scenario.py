"""Scenario `indicators`: the DUO import and the figures of all 48 region profiles.

    python bench/run.py indicators [--repeat 3] [--output bench/results/indicators-<date>.md]

Imports the regions (when missing) and DUO's "ingeschrevenen hbo" through the importer (first and
second run), then times, for each province, labour-market region and the Netherlands, the indicator
figures a profile shows: the trend of all students and of hard ICT students, the split by ICT
category, the share of women (hard ICT, hard + hybrid), and the comparison with the country; and the
choropleth values of all 35 labour-market regions. Prints the figures and writes them as Markdown.
"""

import argparse
import statistics
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection

from bench.timing import percentile, time_ms
from netwerkkaart.indicators.choices import ProgrammeCategory
from netwerkkaart.indicators.models import Indicator
from netwerkkaart.indicators.selectors import (
    FigureFilter,
    figure_comparison,
    figure_series,
    figures_by_category,
    figures_by_region,
    women_share,
)
from netwerkkaart.indicators.services import duo_hbo_import
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.services import reference_data_import

RESULTS = Path(__file__).resolve().parent / "results"
DUO_FILE = Path(settings.REFERENCE_DATA_DIR) / "education" / "duo_ingeschrevenen_hbo_2020-2024.csv"
YEAR = 2024
HARD = (ProgrammeCategory.HARD_ICT,)


def _profile_figures(indicator: Indicator, region: Region) -> None:
    figure_series(indicator=indicator, region=region)
    figure_series(indicator=indicator, region=region, where=FigureFilter(programme_categories=HARD))
    figures_by_category(region=region, year=YEAR, indicator=indicator)
    women_share(region=region, year=YEAR, indicator=indicator)
    women_share(
        region=region, year=YEAR, indicator=indicator, categories=(*HARD, ProgrammeCategory.HYBRID_ICT)
    )
    figure_comparison(indicator=indicator, region=region, year=YEAR)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py indicators")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=RESULTS / f"indicators-{date.today().isoformat()}.md")
    args = parser.parse_args(argv)

    if not Region.objects.municipalities().exists():
        reference_data_import(data_dir=Path(settings.REFERENCE_DATA_DIR))
    text = DUO_FILE.read_bytes().decode("utf-8-sig")
    started = time.perf_counter()
    first = duo_hbo_import(text=text, file_name=DUO_FILE.name)
    first_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    second = duo_hbo_import(text=text, file_name=DUO_FILE.name)
    second_ms = (time.perf_counter() - started) * 1000

    indicator = Indicator.objects.get(code="hbo_enrolled")
    regions = list(
        Region.objects.current()
        .filter(kind__in=[RegionKind.COUNTRY, RegionKind.PROVINCE, RegionKind.LABOUR_MARKET_REGION])
        .defer("boundary")
    )
    per_profile: list[float] = []
    for region in regions:

        def profile(region: Region = region) -> None:
            _profile_figures(indicator, region)

        per_profile.extend(time_ms(profile, args.repeat))
    all_profiles = sum(per_profile) / args.repeat
    choropleth = time_ms(lambda: figures_by_region(indicator=indicator, year=YEAR), args.repeat * 5)

    lines = [
        f"# Indicators benchmark, {date.today().isoformat()}",
        "",
        f"Database: {connection.vendor}. Regions profiled: {len(regions)}. Repeat: {args.repeat}.",
        "",
        "| what | figure |",
        "|---|---|",
        f"| DUO import, first run ({first.created} cells) | {first_ms:.0f} ms |",
        f"| DUO import, second run ({second.unchanged} unchanged) | {second_ms:.0f} ms |",
        f"| indicator figures of one profile, median | {statistics.median(per_profile):.1f} ms |",
        f"| indicator figures of one profile, p95 | {percentile(per_profile, 0.95):.1f} ms |",
        f"| indicator figures of all {len(regions)} profiles | {all_profiles:.0f} ms |",
        f"| choropleth values, 35 labour-market regions, median | {statistics.median(choropleth):.1f} ms |",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    args.output.write_text(report, encoding="utf-8")
    return 0
