"""Reads for the map of initiatives: which initiatives a map request is about, and grid clusters of them.

Clustering happens in the database: initiatives are grouped on their coordinates quantised to a grid
whose cells are about `CELL_PIXELS` wide on screen at the requested zoom level. Only one row per
non-empty cell leaves the database, so the whole country with 100,000 initiatives costs a few hundred
rows, whatever the number of initiatives.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, FloatField, Min, Q, QuerySet, Value
from django.db.models.functions import Floor
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.selectors import region_get_current

from .choices import InitiativeKind, Phase
from .models import Initiative, InitiativeQuerySet
from .selectors import initiatives_in_region

# Leaflet's zoom levels; beyond 18 the basemap has no tiles and points hardly move apart.
MIN_ZOOM = 0
MAX_ZOOM = 18
TILE_PIXELS = 256
CELL_PIXELS = 64
# A grid this large still fits a 1920 x 1080 screen at any zoom; larger requests get coarser cells,
# which bounds the payload whatever the bounding box.
MAX_CELLS = 768
# Grid cells are square on screen in the middle of the Netherlands (latitude 52.2).
LATITUDE_SCALE = math.cos(math.radians(52.2))
# Web Mercator does not reach the poles.
MAX_LATITUDE = 85.05


class MapParamsError(ValueError):
    """A map request parameter that cannot be understood; the message is safe to show."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))


@dataclass(frozen=True)
class BoundingBox:
    west: float
    south: float
    east: float
    north: float


# The Netherlands with a margin: the default area of a request without a bounding box.
NETHERLANDS = BoundingBox(west=3.2, south=50.7, east=7.3, north=53.7)


@dataclass(frozen=True)
class MapFilters:
    """The filters the map understands until the shared `initiative_filter` is available."""

    kinds: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapRequest:
    zoom: int
    bbox: BoundingBox
    filters: MapFilters = field(default_factory=MapFilters)


@dataclass(frozen=True)
class Cluster:
    """The initiatives in one grid cell; `name` and `slug` are those of its only member when `count` is 1."""

    latitude: float
    longitude: float
    count: int
    fictitious: int
    name: str
    slug: str

    @property
    def is_single(self) -> bool:
        return self.count == 1


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _bbox_parse(text: str) -> BoundingBox:
    parts = text.split(",")
    try:
        west, south, east, north = (_float(part) for part in parts)
    except ValueError:
        raise MapParamsError(
            _("bbox must be four numbers separated by commas: west,south,east,north (degrees).")
        ) from None
    # Leaflet reports longitudes beyond 180 degrees when the map shows the world more than once.
    bbox = BoundingBox(
        west=max(west, -180.0),
        south=max(south, -MAX_LATITUDE),
        east=min(east, 180.0),
        north=min(north, MAX_LATITUDE),
    )
    if bbox.west >= bbox.east or bbox.south >= bbox.north:
        raise MapParamsError(_("bbox must have west below east and south below north."))
    return bbox


def _choices_parse(values: Sequence[str], allowed: set[str], name: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(value for value in values if value))
    unknown = [value for value in chosen if value not in allowed]
    if unknown:
        raise MapParamsError(
            _("Unknown %(name)s: %(values)s.") % {"name": name, "values": ", ".join(unknown)}
        )
    return chosen


def map_filters_parse(params: QueryDict) -> MapFilters:
    """The filters in a query string, as the initiative list takes them; raises `MapParamsError`."""
    themes = tuple(dict.fromkeys(value.strip() for value in params.getlist("theme") if value.strip()))
    regions = tuple(
        dict.fromkeys(value.strip().upper() for value in params.getlist("region") if value.strip())
    )
    return MapFilters(
        kinds=_choices_parse(params.getlist("kind"), set(InitiativeKind.values), "kind"),
        phases=_choices_parse(params.getlist("phase"), set(Phase.values), "phase"),
        themes=themes,
        regions=regions,
    )


def map_request_parse(params: QueryDict) -> MapRequest:
    """Zoom level, bounding box and filters of a clusters request; raises `MapParamsError`."""
    zoom_values = params.getlist("zoom")
    try:
        zoom = int(zoom_values[-1]) if zoom_values else -1
    except ValueError:
        zoom = -1
    if not MIN_ZOOM <= zoom <= MAX_ZOOM:
        raise MapParamsError(
            _("zoom must be a whole number from %(min)d to %(max)d.") % {"min": MIN_ZOOM, "max": MAX_ZOOM}
        )
    bbox_values = params.getlist("bbox")
    bbox = _bbox_parse(bbox_values[-1]) if bbox_values else NETHERLANDS
    return MapRequest(zoom=zoom, bbox=bbox, filters=map_filters_parse(params))


def map_initiatives(*, filters: MapFilters) -> InitiativeQuerySet:
    """The published initiatives the filters select.

    The one place to switch to the shared `initiative_filter(params=...)` once it exists, so that the
    map, the list and the embed always show the same result set.
    """
    queryset = Initiative.objects.published()
    if filters.kinds:
        queryset = queryset.filter(kind__in=filters.kinds)
    if filters.phases:
        queryset = queryset.filter(phase__in=filters.phases)
    if filters.themes:
        # A subquery rather than a join: a join would repeat an initiative once per matching theme.
        tagged = Initiative.themes.through.objects.filter(
            theme__slug__in=filters.themes, theme__is_active=True
        ).values("initiative_id")
        queryset = queryset.filter(pk__in=tagged)
    if filters.regions:
        in_any = Q()
        for code in filters.regions:
            region = region_get_current(code=code)
            if region is None:
                raise MapParamsError(_("Unknown region: %(code)s.") % {"code": code})
            in_any |= Q(pk__in=initiatives_in_region(region=region).order_by().values("pk"))
        queryset = queryset.filter(in_any)
    return queryset


def grid_cell_size(*, zoom: int, bbox: BoundingBox) -> tuple[float, float]:
    """Width and height in degrees of the grid cells for a zoom level, coarser when the box is too big."""
    width = CELL_PIXELS * 360.0 / (TILE_PIXELS * 2**zoom)
    height = width * LATITUDE_SCALE

    def cells(width: float, height: float) -> int:
        columns = math.floor(bbox.east / width) - math.floor(bbox.west / width) + 1
        rows = math.floor(bbox.north / height) - math.floor(bbox.south / height) + 1
        return columns * rows

    # Doubling keeps the cells aligned with those of the lower zoom levels.
    while cells(width, height) > MAX_CELLS:
        width, height = width * 2, height * 2
    return width, height


def initiative_clusters(*, initiatives: InitiativeQuerySet, zoom: int, bbox: BoundingBox) -> list[Cluster]:
    """The initiatives with coordinates inside the box, grouped on the grid of the zoom level.

    Two queries: the grid (which reads only status, coordinates and the fictitious flag, so that an index
    on those columns can answer it alone), then the names of the cells holding one initiative. Cells
    come from north to south and west to east, the reading order of the map.
    """
    width, height = grid_cell_size(zoom=zoom, bbox=bbox)
    cells = list(
        initiatives.filter(
            latitude__gte=bbox.south,
            latitude__lte=bbox.north,
            longitude__gte=bbox.west,
            longitude__lte=bbox.east,
        )
        .order_by()
        .annotate(
            cell_x=Floor(F("longitude") / Value(width, output_field=FloatField())),
            cell_y=Floor(F("latitude") / Value(height, output_field=FloatField())),
        )
        .values("cell_x", "cell_y")
        .annotate(
            count=Count("pk"),
            fictitious_count=Count("pk", filter=Q(fictitious=True)),
            mean_latitude=Avg("latitude"),
            mean_longitude=Avg("longitude"),
            first_id=Min("pk"),
        )
        .order_by("-cell_y", "cell_x")
    )
    single_ids = [cell["first_id"] for cell in cells if cell["count"] == 1]
    names: dict[int, tuple[str, str]] = {}
    if single_ids:
        names = {
            pk: (name, slug)
            for pk, name, slug in Initiative.objects.filter(pk__in=single_ids).values_list(
                "pk", "name", "slug"
            )
        }
    return [
        Cluster(
            latitude=cell["mean_latitude"],
            longitude=cell["mean_longitude"],
            count=cell["count"],
            fictitious=cell["fictitious_count"],
            name=names[cell["first_id"]][0] if cell["count"] == 1 else "",
            slug=names[cell["first_id"]][1] if cell["count"] == 1 else "",
        )
        for cell in cells
    ]


def _labour_market_regions_with_boundary() -> QuerySet[Region]:
    return (
        Region.objects.current()
        .of_kind(RegionKind.LABOUR_MARKET_REGION)
        .filter(boundary__isnull=False)
        .order_by("code")
    )


def labour_market_boundaries_loaded() -> bool:
    """Whether the outlines of the labour-market regions can be drawn on the map."""
    return _labour_market_regions_with_boundary().exists()


def labour_market_region_outlines() -> list[dict[str, Any]]:
    """GeoJSON features of the current labour-market regions that have a boundary, without counts.

    The map's backdrop: the home page's shapes endpoint also counts the initiatives per region, which
    takes seconds at 100,000 initiatives and is not needed to draw outlines.
    """
    features = (region.boundary_feature() for region in _labour_market_regions_with_boundary())
    return [feature for feature in features if feature is not None]
