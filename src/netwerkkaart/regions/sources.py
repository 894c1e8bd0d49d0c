"""Readers of the official reference-data formats, and the download of the same data online.

Readers only read and validate; they never touch the database (``services`` does). Each reader
collects every problem of its file before it raises ``DataImportError``, so one run lists all that
needs fixing. Rows are line numbers of the file (a CSV header is row 1), except in boundary files,
where a row is the position of the feature (the first feature is 1): those files put many features
on one line.

Region names, sources and codes written here end up in the database; they are never translated,
so the same import gives the same rows whatever language is active.
"""

import codecs
import csv
import difflib
import io
import json
import math
import re
import unicodedata
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry import shape as geometry_from_geojson
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from netwerkkaart.core.errors import DataImportError, ImportProblem

from .choices import PostcodeKind, RegionKind

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
# A problem list longer than this stops being useful: the rest is summarised in one line.
MAX_PROBLEMS_PER_FILE = 50

BOUNDARY_FILE_KINDS = {
    "provincie": RegionKind.PROVINCE,
    "arbeidsmarktregio": RegionKind.LABOUR_MARKET_REGION,
    "gemeente": RegionKind.MUNICIPALITY,
}
BOUNDARY_FILE = re.compile(
    r"^(?P<kind>provincie|arbeidsmarktregio|gemeente)_(?P<year>\d{4})\.(?:geojson|topojson|json)$"
)
MEMBERSHIP_FILE = re.compile(r"^cbs(?P<table>\w+?)_gemeente_arbeidsmarktregio_(?P<year>\d{4})\.json$")
POSTCODE_FILE = re.compile(r"^4pp(?:_\d{4})?\.csv$")
# Folders of a data directory where the files may sit (the layout of shared/data, or all in one).
DATA_SUBFOLDERS = ("", "reference", "postcode")

REGION_CODE = {
    RegionKind.PROVINCE: re.compile(r"^PV\d{2}$"),
    RegionKind.LABOUR_MARKET_REGION: re.compile(r"^AM\d{2}$"),
    RegionKind.MUNICIPALITY: re.compile(r"^GM\d{4}$"),
}
YEAR_CODE = re.compile(r"^(?P<year>\d{4})(?P<code>[A-Z]{2}\d+)$")
REGION_NAME_MAX_LENGTH = 120

POSTCODE_COLUMNS = (
    "id",
    "postcode",
    "woonplaats",
    "alternatieve_schrijfwijzen",
    "gemeente",
    "provincie",
    "netnummer",
    "latitude",
    "longitude",
    "soort",
)
# Only these are used. The 2014 municipality and province names are outdated on purpose: a
# postcode's municipality is decided spatially.
POSTCODE_REQUIRED_COLUMNS = ("postcode", "woonplaats", "latitude", "longitude", "soort")
# "Adres + Postbus" codes have addresses, so their centre is as good as that of plain "Adres".
POSTCODE_KINDS = {
    "adres": PostcodeKind.ADDRESSES,
    "adres + postbus": PostcodeKind.ADDRESSES,
    "postbus": PostcodeKind.PO_BOXES,
    "onbekend": PostcodeKind.UNKNOWN,
}
POSTCODE = re.compile(r"^[1-9]\d{3}$")

# Byte-order marks of encodings that are not UTF-8. UTF-32 first: its little-endian mark starts
# with the UTF-16 one.
FOREIGN_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionRecord:
    """One region as the import will store it."""

    kind: str
    code: str
    name: str
    year: int
    boundary: dict[str, Any] | None = None
    latitude: float | None = None
    longitude: float | None = None
    source: str = ""
    row: int | None = None


@dataclass(frozen=True)
class RegionSet:
    """All regions of one kind and year, from one file."""

    file: str
    kind: str
    year: int
    regions: tuple[RegionRecord, ...]


@dataclass(frozen=True)
class MembershipRecord:
    municipality_code: str
    parent_code: str
    row: int | None


@dataclass(frozen=True)
class MembershipTable:
    """The labour-market region of every municipality, from CBS "Gebieden in Nederland"."""

    file: str
    year: int
    source: str
    memberships: tuple[MembershipRecord, ...]


@dataclass(frozen=True)
class PostcodeRecord:
    code: str
    place: str
    latitude: float
    longitude: float
    kind: str
    row: int | None = None


@dataclass(frozen=True)
class PostcodeFile:
    file: str
    source: str
    postcodes: tuple[PostcodeRecord, ...]


@dataclass(frozen=True)
class ReferenceFiles:
    """The recognised files of a data directory; absent files are simply not imported."""

    boundaries: tuple[Path, ...] = ()
    memberships: tuple[Path, ...] = ()
    postcodes: tuple[Path, ...] = ()

    @property
    def all(self) -> tuple[Path, ...]:
        return self.boundaries + self.memberships + self.postcodes


class _Problems:
    """The problems of one file, capped so that a wholly wrong file gives a readable report."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[ImportProblem] = []
        self.suppressed = 0

    def add(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        if len(self.items) >= MAX_PROBLEMS_PER_FILE:
            self.suppressed += 1
            return
        self.items.append(ImportProblem(file=self.file, message=message, row=row, column=column))

    def __bool__(self) -> bool:
        return bool(self.items)

    def error(self) -> DataImportError:
        problems = list(self.items)
        if self.suppressed:
            problems.append(
                ImportProblem(
                    file=self.file,
                    message=_("%(count)d more problems are not shown") % {"count": self.suppressed},
                )
            )
        return DataImportError(problems)

    def raise_if_any(self) -> None:
        if self.items:
            raise self.error()


# --- finding files -----------------------------------------------------------------------------


def reference_files_find(data_dir: Path) -> ReferenceFiles:
    """The reference files in ``data_dir`` and its ``reference/`` and ``postcode/`` folders."""
    if not data_dir.is_dir():
        raise DataImportError(
            [ImportProblem(file=str(data_dir), message=_("the data folder does not exist"))]
        )
    boundaries: list[Path] = []
    memberships: list[Path] = []
    postcodes: list[Path] = []
    for subfolder in DATA_SUBFOLDERS:
        folder = data_dir / subfolder
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_file():
                continue
            if BOUNDARY_FILE.match(path.name):
                boundaries.append(path)
            elif MEMBERSHIP_FILE.match(path.name):
                memberships.append(path)
            elif POSTCODE_FILE.match(path.name):
                postcodes.append(path)
    return ReferenceFiles(tuple(boundaries), tuple(memberships), tuple(postcodes))


# --- shared reading helpers --------------------------------------------------------------------


def _text_read(path: Path, problems: _Problems) -> str | None:
    """The file as text, or None after recording why it cannot be read as UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.add(_("the file cannot be read: %(reason)s") % {"reason": error.strerror or error})
        return None
    if not raw.strip():
        problems.add(_("the file is empty"))
        return None
    for mark, encoding in FOREIGN_BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            problems.add(
                _("the file is encoded as %(encoding)s, expected UTF-8; save it as UTF-8")
                % {"encoding": encoding},
                row=1,
            )
            return None
    if b"\x00" in raw:
        # UTF-16 without a byte-order mark: every ASCII character comes with a NUL byte.
        position = raw.index(b"\x00")
        problems.add(
            _(
                "the file contains NUL bytes (first at byte %(position)d): it looks UTF-16 encoded, "
                "expected UTF-8; save it as UTF-8"
            )
            % {"position": position},
            row=raw.count(b"\n", 0, position) + 1,
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(
            _(
                "the file is not valid UTF-8: byte 0x%(byte)02X at byte position %(position)d cannot "
                "be decoded (is it Latin-1 or Windows-1252?); save the file as UTF-8"
            )
            % {"byte": raw[error.start], "position": error.start},
            row=raw.count(b"\n", 0, error.start) + 1,
        )
        return None


def _json_parse(
    text: str, problems: _Problems, *, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None
) -> Any:
    try:
        return json.loads(text, object_pairs_hook=object_pairs_hook)
    except json.JSONDecodeError as error:
        # A cut-off file fails at its very end, or in a string that never closes.
        unclosed_string = error.msg.startswith("Unterminated string") and '"' not in text[error.pos + 1 :]
        if error.pos >= len(text.rstrip()) or unclosed_string:
            reason = _("the file ends in the middle of the data: it looks truncated")
        else:
            reason = error.msg
        problems.add(
            _("invalid JSON at line %(line)d, column %(column)d (character %(position)d): %(reason)s")
            % {"line": error.lineno, "column": error.colno, "position": error.pos, "reason": reason},
            row=error.lineno,
        )
        return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# --- geometry ----------------------------------------------------------------------------------


class GeometryError(ValueError):
    """A boundary that cannot be used; the message says what was expected."""


def _position_check(position: Any) -> None:
    if not isinstance(position, list) or len(position) < 2 or not all(map(_is_number, position[:2])):
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


def _centre(geometry: BaseGeometry) -> tuple[float, float]:
    point = geometry.representative_point()
    return round(point.y, COORDINATE_DECIMALS), round(point.x, COORDINATE_DECIMALS)


# --- TopoJSON ----------------------------------------------------------------------------------


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
            if not isinstance(value, list) or len(value) != 2 or not all(map(_is_number, value)):
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
            if not isinstance(position, list) or len(position) < 2 or not all(map(_is_number, position[:2])):
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


def _topojson_members(topology: Mapping[str, Any], name: str) -> list[Any]:
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
    for member in _topojson_members(topology, name):
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


# --- region boundaries -------------------------------------------------------------------------


def _boundary_file_features(
    data: Any, path: Path, problems: _Problems
) -> list[tuple[int, Any, dict[str, Any] | None]]:
    """(row, properties, GeoJSON geometry) of each feature of a FeatureCollection or Topology."""
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            problems.add(_("the FeatureCollection has no list of features"), column="features")
            return []
        rows: list[tuple[int, Any, dict[str, Any] | None]] = []
        for row, feature in enumerate(features, start=1):
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                problems.add(_("expected a GeoJSON Feature"), row=row)
                continue
            rows.append((row, feature.get("properties"), feature.get("geometry")))
        return rows
    if isinstance(data, dict) and data.get("type") == "Topology":
        try:
            name = topojson_object_name(data, preferred=path.stem)
            arcs = topojson_arcs(data)
            members = _topojson_members(data, name)
        except TopoJSONError as error:
            problems.add(str(error))
            return []
        rows = []
        for row, member in enumerate(members, start=1):
            if not isinstance(member, dict):
                problems.add(_("expected a TopoJSON geometry object"), row=row)
                continue
            try:
                rows.append((row, member.get("properties"), topojson_geometry(member, arcs)))
            except TopoJSONError as error:
                problems.add(str(error), row=row, column="arcs")
        return rows
    found = data.get("type") if isinstance(data, dict) else type(data).__name__
    problems.add(
        _("expected a GeoJSON FeatureCollection or a TopoJSON Topology, found %(found)s") % {"found": found},
        column="type",
    )
    return []


def _property_text(properties: Mapping[str, Any], key: str, row: int, problems: _Problems) -> str | None:
    value = properties.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.add(
            _("expected a non-empty text, found %(value).40s") % {"value": json.dumps(value)},
            row=row,
            column=key,
        )
        return None
    return value.strip()


def read_region_boundaries(path: Path, *, label: str | None = None) -> RegionSet:
    """The regions of a CBS/PDOK boundary file (GeoJSON or TopoJSON) named ``<kind>_<year>``.

    The year comes from the ``jrstatcode`` property ("2025GM0014") and must agree with the year
    in the file name: a file named 2024 that holds the 2023 set is a mistake worth stopping for.
    """
    file = label or path.name
    problems = _Problems(file)
    name_match = BOUNDARY_FILE.match(path.name)
    if name_match is None:
        raise DataImportError(
            [
                ImportProblem(
                    file=file,
                    message=_(
                        "cannot tell the region kind and year from the file name; expected "
                        "provincie_YEAR, arbeidsmarktregio_YEAR or gemeente_YEAR"
                    ),
                )
            ]
        )
    kind = BOUNDARY_FILE_KINDS[name_match["kind"]]
    file_year = int(name_match["year"])
    text = _text_read(path, problems)
    data = _json_parse(text, problems) if text is not None else None
    features = _boundary_file_features(data, path, problems) if data is not None else []
    # Sources name the data set, not the file: the same data from a folder or from the online
    # services (GeoJSON instead of TopoJSON) must compare equal, or a re-import would rewrite rows.
    source = f"CBS/PDOK gebiedsindelingen {name_match['kind']}_{file_year} (CC BY 4.0)"

    regions: list[RegionRecord] = []
    rows_by_code: dict[str, int] = {}
    years: dict[int, int] = {}
    for row, properties, geometry in features:
        if not isinstance(properties, dict):
            problems.add(_("the feature has no properties"), row=row, column="properties")
            continue
        code = _property_text(properties, "statcode", row, problems)
        name = _property_text(properties, "statnaam", row, problems)
        if code is not None and not REGION_CODE[kind].match(code):
            problems.add(
                _("expected a %(kind)s code like %(example)s, found %(code)s")
                % {"kind": kind.label, "example": _example_code(kind), "code": code},
                row=row,
                column="statcode",
            )
            code = None
        if code is not None and code in rows_by_code:
            problems.add(
                _("the code %(code)s appears again (first in row %(first)d)")
                % {"code": code, "first": rows_by_code[code]},
                row=row,
                column="statcode",
            )
            code = None
        if code is not None:
            rows_by_code[code] = row
        if name is not None and len(name) > REGION_NAME_MAX_LENGTH:
            problems.add(
                _("the name is longer than %(max)d characters") % {"max": REGION_NAME_MAX_LENGTH},
                row=row,
                column="statnaam",
            )
        year_code = properties.get("jrstatcode")
        if year_code is not None:
            match = YEAR_CODE.match(year_code) if isinstance(year_code, str) else None
            if match is None or (code is not None and match["code"] != code):
                problems.add(
                    _("expected the year and code of the region, like %(example)s, found %(value).40s")
                    % {"example": f"2025{code or _example_code(kind)}", "value": json.dumps(year_code)},
                    row=row,
                    column="jrstatcode",
                )
            else:
                years.setdefault(int(match["year"]), row)
        try:
            if geometry is None:
                raise GeometryError(_("the feature has no geometry"))
            shape = boundary_normalise(geometry_parse(geometry))
        except GeometryError as error:
            problems.add(str(error), row=row, column="geometry")
            continue
        if code is None or name is None:
            continue
        latitude, longitude = _centre(shape)
        regions.append(
            RegionRecord(
                kind=kind,
                code=code,
                name=name,
                year=file_year,
                boundary=boundary_geojson(shape),
                latitude=latitude,
                longitude=longitude,
                source=source,
                row=row,
            )
        )
    for year, row in sorted(years.items()):
        if year != file_year:
            problems.add(
                _("the region set is of %(year)d, but the file name says %(file_year)d")
                % {"year": year, "file_year": file_year},
                row=row,
                column="jrstatcode",
            )
    if data is not None and not features and not problems:
        problems.add(_("the file holds no regions"))
    problems.raise_if_any()
    return RegionSet(file=file, kind=kind, year=file_year, regions=tuple(regions))


EXAMPLE_CODES: dict[str, str] = {
    RegionKind.PROVINCE: "PV27",
    RegionKind.LABOUR_MARKET_REGION: "AM22",
    RegionKind.MUNICIPALITY: "GM0599",
}


def _example_code(kind: str) -> str:
    return EXAMPLE_CODES.get(kind, "")


# --- CBS "Gebieden in Nederland": municipality -> labour-market region -------------------------


_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def region_name_key(name: str) -> str:
    """A region name as compared between sources: case, diacritics, punctuation and an
    "Arbeidsmarktregio" prefix do not count ("Fryslân" = "fryslan", "Zaanstreek / Waterland" =
    "Zaanstreek/Waterland")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = _NOT_ALPHANUMERIC.sub(" ", text).strip()
    return text.removeprefix("arbeidsmarktregio ").strip()


def _key_lines(text: str, start: int) -> dict[str, list[int]]:
    """The lines where each object key occurs after ``start``, for row numbers."""
    lines: dict[str, list[int]] = {}
    line = text.count("\n", 0, start) + 1
    position = start
    for match in re.finditer(r'"((?:[^"\\\n]|\\.)*)"\s*:', text[start:]):
        absolute = start + match.start()
        line += text.count("\n", position, absolute)
        position = absolute
        lines.setdefault(match.group(1), []).append(line)
    return lines


def read_labour_market_memberships(
    path: Path, *, regions: Mapping[str, str], label: str | None = None
) -> MembershipTable:
    """The CBS table of municipality code -> labour-market region NAME, joined to region codes.

    ``regions`` maps the labour-market region codes of the matching year to their names. CBS
    publishes names here, not codes, and spells them a little differently over the years, so the
    join is on ``region_name_key``.
    """
    file = label or path.name
    problems = _Problems(file)
    duplicates: list[str] = []

    def without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    name_match = MEMBERSHIP_FILE.match(path.name)
    text = _text_read(path, problems)
    if text is None:
        raise problems.error()
    data = _json_parse(text, problems, object_pairs_hook=without_duplicates)
    if problems:
        raise problems.error()
    if not isinstance(data, dict) or not isinstance(data.get("gemeenten"), dict):
        problems.add(_('expected an object with "gemeenten": {"0014": "Groningen", ...}'), column="gemeenten")
        raise problems.error()
    about = data["_bron"] if isinstance(data.get("_bron"), dict) else {}
    table = str(about.get("tabel") or (name_match["table"] if name_match else ""))[:40]
    file_year = int(name_match["year"]) if name_match else None
    title_year = re.search(r"\b(19|20)\d{2}\b", str(about.get("titel", "")))
    year = file_year or (int(title_year.group(0)) if title_year else None)
    if year is None:
        problems.add(_("the year of the table is neither in the file name nor in its title"))
    elif title_year and int(title_year.group(0)) != year:
        problems.add(
            _("the table is of %(title_year)s, but the file name says %(year)d")
            % {"title_year": title_year.group(0), "year": year},
            column="_bron.titel",
        )

    by_key: dict[str, str] = {region_name_key(name): code for code, name in regions.items()}
    key_start = re.search(r'"gemeenten"\s*:', text)
    lines = _key_lines(text, key_start.end() if key_start else 0)
    for duplicate in duplicates:
        problems.add(
            _("the municipality %(code)s appears more than once") % {"code": duplicate},
            row=lines.get(duplicate, [None, None])[-1],
            column=f"gemeenten.{duplicate}",
        )
    memberships: list[MembershipRecord] = []
    entries: dict[str, Any] = data["gemeenten"]
    if not entries:
        problems.add(_("the table holds no municipalities"), column="gemeenten")
    for code, region_name in entries.items():
        row = lines.get(code, [None])[0]
        column = f"gemeenten.{code}"
        if not re.fullmatch(r"\d{4}", code):
            problems.add(
                _("expected a municipality code of four digits without GM, like 0014, found %(code)s")
                % {"code": code},
                row=row,
                column=column,
            )
            continue
        if not isinstance(region_name, str) or not region_name.strip():
            problems.add(
                _("expected the name of a labour-market region, found %(value).40s")
                % {"value": json.dumps(region_name)},
                row=row,
                column=column,
            )
            continue
        parent_code = by_key.get(region_name_key(region_name))
        if parent_code is None:
            close = difflib.get_close_matches(region_name, list(regions.values()), n=1)
            hint = _(" (did you mean %(name)s?)") % {"name": close[0]} if close else ""
            problems.add(
                _("unknown labour-market region name %(name)s%(hint)s")
                % {"name": json.dumps(region_name, ensure_ascii=False), "hint": hint},
                row=row,
                column=column,
            )
            continue
        memberships.append(MembershipRecord(municipality_code=f"GM{code}", parent_code=parent_code, row=row))
    if problems or year is None:
        raise problems.error()
    return MembershipTable(
        file=file,
        year=year,
        source=f"CBS {table or 'Gebieden in Nederland'} {year} (CC BY 4.0)",
        memberships=tuple(memberships),
    )


# --- PC4 postcodes -----------------------------------------------------------------------------


def _coordinate(
    value: str, *, column: str, bounds: tuple[float, float], row: int, problems: _Problems
) -> float | None:
    try:
        number = float(value.strip())
    except ValueError:
        problems.add(
            _("expected a number with a decimal point, found %(value)s") % {"value": json.dumps(value)},
            row=row,
            column=column,
        )
        return None
    if not math.isfinite(number) or not bounds[0] <= number <= bounds[1]:
        problems.add(
            _("%(value)s is outside the Netherlands (expected %(low)s to %(high)s)")
            % {"value": value.strip(), "low": bounds[0], "high": bounds[1]},
            row=row,
            column=column,
        )
        return None
    return number


def read_postcodes(path: Path, *, label: str | None = None) -> PostcodeFile:
    """The PC4 postcodes of a "4pp" CSV file, with place, centre and kind.

    The file's municipality and province names date from 2014 and are not read: many of those
    municipalities no longer exist.
    """
    file = label or path.name
    problems = _Problems(file)
    text = _text_read(path, problems)
    if text is None:
        raise problems.error()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [column.strip() for column in next(reader)]
    except (StopIteration, csv.Error) as error:
        problems.add(_("cannot read the header row: %(reason)s") % {"reason": error}, row=1)
        raise problems.error() from error
    for column in sorted({c for c in header if header.count(c) > 1}):
        problems.add(_("the column appears more than once"), row=1, column=column)
    missing = [column for column in POSTCODE_REQUIRED_COLUMNS if column not in header]
    unknown = [column for column in header if column not in POSTCODE_COLUMNS]
    for column in missing:
        message = _("the required column is missing; expected the 4pp columns %(columns)s") % {
            "columns": ", ".join(POSTCODE_COLUMNS)
        }
        if unknown:
            message += _(" (the file has unknown columns %(unknown)s: renamed?)") % {
                "unknown": ", ".join(unknown)
            }
        problems.add(message, row=1, column=column)
    problems.raise_if_any()

    records: list[PostcodeRecord] = []
    first_row: dict[str, int] = {}
    row = 1
    try:
        for values in reader:
            row = reader.line_num
            if not values:
                continue
            if len(values) != len(header):
                problems.add(
                    _("the row has %(found)d fields, the header %(expected)d")
                    % {"found": len(values), "expected": len(header)},
                    row=row,
                )
                continue
            fields = dict(zip(header, values, strict=True))
            code = fields["postcode"].strip()
            if not POSTCODE.match(code):
                problems.add(
                    _("expected four digits, 1000 to 9999, found %(value)s") % {"value": json.dumps(code)},
                    row=row,
                    column="postcode",
                )
                code = ""
            elif code in first_row:
                problems.add(
                    _("the postcode %(code)s appears again (first in row %(first)d)")
                    % {"code": code, "first": first_row[code]},
                    row=row,
                    column="postcode",
                )
                code = ""
            latitude = _coordinate(
                fields["latitude"], column="latitude", bounds=LATITUDE_RANGE, row=row, problems=problems
            )
            longitude = _coordinate(
                fields["longitude"], column="longitude", bounds=LONGITUDE_RANGE, row=row, problems=problems
            )
            kind = POSTCODE_KINDS.get(fields["soort"].strip().casefold())
            if kind is None:
                problems.add(
                    _("expected one of %(kinds)s, found %(value)s")
                    % {
                        "kinds": "Adres, Postbus, Adres + Postbus, Onbekend",
                        "value": json.dumps(fields["soort"]),
                    },
                    row=row,
                    column="soort",
                )
            place = fields["woonplaats"].strip()
            if len(place) > REGION_NAME_MAX_LENGTH:
                problems.add(_("the place name is too long"), row=row, column="woonplaats")
                continue
            if not code or latitude is None or longitude is None or kind is None:
                continue
            first_row[code] = row
            records.append(PostcodeRecord(code, place, latitude, longitude, kind, row))
    except csv.Error as error:
        problems.add(_("the CSV is malformed: %(reason)s") % {"reason": error}, row=reader.line_num or row)
    if not records and not problems:
        problems.add(_("the file holds no postcodes"))
    problems.raise_if_any()
    return PostcodeFile(file=file, source="4pp PC4 (MIT)", postcodes=tuple(records))


# --- downloading the same data from the official services ---------------------------------------


Fetch = Callable[[str], bytes]


@dataclass(frozen=True)
class OnlineSources:
    """Where the official data lives online: every URL and year of the online import, in one place.

    The file names written match the shipped files, so the online import runs the folder import.
    """

    province_year: int = 2026
    labour_market_region_year: int = 2026
    municipality_year: int = 2026
    membership_table: str = "86247NED"
    membership_year: int = 2026
    # PDOK "CBS gebiedsindelingen", OGC API Features; GeoJSON in WGS84 (CRS84) by default.
    pdok_items_url: str = (
        "https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1/collections/{collection}/items"
        "?f=json&limit=1000&jaarcode={year}"
    )
    pdok_collections: Mapping[str, str] = field(
        default_factory=lambda: {
            RegionKind.PROVINCE: "provincie_gegeneraliseerd",
            RegionKind.LABOUR_MARKET_REGION: "arbeidsmarktregio_gegeneraliseerd",
            RegionKind.MUNICIPALITY: "gemeente_gegeneraliseerd",
        }
    )
    # CBS StatLine OData v3: the column list (DataProperties) and the rows (TypedDataSet).
    cbs_odata_url: str = "https://opendata.cbs.nl/ODataApi/odata/{table}/{resource}?$format=json"
    pc4_url: str = "https://raw.githubusercontent.com/bobdenotter/4pp/master/4pp.csv"
    # A runaway "next" link must not loop forever.
    max_pages: int = 50

    def year_of(self, kind: str) -> int:
        years: dict[str, int] = {
            RegionKind.PROVINCE: self.province_year,
            RegionKind.LABOUR_MARKET_REGION: self.labour_market_region_year,
            RegionKind.MUNICIPALITY: self.municipality_year,
        }
        return years[kind]


def urllib_fetch(url: str) -> bytes:
    """The body of an HTTPS GET; raises OSError (URLError, HTTPError) when it fails."""
    if urllib.parse.urlsplit(url).scheme != "https":
        raise ValueError(_("only https URLs are fetched: %(url)s") % {"url": url})
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"User-Agent": "netwerkkaart-import_regions", "Accept": "application/json, text/csv"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - https only
        body: bytes = response.read()
    return body


def _fetch_json(url: str, fetch: Fetch) -> Any:
    try:
        body = fetch(url)
    except (OSError, ValueError) as error:
        raise DataImportError(
            [ImportProblem(file=url, message=_("the download failed: %(reason)s") % {"reason": error})]
        ) from error
    problems = _Problems(url)
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(_("the response is not UTF-8 JSON"))
        problems.raise_if_any()
    data = _json_parse(text, problems)
    problems.raise_if_any()
    return data


def _pdok_features(url: str, fetch: Fetch, max_pages: int) -> list[Any]:
    features: list[Any] = []
    next_url: str | None = url
    for _page in range(max_pages):
        if next_url is None:
            return features
        page = _fetch_json(next_url, fetch)
        if not isinstance(page, dict) or not isinstance(page.get("features"), list):
            raise DataImportError(
                [ImportProblem(file=next_url, message=_("expected a GeoJSON FeatureCollection"))]
            )
        features.extend(page["features"])
        links = page["links"] if isinstance(page.get("links"), list) else []
        next_url = next(
            (str(link["href"]) for link in links if isinstance(link, dict) and link.get("rel") == "next"),
            None,
        )
    if next_url is not None:
        raise DataImportError(
            [ImportProblem(file=url, message=_("more than %(count)d pages") % {"count": max_pages})]
        )
    return features


def _odata_rows(url: str, fetch: Fetch, max_pages: int) -> list[Any]:
    rows: list[Any] = []
    next_url: str | None = url
    for _page in range(max_pages):
        if next_url is None:
            break
        page = _fetch_json(next_url, fetch)
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise DataImportError([ImportProblem(file=next_url, message=_('expected an OData "value" list'))])
        rows.extend(page["value"])
        next_link = page.get("odata.nextLink")
        next_url = str(next_link) if next_link else None
    return rows


def _cbs_memberships(sources: OnlineSources, fetch: Fetch) -> dict[str, Any]:
    """The CBS table as the shipped JSON file: {"_bron": ..., "gemeenten": {"0014": name}}."""

    def url_of(resource: str) -> str:
        return sources.cbs_odata_url.format(table=sources.membership_table, resource=resource)

    properties_url = url_of("DataProperties")
    properties = _odata_rows(properties_url, fetch, sources.max_pages)
    groups = [
        p
        for p in properties
        if isinstance(p, dict)
        and p.get("Type") == "TopicGroup"
        and str(p.get("Title", "")).strip().casefold().startswith("arbeidsmarktregio")
    ]
    name_column = next(
        (
            str(p["Key"])
            for p in properties
            if isinstance(p, dict)
            and groups
            and p.get("ParentID") == groups[0].get("ID")
            and str(p.get("Title", "")).strip().casefold() == "naam"
        ),
        None,
    )
    if name_column is None:
        raise DataImportError(
            [
                ImportProblem(
                    file=properties_url,
                    message=_("the table has no column with the names of the labour-market regions"),
                )
            ]
        )
    rows_url = url_of("TypedDataSet")
    municipalities: dict[str, str] = {}
    problems = _Problems(rows_url)
    for number, row in enumerate(_odata_rows(rows_url, fetch, sources.max_pages), start=1):
        region = str(row.get("RegioS", "")).strip() if isinstance(row, dict) else ""
        if not re.fullmatch(r"GM\d{4}", region):
            problems.add(_("expected a municipality code like GM0014"), row=number, column="RegioS")
            continue
        municipalities[region[2:]] = str(row.get(name_column) or "").strip()
    problems.raise_if_any()
    return {
        "_bron": {
            "tabel": sources.membership_table,
            "url": rows_url,
            "opgehaald": timezone.localdate().isoformat(),
        },
        "gemeenten": municipalities,
    }


def reference_data_download(
    *, target_dir: Path, sources: OnlineSources | None = None, fetch: Fetch = urllib_fetch
) -> ReferenceFiles:
    """Download the official data into ``target_dir``, named and shaped like the shipped files.

    ``fetch`` is the only network access, so tests give a fake one.
    """
    sources = sources or OnlineSources()
    reference = target_dir / "reference"
    reference.mkdir(parents=True, exist_ok=True)
    (target_dir / "postcode").mkdir(parents=True, exist_ok=True)
    prefixes: dict[str, str] = {kind: prefix for prefix, kind in BOUNDARY_FILE_KINDS.items()}
    for kind, collection in sources.pdok_collections.items():
        year = sources.year_of(kind)
        url = sources.pdok_items_url.format(collection=collection, year=year)
        features = _pdok_features(url, fetch, sources.max_pages)
        (reference / f"{prefixes[kind]}_{year}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
            encoding="utf-8",
        )
    table = _cbs_memberships(sources, fetch)
    name = f"cbs{sources.membership_table}_gemeente_arbeidsmarktregio_{sources.membership_year}.json"
    (reference / name).write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")
    try:
        postcodes = fetch(sources.pc4_url)
    except (OSError, ValueError) as error:
        raise DataImportError(
            [
                ImportProblem(
                    file=sources.pc4_url, message=_("the download failed: %(reason)s") % {"reason": error}
                )
            ]
        ) from error
    (target_dir / "postcode" / "4pp.csv").write_bytes(postcodes)
    return reference_files_find(target_dir)
