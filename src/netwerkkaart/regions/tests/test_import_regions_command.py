"""Malformed reference data: the command refuses, names file, row, column and problem, and writes
nothing. Each case copies the real data folder, corrupts one file, and imports it over a database
that already holds a good import."""

import json
import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils import translation

from netwerkkaart.core.errors import DataImportError
from netwerkkaart.regions.management.commands.import_regions import Command as ImportRegionsCommand
from netwerkkaart.regions.services import reference_data_import

from .conftest import snapshot_take

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_import")]

MUNICIPALITIES = "reference/gemeente_2025.geojson"
PROVINCES = "reference/provincie_2023.geojson"
REGIONS = "reference/arbeidsmarktregio_2024.topojson"
TABLE = "reference/cbs86247NED_gemeente_arbeidsmarktregio_2026.json"
POSTCODES = "postcode/4pp_2014.csv"

# A corruption changes the data folder and returns the fragments the error output must contain.
Corruption = Callable[[Path], list[str]]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def truncated_json(data: Path) -> list[str]:
    path = data / MUNICIPALITIES
    text = path.read_text(encoding="utf-8")
    kept = text[: len(text) // 2]
    path.write_text(kept, encoding="utf-8")
    line = kept.count("\n") + 1
    return [f"{MUNICIPALITIES}, row {line}:", f"invalid JSON at line {line}", "truncated"]


def empty_file(data: Path) -> list[str]:
    (data / PROVINCES).write_bytes(b"")
    return [f"{PROVINCES}: the file is empty"]


def csv_missing_column(data: Path) -> list[str]:
    path = data / POSTCODES
    lines = path.read_text(encoding="utf-8").splitlines()
    # longitude is the ninth of ten columns; no field before it holds a comma.
    cut = [",".join(line.split(",")[:8] + line.split(",")[9:]) for line in lines]
    path.write_text("\n".join(cut) + "\n", encoding="utf-8")
    return [f"{POSTCODES}, row 1, column 'longitude':", "missing"]


def csv_renamed_column(data: Path) -> list[str]:
    path = data / POSTCODES
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",latitude,", ",breedtegraad,", 1), encoding="utf-8")
    return [f"{POSTCODES}, row 1, column 'latitude':", "breedtegraad"]


def csv_in_utf16(data: Path) -> list[str]:
    path = data / POSTCODES
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    return [f"{POSTCODES}, row 1:", "UTF-16"]


def csv_with_latin1_bytes(data: Path) -> list[str]:
    path = data / POSTCODES
    text = path.read_text(encoding="utf-8")
    needle = '4516,9712,"Groningen"'
    line = _line_of(text, needle)
    raw = text.encode("utf-8").replace(needle.encode(), '4516,9712,"Gröningen"'.encode("latin-1"))
    path.write_bytes(raw)
    return [f"{POSTCODES}, row {line}:", "not valid UTF-8", "0xF6"]


def csv_non_numeric_coordinate(data: Path) -> list[str]:
    path = data / POSTCODES
    text = path.read_text(encoding="utf-8")
    line = _line_of(text, ",3011,")
    path.write_text(text.replace("51.9176582", "51.91x6582"), encoding="utf-8")
    return [f"{POSTCODES}, row {line}, column 'latitude':", "51.91x6582"]


def csv_coordinates_outside_the_country(data: Path) -> list[str]:
    path = data / POSTCODES
    text = path.read_text(encoding="utf-8")
    line = _line_of(text, ",6211,")
    path.write_text(text.replace("50.8505631,5.6860069", "5.6860069,50.8505631"), encoding="utf-8")
    return [f"{POSTCODES}, row {line}, column 'latitude':", "outside the Netherlands"]


def geojson_in_another_projection(data: Path) -> list[str]:
    path = data / MUNICIPALITIES
    collection = json.loads(path.read_text(encoding="utf-8"))
    position = next(
        i for i, f in enumerate(collection["features"]) if f["properties"]["statcode"] == "GM0599"
    )
    collection["features"][position]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[92000, 437000], [93000, 437000], [93000, 438000], [92000, 437000]]],
    }
    path.write_text(json.dumps(collection), encoding="utf-8")
    return [f"{MUNICIPALITIES}, row {position + 1}, column 'geometry':", "EPSG:28992"]


def topojson_bad_arc(data: Path) -> list[str]:
    path = data / REGIONS
    topology = json.loads(path.read_text(encoding="utf-8"))
    members = topology["objects"]["arbeidsmarktregio_2024"]["geometries"]
    position = next(i for i, g in enumerate(members) if g["properties"]["statcode"] == "AM22")
    members[position]["type"] = "Polygon"
    members[position]["arcs"] = [[0, 99999]]
    path.write_text(json.dumps(topology), encoding="utf-8")
    return [f"{REGIONS}, row {position + 1}, column 'arcs':", "arc 99999"]


def unknown_region_name(data: Path) -> list[str]:
    path = data / TABLE
    text = path.read_text(encoding="utf-8")
    line = _line_of(text, '"0599": "Rijnmond"')
    path.write_text(text.replace('"0599": "Rijnmond"', '"0599": "Rijnmont"'), encoding="utf-8")
    return [f"{TABLE}, row {line}, column 'gemeenten.0599':", 'unknown labour-market region name "Rijnmont"']


def unknown_municipality_code(data: Path) -> list[str]:
    path = data / TABLE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"0014": "Groningen",', '"0014": "Groningen",\n    "9999": "Rijnmond",'))
    line = _line_of(path.read_text(encoding="utf-8"), '"9999"')
    return [f"{TABLE}, row {line}, column 'gemeenten.9999':", "unknown municipality code 9999"]


def municipality_without_region(data: Path) -> list[str]:
    path = data / TABLE
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'\n\s*"0599": "Rijnmond",', "", text), encoding="utf-8")
    return [f"{TABLE}, column 'gemeenten':", "GM0599 (Rotterdam)", "no labour-market region"]


def set_of_another_year_than_its_name(data: Path) -> list[str]:
    (data / MUNICIPALITIES).rename(data / "reference" / "gemeente_2026.geojson")
    return ["reference/gemeente_2026.geojson, row 1, column 'jrstatcode':", "2025", "2026"]


CORRUPTIONS = [
    truncated_json,
    empty_file,
    csv_missing_column,
    csv_renamed_column,
    csv_in_utf16,
    csv_with_latin1_bytes,
    csv_non_numeric_coordinate,
    csv_coordinates_outside_the_country,
    geojson_in_another_projection,
    topojson_bad_arc,
    unknown_region_name,
    unknown_municipality_code,
    municipality_without_region,
    set_of_another_year_than_its_name,
]


@pytest.mark.parametrize("corrupt", CORRUPTIONS, ids=lambda corruption: corruption.__name__)
def test_malformed_data_is_refused_with_its_place_and_nothing_changes(
    data_copy: Path, corrupt: Corruption
) -> None:
    expected = corrupt(data_copy)
    before = snapshot_take()
    err = StringIO()

    with translation.override("en"), pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_regions", "--from-dir", str(data_copy), "--no-progress", stderr=err)

    output = err.getvalue()
    for fragment in expected:
        assert fragment in output, f"{fragment!r} not in:\n{output}"
    assert snapshot_take() == before


def test_the_command_exits_non_zero(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty_file(data_copy)
    # run_from_argv closes every connection when done, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    argv = ["manage.py", "import_regions", "--from-dir", str(data_copy), "--no-progress", "--skip-checks"]

    with translation.override("en"), pytest.raises(SystemExit) as exit_info:
        ImportRegionsCommand().run_from_argv(argv)

    assert exit_info.value.code == 1
    assert f"{PROVINCES}: the file is empty" in capsys.readouterr().err


def test_problems_of_several_files_are_reported_together(data_copy: Path) -> None:
    empty_file(data_copy)
    csv_in_utf16(data_copy)
    before = snapshot_take()

    with translation.override("en"), pytest.raises(DataImportError) as error:
        reference_data_import(data_dir=data_copy)

    assert {problem.file for problem in error.value.problems} == {PROVINCES, POSTCODES}
    assert snapshot_take() == before
