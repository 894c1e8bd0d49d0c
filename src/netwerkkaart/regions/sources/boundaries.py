"""The reader of the CBS/PDOK boundary files: provinces, labour-market regions, municipalities."""

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from netwerkkaart.core.errors import DataImportError, ImportProblem

from ..choices import RegionKind
from .common import REGION_NAME_MAX_LENGTH, Problems, json_parse, text_read
from .files import BOUNDARY_FILE, BOUNDARY_FILE_KINDS
from .geometry import GeometryError, boundary_centre, boundary_geojson, boundary_normalise, geometry_parse
from .records import RegionRecord, RegionSet
from .topojson import TopoJSONError, topojson_arcs, topojson_geometry, topojson_members, topojson_object_name

REGION_CODE = {
    RegionKind.PROVINCE: re.compile(r"^PV\d{2}$"),
    RegionKind.LABOUR_MARKET_REGION: re.compile(r"^AM\d{2}$"),
    RegionKind.MUNICIPALITY: re.compile(r"^GM\d{4}$"),
}
YEAR_CODE = re.compile(r"^(?P<year>\d{4})(?P<code>[A-Z]{2}\d+)$")
# The codes that messages show as an example of the right form.
EXAMPLE_CODES: dict[str, str] = {
    RegionKind.PROVINCE: "PV27",
    RegionKind.LABOUR_MARKET_REGION: "AM22",
    RegionKind.MUNICIPALITY: "GM0599",
}


def _boundary_file_features(
    data: Any, path: Path, problems: Problems
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
            members = topojson_members(data, name)
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


def _property_text(properties: Mapping[str, Any], key: str, row: int, problems: Problems) -> str | None:
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
    problems = Problems(file)
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
    text = text_read(path, problems)
    data = json_parse(text, problems) if text is not None else None
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
        latitude, longitude = boundary_centre(shape)
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


def _example_code(kind: str) -> str:
    return EXAMPLE_CODES.get(kind, "")
