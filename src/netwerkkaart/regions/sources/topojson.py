"""A decoder of TopoJSON topologies into GeoJSON features (the CBS boundary files come as either)."""

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from .common import is_number


class TopoJSONError(ValueError):
    """A topology that cannot be decoded."""


def topojson_object_name(topology: Mapping[str, Any], *, preferred: str | None = None) -> str:
    """The object to read: the one named ``preferred`` (the file's stem), else the only one."""
    objects = topology.get("objects")
    if not isinstance(objects, dict) or not objects:
        raise TopoJSONError(_("the topology has no objects"))
    if preferred and preferred in objects:
        return preferred
    if len(objects) == 1:
        return next(iter(objects))
    raise TopoJSONError(
        _("the topology has several objects (%(names)s) and none is named %(name)s")
        % {"names": ", ".join(sorted(objects)), "name": preferred}
    )


def topojson_arcs(topology: Mapping[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc in longitude/latitude, undoing the quantisation and delta encoding if any."""
    transform = topology.get("transform")
    scale: Any = (1.0, 1.0)
    translate: Any = (0.0, 0.0)
    if transform is not None:
        if isinstance(transform, dict):
            scale, translate = transform.get("scale"), transform.get("translate")
        for value in (scale, translate):
            if not isinstance(value, list) or len(value) != 2 or not all(map(is_number, value)):
                raise TopoJSONError(_("the transform needs a scale and a translate of two numbers each"))
    arcs = topology.get("arcs")
    if not isinstance(arcs, list):
        raise TopoJSONError(_("the topology has no list of arcs"))
    decoded: list[list[tuple[float, float]]] = []
    for index, arc in enumerate(arcs):
        if not isinstance(arc, list) or len(arc) < 2:
            raise TopoJSONError(_("arc %(index)d needs at least two positions") % {"index": index})
        points: list[tuple[float, float]] = []
        x = y = 0.0
        for position in arc:
            if not isinstance(position, list) or len(position) < 2 or not all(map(is_number, position[:2])):
                raise TopoJSONError(
                    _("arc %(index)d holds %(value).40s where a position of two numbers was expected")
                    % {"index": index, "value": json.dumps(position)}
                )
            if transform is None:
                points.append((float(position[0]), float(position[1])))
            else:
                x += position[0]
                y += position[1]
                points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        decoded.append(points)
    return decoded


def _topojson_ring(indexes: Any, arcs: Sequence[Sequence[tuple[float, float]]]) -> list[list[float]]:
    if not isinstance(indexes, list) or not indexes:
        raise TopoJSONError(_("expected a ring as a list of arc indexes"))
    ring: list[tuple[float, float]] = []
    for index in indexes:
        if not isinstance(index, int) or isinstance(index, bool) or not -len(arcs) <= index < len(arcs):
            raise TopoJSONError(
                _("a ring refers to arc %(index)s, but the topology has %(count)d arcs")
                % {"index": json.dumps(index), "count": len(arcs)}
            )
        # A negative index ~i means arc i walked backwards.
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their joining position; keep it once.
        ring.extend(points if not ring else points[1:])
    if len(ring) < 4 or ring[0] != ring[-1]:
        raise TopoJSONError(_("the arcs of a ring do not form a closed ring"))
    return [[x, y] for x, y in ring]


def _topojson_polygon(rings: Any, arcs: Sequence[Sequence[tuple[float, float]]]) -> list[list[list[float]]]:
    if not isinstance(rings, list) or not rings:
        raise TopoJSONError(_("expected a polygon as a list of rings"))
    return [_topojson_ring(ring, arcs) for ring in rings]


def topojson_geometry(
    geometry: Mapping[str, Any], arcs: Sequence[Sequence[tuple[float, float]]]
) -> dict[str, Any] | None:
    """The GeoJSON geometry of one TopoJSON Polygon or MultiPolygon; None for a null geometry."""
    kind = geometry.get("type")
    if kind is None:
        return None
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": _topojson_polygon(geometry.get("arcs"), arcs)}
    if kind == "MultiPolygon":
        polygons = geometry.get("arcs")
        if not isinstance(polygons, list) or not polygons:
            raise TopoJSONError(_("expected a MultiPolygon as a list of polygons"))
        return {"type": "MultiPolygon", "coordinates": [_topojson_polygon(p, arcs) for p in polygons]}
    raise TopoJSONError(_("expected a Polygon or MultiPolygon, found %(type)s") % {"type": kind})


def topojson_members(topology: Mapping[str, Any], name: str) -> list[Any]:
    member = topology["objects"][name]
    if isinstance(member, dict) and member.get("type") == "GeometryCollection":
        geometries = member.get("geometries")
        if not isinstance(geometries, list):
            raise TopoJSONError(_("the object %(name)s has no list of geometries") % {"name": name})
        return geometries
    return [member]


def topojson_features(topology: Mapping[str, Any], *, object_name: str | None = None) -> list[dict[str, Any]]:
    """The GeoJSON features of one TopoJSON object (``object_name``, or the only one)."""
    if topology.get("type") != "Topology":
        raise TopoJSONError(_("expected a TopoJSON Topology"))
    name = topojson_object_name(topology, preferred=object_name)
    arcs = topojson_arcs(topology)
    features = []
    for member in topojson_members(topology, name):
        if not isinstance(member, dict):
            raise TopoJSONError(_("expected a geometry object"))
        features.append(
            {
                "type": "Feature",
                "properties": member.get("properties") or {},
                "geometry": topojson_geometry(member, arcs),
            }
        )
    return features
