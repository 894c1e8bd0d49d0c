"""The profile sections computed from the platform itself: PPS coverage and the map of initiatives."""

from typing import Any

from django.utils.translation import gettext, ngettext
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from netwerkkaart.initiatives.result_index import INDEX_DATA_KEY
from netwerkkaart.initiatives.selectors import TermCount, initiative_counts_per_labour_market_region
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.selectors import REGIONS_DATA_KEY

from .charts import chart_of, choropleth_spec, comparison_spec, trend_spec
from .figures import Figure, Point
from .sections import Block, ProfileContext, Section, section_builder
from .selectors import Coverage, coverage_of, share

# Map outlines are simplified further for the chart (degrees; about 500 m), which keeps each SVG small.
MAP_TOLERANCE = 0.005


def platform_source() -> str:
    return gettext("Source: Netwerkkaart, published initiatives and their yearly figures.")


def _key_figures(coverages: list[Coverage]) -> Block:
    points = []
    for coverage in coverages:
        name = coverage.region.name
        latest = coverage.latest("students_reached")
        points += [
            Point(gettext("Published initiatives"), name, Figure.of(coverage.initiatives)),
            Point(gettext("of which fictitious examples"), name, Figure.of(coverage.fictitious)),
            Point(gettext("Companies involved"), name, Figure.of(coverage.companies)),
            Point(
                gettext("Students reached in the latest year reported"),
                name,
                Figure.of(latest.value if latest else None),
            ),
            Point(gettext("Goals worked on"), name, Figure.of(coverage.goals_covered)),
            Point(gettext("Themes worked on"), name, Figure.of(coverage.themes_covered)),
        ]
    return Block(
        key="key-figures",
        title=gettext("Key figures"),
        points=points,
        category_label=gettext("Figure"),
        source=platform_source(),
    )


def _trend(coverage: Coverage, measure: str, *, key: str, title: str, value_label: str) -> Block | None:
    totals = coverage.yearly.get(measure) or []
    if not totals:
        return None
    points = [Point(str(total.year), coverage.region.name, Figure.of(total.value)) for total in totals]
    reporting = "; ".join(
        ngettext("%(year)s: %(count)s initiative", "%(year)s: %(count)s initiatives", total.reporting)
        % {"year": total.year, "count": total.reporting}
        for total in totals
    )
    chart_key = f"{key}-{coverage.region.code.lower()}"
    spec = trend_spec(points, title=title, category_label=gettext("Year"), value_label=value_label)
    return Block(
        key=key,
        title=title,
        points=points,
        category_label=gettext("Year"),
        source=platform_source(),
        note=gettext("The sum over the initiatives that reported this figure for the year (%(reporting)s).")
        % {"reporting": reporting},
        chart=chart_of(spec, key=chart_key, title=title, points=points),
    )


def _term_shares(coverages: list[Coverage], kind: str, *, key: str, title: str, label: str) -> Block:
    points = []
    for coverage in coverages:
        rows: list[TermCount] = getattr(coverage.coverage, kind)
        for row in rows:
            points.append(
                Point(row.term.name, coverage.region.name, Figure.of(share(row.count, coverage.initiatives)))
            )
    value_label = gettext("Share of the initiatives (%)")
    block = Block(
        key=key,
        title=title,
        points=points,
        category_label=label,
        unit="%",
        source=platform_source(),
        note=gettext("An initiative can work on several of them, so the shares add up to more than 100%."),
    )
    if not any(point.figure.value for point in points):
        return block
    spec = comparison_spec(points, title=title, value_label=value_label, unit="%")
    chart_key = f"{key}-{coverages[0].region.code.lower()}"
    return Block(
        **{**block.__dict__, "chart": chart_of(spec, key=chart_key, title=title, points=points, unit="%")}
    )


def coverage_blocks(coverages: list[Coverage]) -> list[Block]:
    """The coverage of the first region, compared with the others (the Netherlands on a profile)."""
    main = coverages[0]
    blocks = [_key_figures(coverages)]
    for block in (
        _trend(
            main,
            "students_reached",
            key="students-reached",
            title=gettext("Students reached per year"),
            value_label=gettext("Students reached"),
        ),
        _trend(
            main,
            "companies",
            key="companies-per-year",
            title=gettext("Companies involved per year"),
            value_label=gettext("Companies involved"),
        ),
    ):
        if block is not None:
            blocks.append(block)
    blocks.append(
        _term_shares(
            coverages, "goals", key="goals", title=gettext("Initiatives per goal"), label=gettext("Goal")
        )
    )
    blocks.append(
        _term_shares(
            coverages, "themes", key="themes", title=gettext("Initiatives per theme"), label=gettext("Theme")
        )
    )
    return blocks


# The national coverage, which every profile compares with, per data version: made once, not 48 times.
_national: dict[tuple[int, str], Coverage] = {}


def _coverage_at(region: Region, version: str | None) -> Coverage:
    if version is None or region.kind != RegionKind.COUNTRY:
        return coverage_of(region)
    key = (region.pk, version)
    if key not in _national:
        _national.clear()  # an older version is never asked for again
        _national[key] = coverage_of(region)
    return _national[key]


@section_builder(INDEX_DATA_KEY, REGIONS_DATA_KEY)
def pps_coverage(context: ProfileContext) -> Section:
    """Initiatives, companies, students reached, goals and themes; compared with the Netherlands."""
    regions = [context.region]
    if context.country is not None and context.country.pk != context.region.pk:
        regions.append(context.country)
    coverages = [_coverage_at(region, context.version) for region in regions]
    return Section(
        key="pps",
        title=gettext("Public-private partnerships"),
        introduction=gettext(
            "Computed from the initiatives published on Netwerkkaart that have their main location in the "
            "region or serve (part of) it. Fictitious examples are included in the counts and labelled."
        ),
        blocks=coverage_blocks(coverages),
    )


def d3_oriented(geometry: BaseGeometry) -> BaseGeometry:
    """Rings as d3-geo (Vega's projection) reads them: exterior rings clockwise. GeoJSON (RFC 7946) has
    them counter-clockwise, which d3 takes for "everything except this region": the whole globe."""
    if isinstance(geometry, Polygon):
        return orient(geometry, sign=-1.0)
    if isinstance(geometry, MultiPolygon):
        return MultiPolygon([orient(part, sign=-1.0) for part in geometry.geoms])
    return geometry


def _shape_and_anchor(boundary: dict[str, Any]) -> tuple[dict[str, Any], tuple[float, float]]:
    geometry = shape(boundary)
    inner = geometry.representative_point()
    simplified = geometry.simplify(MAP_TOLERANCE, preserve_topology=True)
    return mapping(d3_oriented(simplified)), (inner.x, inner.y)


def initiatives_map_block(*, key: str = "initiatives-map") -> Block | None:
    """Initiatives per labour-market region: a choropleth with the same figures as a table."""
    rows = sorted(
        initiative_counts_per_labour_market_region(with_boundaries=True), key=lambda row: row.region.name
    )
    points = [Point(row.region.name, gettext("Published initiatives"), Figure.of(row.count)) for row in rows]
    title = gettext("Published initiatives per labour-market region")
    block = Block(
        key=key,
        title=title,
        points=points,
        category_label=gettext("Labour-market region"),
        source=platform_source() + " " + gettext("Boundaries: Statistics Netherlands (CBS), CC BY 4.0."),
    )
    shapes, anchors = {}, {}
    for row in rows:
        if row.region.boundary:
            shapes[row.region.name], anchors[row.region.name] = _shape_and_anchor(row.region.boundary)
    if not shapes:
        return block
    spec = choropleth_spec(
        points, title=title, shapes=shapes, anchors=anchors, legend_title=gettext("Published initiatives")
    )
    return Block(**{**block.__dict__, "chart": chart_of(spec, key=key, title=title, points=points)})


@section_builder(INDEX_DATA_KEY, REGIONS_DATA_KEY)
def initiatives_map(context: ProfileContext) -> Section | None:
    """On the national profile: the labour-market regions shaded by their number of initiatives."""
    if context.region.kind != RegionKind.COUNTRY:
        return None
    block = initiatives_map_block()
    if block is None:
        return None
    return Section(key="map", title=gettext("Initiatives across the country"), blocks=[block])


def _trend_of_many(
    coverages: list[Coverage], measure: str, *, key: str, title: str, value_label: str
) -> Block | None:
    points = [
        Point(str(total.year), coverage.region.name, Figure.of(total.value))
        for coverage in coverages
        for total in coverage.yearly.get(measure) or []
    ]
    if not points:
        return None
    points.sort(key=lambda point: point.category)
    order = tuple(coverage.region.name for coverage in coverages)
    spec = trend_spec(
        points, title=title, category_label=gettext("Year"), value_label=value_label, series_order=order
    )
    return Block(
        key=key,
        title=title,
        points=points,
        category_label=gettext("Year"),
        source=platform_source(),
        note=gettext("The sum over the initiatives that reported this figure for the year."),
        chart=chart_of(spec, key=key, title=title, points=points),
        series_order=order,
    )


def comparison_blocks(coverages: list[Coverage]) -> list[Block]:
    """The chosen regions side by side: key figures, students reached per year, goals and themes."""
    blocks = [_key_figures(coverages)]
    trend = _trend_of_many(
        coverages,
        "students_reached",
        key="compare-students-reached",
        title=gettext("Students reached per year"),
        value_label=gettext("Students reached"),
    )
    if trend is not None:
        blocks.append(trend)
    blocks.append(
        _term_shares(
            coverages,
            "goals",
            key="compare-goals",
            title=gettext("Initiatives per goal"),
            label=gettext("Goal"),
        )
    )
    blocks.append(
        _term_shares(
            coverages,
            "themes",
            key="compare-themes",
            title=gettext("Initiatives per theme"),
            label=gettext("Theme"),
        )
    )
    return blocks
