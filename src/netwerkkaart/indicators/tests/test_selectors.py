"""Selectors on the real DUO file: upward sums agree, fixed query counts, comparison and choropleth."""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from netwerkkaart.indicators.cbs import MAPPINGS
from netwerkkaart.indicators.choices import ProgrammeCategory
from netwerkkaart.indicators.figures import Figure, Share
from netwerkkaart.indicators.models import Indicator
from netwerkkaart.indicators.records import ImportReport
from netwerkkaart.indicators.selectors import (
    FigureFilter,
    figure_comparison,
    figure_get,
    figure_series,
    figures_by_category,
    figures_by_region,
    observations_of_region,
    region_figures,
    women_share,
)
from netwerkkaart.indicators.services import cbs_csv_rows, cbs_table_import
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region

pytestmark = pytest.mark.django_db
NumQueries = Callable[..., Any]


def _region(code: str) -> Region:
    return Region.objects.get(code=code, is_current=True)


def _hbo() -> Indicator:
    return Indicator.objects.get(code="hbo_enrolled")


def test_provinces_and_labour_market_regions_add_up_to_the_country(duo_imported: ImportReport) -> None:
    national = figure_get(indicator="hbo_enrolled", region=_region("NL"), year=2024)
    for kind in (RegionKind.PROVINCE, RegionKind.LABOUR_MARKET_REGION):
        figures = [item.figure for item in figures_by_region(indicator="hbo_enrolled", year=2024, kind=kind)]
        assert sum(f.known_total for f in figures) == national.known_total == 448_296
        assert sum(f.suppressed_cells for f in figures) == national.suppressed_cells == 383
    utrecht = _region("PV26")
    from_list = {
        i.region.code: i.figure
        for i in figures_by_region(indicator="hbo_enrolled", year=2024, kind=RegionKind.PROVINCE)
    }
    assert figure_get(indicator="hbo_enrolled", region=utrecht, year=2024) == from_list["PV26"]


def test_choropleth_lists_every_labour_market_region(duo_imported: ImportReport) -> None:
    figures = figures_by_region(indicator="hbo_enrolled", year=2024)
    assert len(figures) == 35
    assert any(not item.figure.has_data for item in figures) or all(item.figure.has_data for item in figures)
    achterhoek = next(item for item in figures if item.region.code == "AM09")
    assert achterhoek.figure.is_exact


def test_fixed_query_counts(duo_imported: ImportReport, django_assert_num_queries: NumQueries) -> None:
    hbo, nl, utrecht = _hbo(), _region("NL"), _region("AM14")
    with django_assert_num_queries(1):
        figure_get(indicator=hbo, region=utrecht, year=2024)
    with django_assert_num_queries(2):  # the figures, and the classification as it is now
        figure_series(
            indicator=hbo, region=nl, where=FigureFilter(programme_categories=(ProgrammeCategory.HARD_ICT,))
        )
    with django_assert_num_queries(2):
        women_share(region=utrecht, year=2024, indicator=hbo)
    with django_assert_num_queries(3):
        figures_by_region(indicator=hbo, year=2024)
    with django_assert_num_queries(2):
        region_figures(region=utrecht)


def test_series_is_per_year_and_honest(duo_imported: ImportReport) -> None:
    series = figure_series(
        indicator="hbo_enrolled", region=_region("NL"), where=FigureFilter(programme_code="30020")
    )
    assert [item.year for item in series] == [2020, 2021, 2022, 2023, 2024]
    assert series[-1].figure.known_total == 16_194
    assert series[-1].figure.suppressed_cells == 2


def test_comparison_is_a_share_without_population_and_per_resident_with(duo_imported: ImportReport) -> None:
    utrecht = _region("PV26")
    share = figure_comparison(indicator="hbo_enrolled", region=utrecht, year=2024)
    assert share.basis == "share_of_national"
    assert share.share is not None and share.share.low is not None and share.share.high is not None
    assert share.share.low <= share.region.known_total / share.national.known_total <= share.share.high
    sample = Path(__file__).parent / "data" / "cbs_70072ned_sample.csv"
    columns, rows = cbs_csv_rows(sample.read_text(encoding="utf-8"))
    cbs_table_import(mapping=MAPPINGS["70072ned"], columns=columns, rows=rows, file_name=sample.name)
    rate = figure_comparison(indicator="hbo_enrolled", region=utrecht, year=2024)
    assert rate.basis == "per_resident"
    assert rate.region_rate is not None and rate.national_rate is not None
    assert rate.national_rate.low == Decimal(448_296) * 1000 / Decimal(17_942_942)


def test_no_suppressed_cell_ever_becomes_a_number(duo_imported: ImportReport) -> None:
    assen = _region("GM0106")
    cells = list(observations_of_region(region=assen, year=2024))
    hidden = [cell for cell in cells if cell.suppressed]
    assert hidden and all(cell.value is None for cell in hidden)
    for item in region_figures(region=assen):
        assert item.figure.known_total == sum(
            (c.value for c in observations_of_region(region=assen, year=item.year) if c.value is not None),
            Decimal(0),
        )


def test_display_forms() -> None:
    assert Figure(Decimal(1777), 10, 2).display("nl") == "ten minste 1.777"
    assert Figure(Decimal(1777), 10, 2).display("en") == "at least 1,777"
    assert Figure(Decimal(16194), 10, 0).display("en") == "16,194"
    assert Figure.empty().display("en") == "\u2013"
    # Only suppressed cells: never 0, never a guess; what is known is the upper bound.
    assert Figure(Decimal(0), 2, 2, suppression_max=4).display("nl") == "hooguit 8"
    assert Figure(Decimal(0), 2, 2).display("en") == "2 suppressed cells"
    assert Figure(Decimal(0), 1, 1, suppression_max=4).display("en") == "<5"
    assert Share(Decimal("0.113"), Decimal("0.116")).display("en") == "between 11.3% and 11.6%"
    assert Share(Decimal("0.25"), Decimal("0.25")).display("nl") == "25,0%"


def test_categories_add_up_to_the_total(
    duo_imported: ImportReport, django_assert_num_queries: NumQueries
) -> None:
    hbo, nl = _hbo(), _region("NL")
    with django_assert_num_queries(2):
        by_category = figures_by_category(region=nl, year=2024, indicator=hbo)
    total = figure_get(indicator=hbo, region=nl, year=2024)
    assert sum(f.known_total for f in by_category.values()) == total.known_total
    assert sum(f.suppressed_cells for f in by_category.values()) == total.suppressed_cells
    hard = figure_get(
        indicator=hbo,
        region=nl,
        year=2024,
        where=FigureFilter(programme_categories=(ProgrammeCategory.HARD_ICT,)),
    )
    assert by_category[ProgrammeCategory.HARD_ICT] == hard


def test_comparison_query_count(
    duo_imported: ImportReport, django_assert_max_num_queries: NumQueries
) -> None:
    hbo, utrecht = _hbo(), _region("PV26")
    with django_assert_max_num_queries(6):
        figure_comparison(indicator=hbo, region=utrecht, year=2024)
