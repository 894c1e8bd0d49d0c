"""The online import, with a fake network that serves the shipped files the way PDOK and CBS do."""

import json
import urllib.error
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from netwerkkaart.core.errors import DataImportError
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.services import reference_data_import
from netwerkkaart.regions.sources import (
    OnlineSources,
    reference_data_download,
    topojson_features,
    urllib_fetch,
)

from .conftest import reference_data_dir, snapshot_take

# The years of the shipped files, so the online import must reproduce the folder import exactly.
SOURCES = OnlineSources(
    province_year=2023,
    labour_market_region_year=2024,
    municipality_year=2025,
    membership_table="86247NED",
    membership_year=2026,
    pc4_url="https://example.test/4pp.csv",
)

# The StatLine column list of a "Gebieden in Nederland" table: the municipality's own "Naam"
# comes first, so the importer must find the name under the labour-market region group.
DATA_PROPERTIES = [
    {"ID": 0, "ParentID": None, "Type": "Dimension", "Key": "RegioS", "Title": "Regio's"},
    {"ID": 1, "ParentID": None, "Type": "TopicGroup", "Key": "", "Title": "Codes en namen van gemeenten"},
    {"ID": 2, "ParentID": 1, "Type": "Topic", "Key": "Code_1", "Title": "Code"},
    {"ID": 3, "ParentID": 1, "Type": "Topic", "Key": "Naam_2", "Title": "Naam"},
    {"ID": 4, "ParentID": None, "Type": "TopicGroup", "Key": "", "Title": "Lokaliseringen van gemeenten"},
    {"ID": 5, "ParentID": 4, "Type": "TopicGroup", "Key": "", "Title": "Arbeidsmarktregio's"},
    {"ID": 6, "ParentID": 5, "Type": "Topic", "Key": "Code_3", "Title": "Code"},
    {"ID": 7, "ParentID": 5, "Type": "Topic", "Key": "Naam_4", "Title": "Naam"},
]


def _json(data: Any) -> bytes:
    return json.dumps(data).encode("utf-8")


def _pdok_url(kind: str, year: int) -> str:
    return SOURCES.pdok_items_url.format(collection=SOURCES.pdok_collections[kind], year=year)


def _odata_url(resource: str) -> str:
    return SOURCES.cbs_odata_url.format(table=SOURCES.membership_table, resource=resource)


def fake_network() -> dict[str, bytes]:
    """Every URL the online import asks for, answered from the shipped files."""
    data = reference_data_dir()
    reference = data / "reference"
    provinces = json.loads((reference / "provincie_2023.geojson").read_text(encoding="utf-8"))["features"]
    municipalities = json.loads((reference / "gemeente_2025.geojson").read_text(encoding="utf-8"))
    topology = json.loads((reference / "arbeidsmarktregio_2024.topojson").read_text(encoding="utf-8"))
    table = json.loads(
        (reference / "cbs86247NED_gemeente_arbeidsmarktregio_2026.json").read_text(encoding="utf-8")
    )
    second_page = "https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1/collections/provincie/items?page=2"
    rows = [
        # StatLine pads codes and names with spaces.
        {"ID": i, "RegioS": f"GM{code}  ", "Code_1": f"GM{code}", "Naam_2": "x", "Naam_4": f"{name}   "}
        for i, (code, name) in enumerate(table["gemeenten"].items())
    ]
    return {
        # Provinces come in two pages, linked the OGC API way.
        _pdok_url(RegionKind.PROVINCE, 2023): _json(
            {
                "type": "FeatureCollection",
                "features": provinces[:5],
                "links": [{"rel": "self", "href": "x"}, {"rel": "next", "href": second_page}],
            }
        ),
        second_page: _json({"type": "FeatureCollection", "features": provinces[5:], "links": []}),
        _pdok_url(RegionKind.MUNICIPALITY, 2025): _json(municipalities),
        _pdok_url(RegionKind.LABOUR_MARKET_REGION, 2024): _json(
            {"type": "FeatureCollection", "features": topojson_features(topology)}
        ),
        _odata_url("DataProperties"): _json({"value": DATA_PROPERTIES}),
        _odata_url("TypedDataSet"): _json({"value": rows[:100], "odata.nextLink": "https://odata.test/2"}),
        "https://odata.test/2": _json({"value": rows[100:]}),
        SOURCES.pc4_url: (data / "postcode" / "4pp_2014.csv").read_bytes(),
    }


class FakeFetch:
    def __init__(self, responses: dict[str, bytes]) -> None:
        self.responses = responses
        self.asked: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.asked.append(url)
        if url not in self.responses:
            raise urllib.error.HTTPError(url, 404, "Not Found", None, None)  # type: ignore[arg-type]
        return self.responses[url]


@pytest.mark.django_db
@pytest.mark.usefixtures("real_import")
def test_the_online_import_reproduces_the_folder_import() -> None:
    before = snapshot_take()
    fetch = FakeFetch(fake_network())

    report = reference_data_import(online=True, fetch=fetch, online_sources=SOURCES)

    assert set(fetch.asked) == set(fetch.responses)
    assert report.changed == 0
    assert report.regions[RegionKind.MUNICIPALITY].unchanged == 342
    assert report.memberships[RegionKind.LABOUR_MARKET_REGION].unchanged == 342
    assert snapshot_take() == before


def test_the_download_writes_files_the_folder_import_recognises(tmp_path: Path) -> None:
    files = reference_data_download(target_dir=tmp_path, sources=SOURCES, fetch=FakeFetch(fake_network()))

    assert sorted(path.relative_to(tmp_path).as_posix() for path in files.all) == [
        "postcode/4pp.csv",
        "reference/arbeidsmarktregio_2024.geojson",
        "reference/cbs86247NED_gemeente_arbeidsmarktregio_2026.json",
        "reference/gemeente_2025.geojson",
        "reference/provincie_2023.geojson",
    ]
    table = json.loads((tmp_path / "reference/cbs86247NED_gemeente_arbeidsmarktregio_2026.json").read_text())
    assert table["gemeenten"]["0599"] == "Rijnmond"
    provinces = json.loads((tmp_path / "reference/provincie_2023.geojson").read_text())
    assert len(provinces["features"]) == 12


@pytest.mark.django_db
def test_a_failed_download_names_the_url_and_writes_nothing() -> None:
    responses = fake_network()
    del responses[SOURCES.pc4_url]

    with translation.override("en"), pytest.raises(DataImportError) as error:
        reference_data_import(online=True, fetch=FakeFetch(responses), online_sources=SOURCES)

    (problem,) = error.value.problems
    assert problem.file == SOURCES.pc4_url
    assert "download failed" in problem.message and "404" in problem.message


@pytest.mark.django_db
def test_a_table_without_region_names_is_refused() -> None:
    responses = fake_network()
    responses[_odata_url("DataProperties")] = _json({"value": DATA_PROPERTIES[:4]})

    with translation.override("en"), pytest.raises(DataImportError) as error:
        reference_data_import(online=True, fetch=FakeFetch(responses), online_sources=SOURCES)

    assert error.value.problems[0].file == _odata_url("DataProperties")


def test_only_https_is_fetched() -> None:
    with pytest.raises(ValueError, match="https"):
        urllib_fetch("file:///etc/passwd")


def test_every_online_url_is_https() -> None:
    sources = OnlineSources()
    urls = [
        sources.pdok_items_url,
        sources.cbs_odata_url,
        sources.pc4_url,
    ]

    assert all(url.startswith("https://") for url in urls)
