"""Reads for the map of initiatives: which initiatives a map request is about, and grid clusters of them.

The map shows the same result set as the list: an `InitiativeSelection` (`selectors.initiative_select`).
Clustering happens in the result index, in memory: initiatives are grouped on their coordinates
quantised to a grid whose cells are about `CELL_PIXELS` wide on screen at the requested zoom level. One
cluster per non-empty cell leaves the server, so the whole country with 100,000 initiatives costs a
few hundred features, whatever the number of initiatives.
"""

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region

from .selectors import InitiativeSelection

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
class MapRequest:
    zoom: int
    bbox: BoundingBox


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


def map_request_parse(params: QueryDict) -> MapRequest:
    """Zoom level and bounding box of a clusters request; raises `MapParamsError`. The filters are
    those of the list (`InitiativeFilterForm`), read by the view."""
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
    return MapRequest(zoom=zoom, bbox=bbox)


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


def initiative_clusters(*, selection: InitiativeSelection, zoom: int, bbox: BoundingBox) -> list[Cluster]:
    """The selected initiatives with coordinates inside the box, grouped on the grid of the zoom level.

    No queries: the coordinates, names and flags are columns of the result index. Cells come from north
    to south and west to east, the reading order of the map; a cell's position is the mean of its
    members.
    """
    index = selection.index
    latitude, longitude = index.latitude, index.longitude
    with np.errstate(invalid="ignore"):  # a missing coordinate is NaN and lies in no box
        inside = (
            selection.matching()
            & (latitude >= bbox.south)
            & (latitude <= bbox.north)
            & (longitude >= bbox.west)
            & (longitude <= bbox.east)
        )
    positions = np.flatnonzero(inside)
    if not positions.size:
        return []
    width, height = grid_cell_size(zoom=zoom, bbox=bbox)
    column = np.floor(longitude[positions] / width).astype(np.int64)
    row = np.floor(latitude[positions] / height).astype(np.int64)
    # North first, then west first: one sortable number per cell.
    cell = (row.max() - row) * (column.max() - column.min() + 1) + (column - column.min())
    order = np.argsort(cell, kind="stable")  # within a cell the positions stay ascending
    positions, cell = positions[order], cell[order]
    _cells, starts, sizes = np.unique(cell, return_index=True, return_counts=True)
    latitudes = np.add.reduceat(latitude[positions], starts) / sizes
    longitudes = np.add.reduceat(longitude[positions], starts) / sizes
    fictitious = np.add.reduceat(index.fictitious[positions].astype(np.int64), starts)
    firsts = positions[starts]
    return [
        Cluster(
            latitude=float(latitudes[number]),
            longitude=float(longitudes[number]),
            count=int(sizes[number]),
            fictitious=int(fictitious[number]),
            name=index.names[firsts[number]] if sizes[number] == 1 else "",
            slug=index.slugs[firsts[number]] if sizes[number] == 1 else "",
        )
        for number in range(starts.size)
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
