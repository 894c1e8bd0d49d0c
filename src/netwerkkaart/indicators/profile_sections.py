"""The education figures of a region profile and of the comparison page (ADR 14, ADR 15).

Section builders for `reports` (listed in ``REPORTS_PROFILE_SECTIONS`` and
``REPORTS_COMPARISON_SECTIONS``). Every figure comes from this app's selectors and is the selectors'
own ``figures.Figure`` (a ``reports.figures.FigureLike``): a total with suppressed cells is a lower
bound ("ten minste 448.296"), a suppressed cell is "<5", never a number. Shares and rates with a range
are shown by their lower bound ("ten minste 10,9%") with the whole range in the block's note.

The ICT categories are read from ``ProgrammeClassification`` when a profile is made; a change in the
admin bumps the ``indicators`` data version, so cached profiles are made again (ADR 14).
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.selectors import REGIONS_DATA_KEY
from netwerkkaart.reports import figures as report_figures
from netwerkkaart.reports.charts import ChartError, chart_of, choropleth_spec, comparison_spec, trend_spec
from netwerkkaart.reports.figures import FigureLike, Point
from netwerkkaart.reports.pps import shape_and_anchor
from netwerkkaart.reports.sections import Block, ProfileContext, Section, section_builder
from netwerkkaart.reports.selectors import labour_market_region_shapes

from .choices import Gender, ProgrammeCategory
from .figures import Rate, Share
from .models import Indicator
from .selectors import (
    HBO_ENROLLED,
    FigureFilter,
    figure_comparison,
    figure_get,
    figure_series,
    figures_by_category,
    figures_by_region,
    indicator_get,
    programme_name,
    women_share,
    years_of,
)
from .services import INDICATORS_DATA_KEY

# B HBO-ICT, the largest hard-ICT programme: shown on every profile with its women.
HBO_ICT_PROGRAMME = "30020"
HARD = (ProgrammeCategory.HARD_ICT.value,)
HARD_AND_HYBRID = (ProgrammeCategory.HARD_ICT.value, ProgrammeCategory.HYBRID_ICT.value)
PERCENT = Decimal(100)


def duo_source(years: Sequence[int]) -> str:
    span = str(years[0]) if len(years) == 1 else f"{years[0]}\u2013{years[-1]}"
    return gettext("Source: DUO, ingeschrevenen hbo (enrolled hbo students, 1 October), %(years)s.") % {
        "years": span
    }


def _range_figure(low: Decimal | None, high: Decimal | None, *, scale: Decimal, cells: int) -> FigureLike:
    """A share or rate as a figure: its lowest value, marked "at least" when suppressed cells leave it
    open (the block's note gives the whole range). Rounded as shown (one decimal)."""
    if low is None:
        return report_figures.Figure(value=None)
    value = (low * scale).quantize(Decimal("0.1"))
    exact = high is not None and (high * scale).quantize(Decimal("0.1")) == value
    return report_figures.Figure(value=value, suppressed_cells=cells, lower_bound=not exact)


def _share_figure(share: Share, cells: int) -> FigureLike:
    return _range_figure(share.low, share.high, scale=PERCENT, cells=0 if share.is_exact else cells)


def _rate_figure(rate: Rate | None, cells: int) -> FigureLike:
    if rate is None:
        return report_figures.Figure(value=None)
    exact = rate.high is not None and rate.low == rate.high
    return _range_figure(rate.low, rate.high, scale=Decimal(1), cells=0 if exact else cells)


def _chart_or_none(spec: dict[str, Any], *, key: str, title: str, points: list[Point], unit: str = "") -> Any:
    try:
        return chart_of(spec, key=key, title=title, points=points, unit=unit)
    except ChartError:  # every figure suppressed or missing: the table says so
        return None


def _labels(latest: int) -> dict[str, str]:
    return {
        "total": gettext("Enrolled hbo students, %(year)s") % {"year": latest},
        "hard": gettext("of whom in hard-ICT programmes, %(year)s") % {"year": latest},
        "hybrid": gettext("of whom in hybrid-ICT programmes, %(year)s") % {"year": latest},
    }


def key_figures_block(
    indicator: Indicator, regions: Sequence[Region], years: Sequence[int], *, key: str
) -> Block:
    """The latest year's students: all, hard ICT, hybrid ICT, B HBO-ICT and its women, per region."""
    latest = years[-1]
    labels = _labels(latest)
    programme = programme_name(programme_code=HBO_ICT_PROGRAMME) or HBO_ICT_PROGRAMME
    programme_label = gettext("%(programme)s (CROHO %(code)s), %(year)s") % {
        "programme": programme,
        "code": HBO_ICT_PROGRAMME,
        "year": latest,
    }
    women_label = gettext("women in %(programme)s, %(year)s") % {"programme": programme, "year": latest}
    points = []
    for region in regions:
        total = figure_get(indicator=indicator, region=region, year=latest)
        categories = figures_by_category(region=region, year=latest, indicator=indicator)
        hbo_ict = figure_get(
            indicator=indicator,
            region=region,
            year=latest,
            where=FigureFilter(programme_code=HBO_ICT_PROGRAMME),
        )
        hbo_ict_women = figure_get(
            indicator=indicator,
            region=region,
            year=latest,
            where=FigureFilter(programme_code=HBO_ICT_PROGRAMME, gender=Gender.FEMALE),
        )
        points += [
            Point(labels["total"], region.name, total),
            Point(labels["hard"], region.name, categories[ProgrammeCategory.HARD_ICT]),
            Point(labels["hybrid"], region.name, categories[ProgrammeCategory.HYBRID_ICT]),
            Point(programme_label, region.name, hbo_ict),
            Point(women_label, region.name, hbo_ict_women),
        ]
    return Block(
        key=key,
        title=gettext("Education: key figures %(year)s") % {"year": latest},
        points=points,
        category_label=gettext("Figure"),
        source=duo_source([latest]),
        note=gettext(
            "A total that leaves out cells DUO suppressed (fewer than 5) is shown as a lower bound "
            '("at least"); the table says how many cells it leaves out. Hard and hybrid ICT follow the '
            "programme classification published on this site."
        ),
    )


def trend_block(indicator: Indicator, region: Region, years: Sequence[int]) -> Block:
    """Students per year: all hbo students, hard ICT and hybrid ICT (the years the file has)."""
    series_names = {
        "total": gettext("All hbo students"),
        "hard": gettext("Hard ICT"),
        "hybrid": gettext("Hybrid ICT"),
    }
    wheres = {
        "total": None,
        "hard": FigureFilter(programme_categories=HARD),
        "hybrid": FigureFilter(programme_categories=(ProgrammeCategory.HYBRID_ICT.value,)),
    }
    points = [
        Point(str(item.year), series_names[name], item.figure)
        for name, where in wheres.items()
        for item in figure_series(indicator=indicator, region=region, where=where, years=years)
    ]
    points.sort(key=lambda point: point.category)
    order = tuple(series_names.values())
    title = gettext("Enrolled hbo students per year, %(region)s") % {"region": region.name}
    # The ICT lines are a few percent of the total: a chart of their own keeps them readable.
    ict_points = [point for point in points if point.series != series_names["total"]]
    ict_title = gettext("Hard and hybrid ICT students per year, %(region)s") % {"region": region.name}
    key = f"education-trend-{region.code.lower()}"
    spec = trend_spec(
        ict_points,
        title=ict_title,
        category_label=gettext("Year"),
        value_label=gettext("Students"),
        series_order=order[1:],
    )
    return Block(
        key="education-trend",
        title=title,
        points=points,
        category_label=gettext("Year"),
        source=duo_source(years),
        note=gettext(
            "The chart shows the hard-ICT and hybrid-ICT lines; the table also has all hbo students."
        ),
        chart=_chart_or_none(spec, key=key, title=ict_title, points=ict_points),
        series_order=order,
    )


def comparison_block(indicator: Indicator, region: Region, country: Region, latest: int) -> Block:
    """The region beside the Netherlands: per 1,000 residents when the population is loaded, else the
    region's share of the national total (``figure_comparison`` decides)."""
    labels = _labels(latest)
    wheres = {"total": None, "hard": FigureFilter(programme_categories=HARD)}
    wheres["hybrid"] = FigureFilter(programme_categories=(ProgrammeCategory.HYBRID_ICT.value,))
    points: list[Point] = []
    notes: list[str] = []
    basis = "share_of_national"
    for name, where in wheres.items():
        comparison = figure_comparison(indicator=indicator, region=region, year=latest, where=where)
        basis = comparison.basis
        cells = comparison.region.suppressed_cells + comparison.national.suppressed_cells
        if comparison.basis == "per_resident":
            points += [
                Point(labels[name], region.name, _rate_figure(comparison.region_rate, cells)),
                Point(labels[name], country.name, _rate_figure(comparison.national_rate, cells)),
            ]
            if comparison.region_rate is not None:
                notes.append(f"{labels[name]}: {comparison.region_rate.display()}")
        else:
            share = comparison.share or Share(None, None)
            points.append(Point(labels[name], region.name, _share_figure(share, cells)))
            notes.append(f"{labels[name]}: {share.display()}")
    if basis == "per_resident":
        title = gettext("Students per 1,000 residents, %(year)s") % {"year": latest}
        unit, value_label = "", gettext("Students per 1,000 residents")
        note = gettext("Per 1,000 residents of the region; %(ranges)s.")
    else:
        title = gettext("Share of the national number of students, %(year)s") % {"year": latest}
        unit, value_label = "%", gettext("Share of the national total (%)")
        note = gettext(
            "The region's students as a share of the Netherlands' (no population figures are loaded); "
            "with the range the suppressed cells leave open: %(ranges)s."
        )
    spec = comparison_spec(points, title=title, value_label=value_label, unit=unit)
    key = f"education-comparison-{region.code.lower()}"
    return Block(
        key="education-comparison",
        title=title,
        points=points,
        category_label=gettext("Figure"),
        unit=unit,
        source=duo_source([latest]),
        note=note % {"ranges": "; ".join(notes)},
        chart=_chart_or_none(spec, key=key, title=title, points=points, unit=unit),
    )


def women_blocks(indicator: Indicator, regions: Sequence[Region], latest: int, *, key: str) -> list[Block]:
    """Women in ICT education: counts (lower bounds) and their share as an honest range."""
    groups = {
        gettext("Hard ICT, %(year)s") % {"year": latest}: HARD,
        gettext("Hard and hybrid ICT, %(year)s") % {"year": latest}: HARD_AND_HYBRID,
    }
    women_label, all_label = gettext("Women"), gettext("All students")
    counts: list[Point] = []
    shares: list[Point] = []
    ranges: list[str] = []
    for region in regions:
        for label, categories in groups.items():
            found = women_share(region=region, year=latest, categories=categories, indicator=indicator)
            prefix = f"{region.name}: " if len(regions) > 1 else ""
            counts.append(Point(label, prefix + women_label, found.women))
            counts.append(Point(label, prefix + all_label, found.total))
            shares.append(Point(label, region.name, _share_figure(found.share, found.total.suppressed_cells)))
            ranges.append(f"{region.name}, {label}: {found.share.display()}")
    count_title = gettext("Women in ICT education, %(year)s") % {"year": latest}
    share_title = gettext("Share of women in ICT education, %(year)s") % {"year": latest}
    spec = comparison_spec(shares, title=share_title, value_label=gettext("Share of women (%)"), unit="%")
    return [
        Block(
            key=f"{key}-counts",
            title=count_title,
            points=counts,
            category_label=gettext("Programmes"),
            source=duo_source([latest]),
            note=gettext("Students whose gender DUO does not report count among all students."),
        ),
        Block(
            key=f"{key}-share",
            title=share_title,
            points=shares,
            category_label=gettext("Programmes"),
            unit="%",
            source=duo_source([latest]),
            note=gettext("Where DUO suppressed cells the share is only known within a range: %(ranges)s.")
            % {"ranges": "; ".join(ranges)},
            chart=_chart_or_none(
                spec, key=f"{key}-share-{regions[0].code.lower()}", title=share_title, points=shares, unit="%"
            ),
        ),
    ]


def education_map_block(indicator: Indicator, latest: int, *, key: str) -> Block:
    """Hard-ICT hbo students per labour-market region: a choropleth with the same figures as a table."""
    rows = figures_by_region(indicator=indicator, year=latest, where=FigureFilter(programme_categories=HARD))
    series = gettext("Hard-ICT hbo students")
    points = [Point(row.region.name, series, row.figure) for row in rows]
    title = gettext("Hard-ICT hbo students per labour-market region, %(year)s") % {"year": latest}
    shapes, anchors = {}, {}
    for region in labour_market_region_shapes():
        if region.boundary:
            shapes[region.name], anchors[region.name] = shape_and_anchor(region.boundary)
    chart = None
    if shapes:
        spec = choropleth_spec(points, title=title, shapes=shapes, anchors=anchors, legend_title=series)
        chart = _chart_or_none(spec, key=key, title=title, points=points)
    return Block(
        key=key,
        title=title,
        points=points,
        category_label=gettext("Labour-market region"),
        source=duo_source([latest]) + " " + gettext("Boundaries: Statistics Netherlands (CBS), CC BY 4.0."),
        note=gettext(
            "By the municipality of the programme's location. A lower bound leaves out cells DUO "
            "suppressed; the map's steps use the known part."
        ),
        chart=chart,
    )


def _education_data() -> tuple[Indicator, list[int]] | None:
    indicator = indicator_get(code=HBO_ENROLLED)
    if indicator is None:
        return None
    years = years_of(indicator=indicator)
    return (indicator, years) if years else None


# The map is the same on every national profile and comparison page of one data version and language.
_maps: dict[tuple[str, str], Block] = {}


def _map_at(indicator: Indicator, latest: int, version: str | None, *, key: str) -> Block:
    if version is None:
        return education_map_block(indicator, latest, key=key)
    memo_key = (f"{version}:{key}", translation.get_language() or "nl")
    if memo_key not in _maps:
        if len(_maps) > 8:
            _maps.clear()
        _maps[memo_key] = education_map_block(indicator, latest, key=key)
    return _maps[memo_key]


@section_builder(INDICATORS_DATA_KEY, REGIONS_DATA_KEY)
def education(context: ProfileContext) -> Section | None:
    """Enrolled hbo students: key figures with their trend, the region beside the Netherlands, women in
    ICT education and (national profile) the map by labour-market region. None without DUO figures."""
    found = _education_data()
    if found is None:
        return None
    indicator, years = found
    latest = years[-1]
    region, country = context.region, context.country
    national = country is None or country.pk == region.pk
    regions = [region] if national or country is None else [region, country]
    blocks = [
        key_figures_block(indicator, regions, years, key="education-key-figures"),
        trend_block(indicator, region, years),
    ]
    if not national and country is not None:
        blocks.append(comparison_block(indicator, region, country, latest))
    blocks += women_blocks(indicator, regions, latest, key="education-women")
    if region.kind == RegionKind.COUNTRY:
        blocks.append(_map_at(indicator, latest, context.version, key="education-map"))
    return Section(
        key="education",
        title=gettext("ICT in higher professional education (hbo)"),
        introduction=gettext(
            "Students enrolled in hbo programmes at the municipality of the programme's location, from "
            "DUO's open education data. DUO publishes counts under 5 as '<5': such a cell is never "
            "counted as a number, so a total that leaves it out is shown as a lower bound."
        ),
        blocks=blocks,
    )


def education_comparison(regions: Sequence[Region], version: str | None = None) -> Section | None:
    """The comparison page: the chosen regions' education figures side by side, and the map."""
    found = _education_data()
    if found is None:
        return None
    indicator, years = found
    latest = years[-1]
    blocks: list[Block] = []
    if regions:
        blocks.append(key_figures_block(indicator, regions, years, key="compare-education-key-figures"))
        blocks += women_blocks(indicator, regions, latest, key="compare-education-women")
    blocks.append(_map_at(indicator, latest, version, key="compare-education-map"))
    return Section(
        key="education",
        title=gettext("ICT in higher professional education (hbo)"),
        blocks=blocks,
    )


education_comparison.data_keys = (INDICATORS_DATA_KEY, REGIONS_DATA_KEY)  # type: ignore[attr-defined]
