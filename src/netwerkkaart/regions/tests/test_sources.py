"""The readers of the official formats, on small hand-made files: no database involved."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from shapely.geometry import Point, shape

from netwerkkaart.core.errors import DataImportError
from netwerkkaart.regions.choices import PostcodeKind, RegionKind
from netwerkkaart.regions.sources import (
    TopoJSONError,
    read_labour_market_memberships,
    read_postcodes,
    read_region_boundaries,
    region_name_key,
    topojson_features,
)

# Two unit squares side by side, sharing arc 0 (their common edge). Square A walks arc 0 then
# arc 1; square B walks arc 2 and then arc 0 backwards (index ~0 == -1).
TOPOLOGY: dict[str, Any] = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [5.0, 52.0]},
    "arcs": [
        [[1, 0], [0, 1]],  # (1,0) -> (1,1), delta encoded
        [[1, 1], [-1, 0], [0, -1], [1, 0]],  # (1,1) -> (0,1) -> (0,0) -> (1,0)
        [[1, 0], [1, 0], [0, 1], [-1, 0]],  # (1,0) -> (2,0) -> (2,1) -> (1,1)
    ],
    "objects": {
        "squares": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "A"}},
                {"type": "Polygon", "arcs": [[2, -1]], "properties": {"name": "B"}},
                {"type": "MultiPolygon", "arcs": [[[0, 1]], [[2, -1]]], "properties": {"name": "AB"}},
                {"type": None, "properties": {"name": "nothing"}},
            ],
        }
    },
}


def test_topojson_decodes_quantized_delta_arcs_and_reversed_arcs() -> None:
    features = topojson_features(TOPOLOGY)

    assert [f["properties"]["name"] for f in features] == ["A", "B", "AB", "nothing"]
    assert features[0]["geometry"] == {
        "type": "Polygon",
        "coordinates": [[[5.5, 52.0], [5.5, 52.25], [5.0, 52.25], [5.0, 52.0], [5.5, 52.0]]],
    }
    # B ends with arc 0 walked backwards: (1,1) -> (1,0), joined without repeating (1,1).
    assert features[1]["geometry"]["coordinates"] == [
        [[5.5, 52.0], [6.0, 52.0], [6.0, 52.25], [5.5, 52.25], [5.5, 52.0]]
    ]
    both = shape(features[2]["geometry"])
    assert features[2]["geometry"]["type"] == "MultiPolygon"
    assert both.area == pytest.approx(shape(features[0]["geometry"]).area * 2)
    assert features[3]["geometry"] is None


def test_topojson_without_transform_uses_absolute_positions() -> None:
    topology = {
        "type": "Topology",
        "arcs": [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]]],
        "objects": {"one": {"type": "Polygon", "arcs": [[0]], "properties": {}}},
    }

    (feature,) = topojson_features(topology)

    assert feature["geometry"]["coordinates"] == [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]]]


def test_topojson_object_is_chosen_by_name_when_there_are_several() -> None:
    topology = {**TOPOLOGY, "objects": {**TOPOLOGY["objects"], "other": {"type": "GeometryCollection"}}}

    assert len(topojson_features(topology, object_name="squares")) == 4
    with translation.override("en"), pytest.raises(TopoJSONError, match="several objects"):
        topojson_features(topology, object_name="missing")


@pytest.mark.parametrize(
    ("arcs", "expected"),
    [
        ([[0, 7]], "arc 7"),
        ([[0, -9]], "arc -9"),
        ([[0]], "closed ring"),
        ([[]], "list of arc indexes"),
    ],
)
def test_topojson_bad_arc_references_are_refused(arcs: list[list[int]], expected: str) -> None:
    topology = {**TOPOLOGY, "objects": {"bad": {"type": "Polygon", "arcs": arcs}}}

    with translation.override("en"), pytest.raises(TopoJSONError, match=expected):
        topojson_features(topology)


@pytest.mark.parametrize("transform", [{"scale": [0.5], "translate": [5.0, 52.0]}, [0.5, 0.25], {}])
def test_topojson_bad_transform_is_refused(transform: Any) -> None:
    with translation.override("en"), pytest.raises(TopoJSONError, match="transform"):
        topojson_features({**TOPOLOGY, "transform": transform})


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _square(x: float, y: float, *, clockwise: bool = False) -> list[list[float]]:
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
    return ring[::-1] if clockwise else ring


def _feature(code: str, name: str, ring: list[list[Any]], year: str = "2025") -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"statcode": code, "statnaam": name, "jrstatcode": f"{year}{code}"},
    }


def _collection(*features: dict[str, Any]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _problems(error: pytest.ExceptionInfo[DataImportError]) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.row, p.column) for p in error.value.problems]


def test_boundaries_are_oriented_counter_clockwise_rounded_and_centred(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "gemeente_2025.geojson",
        _collection(
            _feature("GM0001", "Clockwise", _square(5.1234567, 52.0, clockwise=True)),
            _feature("GM0002", "Counter", _square(5.3, 52.0)),
        ),
    )

    region_set = read_region_boundaries(path)

    assert (region_set.kind, region_set.year) == (RegionKind.MUNICIPALITY, 2025)
    for region in region_set.regions:
        assert region.boundary is not None
        geometry = shape(region.boundary)
        assert geometry.exterior.is_ccw
        assert geometry.contains(Point(region.longitude, region.latitude))
        coordinates = [c for ring in region.boundary["coordinates"] for point in ring for c in point]
        assert all(round(c, 5) == c for c in coordinates)
    assert region_set.regions[0].boundary["coordinates"][0][0][0] == 5.12346  # type: ignore[index]


def test_boundary_file_of_topojson_is_read_by_its_object(tmp_path: Path) -> None:
    topology = json.loads(json.dumps(TOPOLOGY))
    members = topology["objects"].pop("squares")["geometries"][:2]
    for member, code in zip(members, ("AM01", "AM02"), strict=True):
        member["properties"] = {"statcode": code, "statnaam": f"Regio {code}", "jrstatcode": f"2024{code}"}
    topology["objects"] = {"something_else": {"type": "GeometryCollection", "geometries": []}}
    topology["objects"]["arbeidsmarktregio_2024"] = {"type": "GeometryCollection", "geometries": members}
    path = _write(tmp_path / "arbeidsmarktregio_2024.topojson", json.dumps(topology))

    region_set = read_region_boundaries(path)

    assert [r.code for r in region_set.regions] == ["AM01", "AM02"]
    expected = shape(topojson_features(TOPOLOGY)[1]["geometry"])
    stored = shape(region_set.regions[1].boundary)
    assert stored.equals(expected)
    assert stored.exterior.is_ccw


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        (
            [_feature("GM0001", "A", _square(5.0, 52.0)), _feature("GM0001", "B", _square(5.5, 52.0))],
            (2, "statcode", "appears again"),
        ),
        ([_feature("PV20", "A", _square(5.0, 52.0))], (1, "statcode", "GM0599")),
        ([_feature("GM0001", "", _square(5.0, 52.0))], (1, "statnaam", "non-empty")),
        ([_feature("GM0001", "A", _square(5.0, 52.0), year="2024")], (1, "jrstatcode", "2024")),
        (
            [
                _feature(
                    "GM0001", "A", [[155000, 463000], [156000, 463000], [156000, 464000], [155000, 463000]]
                )
            ],
            (1, "geometry", "EPSG:28992"),
        ),
        (
            [_feature("GM0001", "A", [[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.1]])],
            (1, "geometry", "closed"),
        ),
        (
            [_feature("GM0001", "A", [[5.0, "52"], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]])],
            (1, "geometry", "number"),
        ),
    ],
)
def test_boundary_problems_name_the_feature_and_property(
    tmp_path: Path, features: list[dict[str, Any]], expected: tuple[int, str, str]
) -> None:
    path = _write(tmp_path / "reference" / "gemeente_2025.geojson", _collection(*features))

    with translation.override("en"), pytest.raises(DataImportError) as error:
        read_region_boundaries(path, label="reference/gemeente_2025.geojson")

    row, column, fragment = expected
    (problem,) = error.value.problems
    assert (problem.file, problem.row, problem.column) == ("reference/gemeente_2025.geojson", row, column)
    assert fragment in problem.message


def test_truncated_json_gives_its_line_and_position(tmp_path: Path) -> None:
    text = _collection(_feature("GM0001", "A", _square(5.0, 52.0))).replace(", ", ",\n")
    path = _write(tmp_path / "gemeente_2025.geojson", text[: len(text) // 2])
    line = text[: len(text) // 2].count("\n") + 1

    with translation.override("en"), pytest.raises(DataImportError) as error:
        read_region_boundaries(path)

    (problem,) = error.value.problems
    assert problem.row == line
    assert f"line {line}" in problem.message and "truncated" in problem.message


def test_empty_boundary_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "provincie_2023.geojson", "  \n")

    with translation.override("en"), pytest.raises(DataImportError, match="empty"):
        read_region_boundaries(path)


# --- CBS "Gebieden in Nederland" -------------------------------------------------------------

REGIONS = {"AM17": "Zaanstreek/Waterland", "AM22": "Rijnmond", "AM02": "Friesland"}


def _table(entries: str, title: str = "Gebieden in Nederland 2026") -> str:
    about = json.dumps({"tabel": "86247NED", "titel": title})
    return f'{{\n  "_bron": {about},\n  "gemeenten": {{\n{entries}\n  }}\n}}\n'


def test_membership_names_are_joined_to_codes_ignoring_spelling(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "cbs86247NED_gemeente_arbeidsmarktregio_2026.json",
        _table('    "0599": "RIJNMOND",\n    "0479": "Zaanstreek / Waterland",\n    "0080": "Fríesland"'),
    )

    table = read_labour_market_memberships(path, regions=REGIONS)

    assert table.year == 2026
    assert "86247NED" in table.source
    assert [(m.municipality_code, m.parent_code, m.row) for m in table.memberships] == [
        ("GM0599", "AM22", 4),
        ("GM0479", "AM17", 5),
        ("GM0080", "AM02", 6),
    ]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ('    "0599": "Rijnmond",\n    "0479": "Rijnmondd"', (5, "gemeenten.0479", "did you mean Rijnmond")),
        ('    "0599": "Rijnmond",\n    "599": "Rijnmond"', (5, "gemeenten.599", "four digits")),
        ('    "0599": "Rijnmond",\n    "0599": "Rijnmond"', (5, "gemeenten.0599", "more than once")),
        ('    "0599": ""', (4, "gemeenten.0599", "expected the name")),
    ],
)
def test_membership_problems_name_the_line_and_code(
    tmp_path: Path, entries: str, expected: tuple[int, str, str]
) -> None:
    path = _write(tmp_path / "cbs86247NED_gemeente_arbeidsmarktregio_2026.json", _table(entries))

    with translation.override("en"), pytest.raises(DataImportError) as error:
        read_labour_market_memberships(path, regions=REGIONS)

    (problem,) = error.value.problems
    assert (problem.file, problem.row, problem.column) == (path.name, *expected[:2])
    assert expected[2] in problem.message


def test_membership_table_of_another_year_than_its_name_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "cbs86247NED_gemeente_arbeidsmarktregio_2026.json",
        _table('    "0599": "Rijnmond"', title="Gebieden in Nederland 2025"),
    )

    with translation.override("en"), pytest.raises(DataImportError) as error:
        read_labour_market_memberships(path, regions=REGIONS)

    assert _problems(error) == [(path.name, None, "_bron.titel")]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Fryslân", "fryslan"),
        ("  Zaanstreek / Waterland ", "zaanstreek waterland"),
        ("Zaanstreek/Waterland", "zaanstreek waterland"),
        ("Arbeidsmarktregio Helmond-De Peel", "helmond de peel"),
        ("ZUID-KENNEMERLAND EN IJMOND", "zuid kennemerland en ijmond"),
    ],
)
def test_region_name_key(name: str, key: str) -> None:
    assert region_name_key(name) == key


# --- PC4 postcodes ---------------------------------------------------------------------------

HEADER = (
    'id,postcode,"woonplaats","alternatieve_schrijfwijzen","gemeente","provincie","netnummer",'
    'latitude,longitude,"soort"'
)
ROWS = [
    '1,3011,"Rotterdam","","Rotterdam","Zuid-Holland","010",51.9176582,4.4868516,"Adres"',
    '2,1001,"Amsterdam","","Amsterdam","Noord-Holland","020",52.36424,4.883358,"Postbus"',
    '3,1398,"Muiden","","Muiden","Noord-Holland","0294",52.33,5.07,"Adres + Postbus"',
]


def _csv(tmp_path: Path, header: str = HEADER, rows: list[str] = ROWS, encoding: str = "utf-8") -> Path:
    return _write(tmp_path / "4pp_2014.csv", "\n".join([header, *rows, ""]).encode(encoding))


def test_postcodes_are_read_without_their_2014_municipality(tmp_path: Path) -> None:
    postcodes = read_postcodes(_csv(tmp_path)).postcodes

    assert [(p.code, p.place, p.kind, p.row) for p in postcodes] == [
        ("3011", "Rotterdam", PostcodeKind.ADDRESSES, 2),
        ("1001", "Amsterdam", PostcodeKind.PO_BOXES, 3),
        ("1398", "Muiden", PostcodeKind.ADDRESSES, 4),
    ]
    assert not hasattr(postcodes[0], "municipality")
    assert (postcodes[0].latitude, postcodes[0].longitude) == (51.9176582, 4.4868516)


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        (
            HEADER.replace(",longitude", ""),
            [r.rsplit(",", 2)[0] + ',"Adres"' for r in ROWS],
            (1, "longitude", "missing"),
        ),
        (HEADER.replace(",latitude", ",lat"), ROWS, (1, "latitude", "unknown columns lat")),
        (HEADER, [ROWS[0], ROWS[1].replace("52.36424", '"52,36424"')], (3, "latitude", "decimal point")),
        (HEADER, [ROWS[0], ROWS[1].replace("52.36424", "abc")], (3, "latitude", "number")),
        (
            HEADER,
            [ROWS[0], ROWS[1].replace("4.883358", "483358")],
            (3, "longitude", "outside the Netherlands"),
        ),
        (HEADER, [ROWS[0], ROWS[1].replace("52.36424", "nan")], (3, "latitude", "outside the Netherlands")),
        (HEADER, [ROWS[0], ROWS[0].replace("1,", "2,", 1)], (3, "postcode", "appears again")),
        (HEADER, [ROWS[0], ROWS[1].replace(",1001,", ",101,")], (3, "postcode", "four digits")),
        (HEADER, [ROWS[0], ROWS[1].replace('"Postbus"', '"Brievenbus"')], (3, "soort", "Brievenbus")),
        (HEADER, [ROWS[0], ROWS[1] + ",extra"], (3, None, "fields")),
    ],
)
def test_postcode_problems_name_the_row_and_column(
    tmp_path: Path, header: str, rows: list[str], expected: tuple[int, str | None, str]
) -> None:
    with translation.override("en"), pytest.raises(DataImportError) as error:
        read_postcodes(_csv(tmp_path, header, rows))

    problem = error.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("4pp_2014.csv", *expected[:2])
    assert expected[2] in problem.message


def test_postcode_file_in_utf16_is_refused_as_such(tmp_path: Path) -> None:
    with translation.override("en"), pytest.raises(DataImportError) as error:
        read_postcodes(_csv(tmp_path, encoding="utf-16"))

    (problem,) = error.value.problems
    assert problem.row == 1
    assert "UTF-16" in problem.message and "UTF-8" in problem.message


def test_postcode_file_in_latin1_names_the_row_and_byte(tmp_path: Path) -> None:
    rows = [ROWS[0], ROWS[1].replace("Amsterdam", "Amsterdàm", 1)]
    path = _csv(tmp_path, rows=rows, encoding="latin-1")
    position = path.read_bytes().index("à".encode("latin-1"))

    with translation.override("en"), pytest.raises(DataImportError) as error:
        read_postcodes(path)

    (problem,) = error.value.problems
    assert problem.row == 3
    assert "not valid UTF-8" in problem.message and f"position {position}" in problem.message


def test_empty_postcode_file_is_refused(tmp_path: Path) -> None:
    with translation.override("en"), pytest.raises(DataImportError, match="empty"):
        read_postcodes(_write(tmp_path / "4pp.csv", b""))


def test_header_only_postcode_file_is_refused(tmp_path: Path) -> None:
    with translation.override("en"), pytest.raises(DataImportError, match="no postcodes"):
        read_postcodes(_csv(tmp_path, rows=[]))
