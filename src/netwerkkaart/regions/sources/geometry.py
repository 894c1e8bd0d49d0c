"""Boundaries: checking GeoJSON polygons, normalising them, and converting between GeoJSON and shapely."""

import json
from collections.abc import Mapping
from typing import Any

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry import shape as geometry_from_geojson
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from .common import is_number

# The CBS files are generalised to about 100 m. Simplifying with a tolerance well below that
# (0.0002 degrees is 14-22 m in the Netherlands) drops redundant vertices without moving a border
# visibly, and keeps an ungeneralised file from bloating every page that draws a map.
SIMPLIFY_TOLERANCE = 0.0002
# Five decimals of a degree is about 1 m: more precision is noise in a generalised map.
COORDINATE_DECIMALS = 5
# A generous box around the Netherlands, Wadden islands and coastal waters included. Coordinates
# outside it are almost always another projection (RD New, EPSG:28992) or swapped lat/lon.
LONGITUDE_RANGE = (3.0, 7.5)
LATITUDE_RANGE = (50.5, 54.0)


class GeometryError(ValueError):
    """A boundary that cannot be used; the message says what was expected."""


def _position_check(position: Any) -> None:
    if not isinstance(position, list) or len(position) < 2 or not all(map(is_number, position[:2])):
        raise GeometryError(
            _("expected a position [longitude, latitude] of two numbers, found %(value).60s")
            % {"value": json.dumps(position)}
        )
    longitude, latitude = position[0], position[1]
    if not (
        LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]
        and LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]
    ):
        raise GeometryError(
            _(
                "the position [%(x)s, %(y)s] is not a WGS84 longitude/latitude in the Netherlands; "
                "is the file in another projection such as RD New (EPSG:28992)?"
            )
            % {"x": longitude, "y": latitude}
        )


def _polygon_from_rings(rings: Any) -> Polygon:
    if not isinstance(rings, list) or not rings:
        raise GeometryError(_("expected a polygon as a list of rings"))
    checked: list[list[tuple[float, float]]] = []
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            raise GeometryError(_("expected a ring of at least four positions"))
        for position in ring:
            _position_check(position)
        if ring[0][:2] != ring[-1][:2]:
            raise GeometryError(_("a ring is not closed: its first and last positions differ"))
        checked.append([(float(p[0]), float(p[1])) for p in ring])
    return Polygon(checked[0], checked[1:])


def geometry_parse(geometry: Any) -> BaseGeometry:
    """A checked shapely geometry from a GeoJSON Polygon or MultiPolygon in WGS84."""
    if not isinstance(geometry, dict):
        raise GeometryError(_("the feature has no geometry"))
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return _polygon_from_rings(coordinates)
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise GeometryError(_("expected a MultiPolygon as a list of polygons"))
        return MultiPolygon([_polygon_from_rings(polygon) for polygon in coordinates])
    raise GeometryError(_("expected a Polygon or MultiPolygon, found %(type)s") % {"type": kind})


def _polygons_of(geometry: BaseGeometry) -> list[Polygon]:
    """The polygonal parts: repairing a self-intersection can leave stray lines and points."""
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    parts = getattr(geometry, "geoms", ())
    return [polygon for part in parts for polygon in _polygons_of(part)]


def boundary_normalise(geometry: BaseGeometry) -> BaseGeometry:
    """A valid, simplified geometry on a 1 m grid, exterior rings counter-clockwise (RFC 7946).

    The official files disagree on ring orientation and a few generalised borders cross
    themselves; both would break point-in-polygon tests and map rendering.
    """
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    geometry = MultiPolygon(_polygons_of(geometry))
    geometry = geometry.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
    geometry = shapely.set_precision(geometry, 10**-COORDINATE_DECIMALS)
    polygons = [orient(polygon, sign=1.0) for polygon in _polygons_of(geometry)]
    if not polygons:
        raise GeometryError(_("the boundary has no area"))
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _ring_coordinates(ring: Any) -> list[list[float]]:
    return [[round(x, COORDINATE_DECIMALS), round(y, COORDINATE_DECIMALS)] for x, y in ring.coords]


def _polygon_coordinates(polygon: Polygon) -> list[list[list[float]]]:
    return [_ring_coordinates(polygon.exterior), *(_ring_coordinates(ring) for ring in polygon.interiors)]


def boundary_geojson(geometry: BaseGeometry) -> dict[str, Any]:
    """A GeoJSON geometry of plain lists, as it comes back from a JSON column (so values compare)."""
    if isinstance(geometry, Polygon):
        return {"type": "Polygon", "coordinates": _polygon_coordinates(geometry)}
    polygons = _polygons_of(geometry)
    return {"type": "MultiPolygon", "coordinates": [_polygon_coordinates(p) for p in polygons]}


def boundary_geometry(boundary: Mapping[str, Any]) -> BaseGeometry:
    """The shapely geometry of a stored boundary: spatial joins use exactly what is stored, so a
    later import that reads boundaries back from the database reaches the same answers."""
    return geometry_from_geojson(boundary)


def boundary_centre(geometry: BaseGeometry) -> tuple[float, float]:
    """(latitude, longitude) of a point inside the boundary, which a centroid need not be."""
    point = geometry.representative_point()
    return round(point.y, COORDINATE_DECIMALS), round(point.x, COORDINATE_DECIMALS)
