"""The import of the real reference data (settings.REFERENCE_DATA_DIR), imported once per module."""

import shutil
from collections import defaultdict
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings
from django.utils import translation
from shapely.geometry import Point, shape

from netwerkkaart.regions.choices import PostcodeKind, RegionKind
from netwerkkaart.regions.models import Postcode, Region, RegionMembership
from netwerkkaart.regions.selectors import (
    labour_market_region_of,
    postcode_get,
    province_of,
    region_get_current,
)
from netwerkkaart.regions.services import (
    ReferenceImportReport,
    fallback_regions_ensure,
    reference_data_import,
)

from .conftest import Snapshot, reference_data_dir, snapshot_take

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_import")]


def test_the_three_region_sets_and_the_country_are_complete() -> None:
    current = Region.objects.current()

    assert current.filter(kind=RegionKind.PROVINCE).count() == 12
    assert current.filter(kind=RegionKind.LABOUR_MARKET_REGION).count() == 35
    assert current.filter(kind=RegionKind.MUNICIPALITY).count() == 342
    assert list(current.filter(kind=RegionKind.COUNTRY).values_list("code", "name")) == [("NL", "Nederland")]
    assert not Region.objects.filter(is_current=False).exists()
    assert region_get_current(code="PV21").name == "Fryslân"  # type: ignore[union-attr]


def test_the_first_import_reports_what_it_created(real_import: ReferenceImportReport) -> None:
    assert real_import.regions[RegionKind.MUNICIPALITY].created == 342
    assert real_import.regions[RegionKind.PROVINCE].created == 12
    assert real_import.memberships[RegionKind.LABOUR_MARKET_REGION].created == 342
    assert real_import.memberships[RegionKind.PROVINCE].created == 342
    assert real_import.postcodes.created == 4699


@pytest.mark.parametrize("parent_kind", [RegionKind.LABOUR_MARKET_REGION, RegionKind.PROVINCE])
def test_every_municipality_is_in_exactly_one_current_parent(parent_kind: str) -> None:
    per_municipality = dict(
        Region.objects.municipalities()
        .filter(memberships__parent_kind=parent_kind, memberships__parent__is_current=True)
        .annotate(parents=Count("memberships__parent", distinct=True))
        .values_list("code", "parents")
    )

    assert len(per_municipality) == 342
    assert set(per_municipality.values()) == {1}


def test_ten_labour_market_regions_cross_a_province_border() -> None:
    provinces_of_region: dict[str, set[int]] = defaultdict(set)
    memberships = RegionMembership.objects.filter(parent_kind=RegionKind.PROVINCE)
    province_by_municipality = dict(memberships.values_list("municipality_id", "parent_id"))
    for municipality_id, region_code in RegionMembership.objects.filter(
        parent_kind=RegionKind.LABOUR_MARKET_REGION
    ).values_list("municipality_id", "parent__code"):
        provinces_of_region[region_code].add(province_by_municipality[municipality_id])

    assert sum(1 for provinces in provinces_of_region.values() if len(provinces) > 1) == 10


def _numbers(nested: Any) -> Iterator[float]:
    if isinstance(nested, list):
        for item in nested:
            yield from _numbers(item)
    else:
        yield nested


def test_boundaries_are_normalised_with_a_centre_inside() -> None:
    for region in Region.objects.exclude(kind=RegionKind.COUNTRY):
        assert region.boundary is not None, region
        geometry = shape(region.boundary)
        polygons = getattr(geometry, "geoms", [geometry])
        assert all(polygon.exterior.is_ccw for polygon in polygons), region
        assert geometry.is_valid, region
        assert geometry.contains(Point(region.longitude, region.latitude)), region
        assert all(round(c, 5) == c for c in _numbers(region.boundary["coordinates"])), region


def test_at_least_4000_postcodes_lie_in_a_current_municipality() -> None:
    resolved = Postcode.objects.filter(
        municipality__is_current=True, municipality__kind=RegionKind.MUNICIPALITY
    ).count()

    assert resolved >= 4000
    # PO-box-only postcodes carry unreliable centres and are not placed.
    assert not Postcode.objects.filter(kind=PostcodeKind.PO_BOXES, municipality__isnull=False).exists()


@pytest.mark.parametrize(
    ("postcode", "municipality", "labour_market_region"),
    [
        ("3011", ("GM0599", "Rotterdam"), "AM22"),
        ("9712", ("GM0014", "Groningen"), "AM01"),
        ("6211", ("GM0935", "Maastricht"), "AM30"),
        ("8011", ("GM0193", "Zwolle"), "AM36"),
    ],
)
def test_known_postcodes_lie_in_their_municipality_and_region(
    postcode: str, municipality: tuple[str, str], labour_market_region: str
) -> None:
    found = postcode_get(code=postcode)

    assert found is not None and found.municipality is not None
    assert (found.municipality.code, found.municipality.name) == municipality
    region = labour_market_region_of(municipality=found.municipality)
    assert region is not None and region.code == labour_market_region


def test_postcodes_of_merged_municipalities_get_the_current_one() -> None:
    # Bussum merged into Gooise Meren in 2016: the 2014 name in the file must not decide.
    bussum = postcode_get(code="1401")

    assert bussum is not None and bussum.municipality is not None
    assert bussum.municipality.name == "Gooise Meren"


def test_rotterdam_lies_in_zuid_holland() -> None:
    rotterdam = region_get_current(code="GM0599")

    assert rotterdam is not None
    province = province_of(municipality=rotterdam)
    assert province is not None and (province.code, province.name) == ("PV28", "Zuid-Holland")


def test_a_second_import_changes_nothing() -> None:
    before = snapshot_take()

    report = reference_data_import(data_dir=reference_data_dir())

    assert snapshot_take() == before
    assert report.changed == 0
    assert report.regions[RegionKind.MUNICIPALITY].unchanged == 342
    assert report.regions[RegionKind.PROVINCE].unchanged == 12
    assert report.regions[RegionKind.LABOUR_MARKET_REGION].unchanged == 35
    assert report.memberships[RegionKind.LABOUR_MARKET_REGION].unchanged == 342
    assert report.memberships[RegionKind.PROVINCE].unchanged == 342
    assert report.postcodes.unchanged == 4699


def test_the_fallback_leaves_imported_boundaries_alone() -> None:
    before = snapshot_take()

    assert fallback_regions_ensure() == 0
    assert snapshot_take() == before


def test_the_command_prints_the_report() -> None:
    out = StringIO()

    with translation.override("en"):
        call_command("import_regions", "--from-dir", str(reference_data_dir()), "--no-progress", stdout=out)

    assert "Regions, municipality: 0 created, 0 updated, 342 unchanged" in out.getvalue()
    assert "Postcodes: 0 created, 0 updated, 4699 unchanged" in out.getvalue()


def test_without_a_data_folder_the_command_only_ensures_the_fallback(tmp_path: Path) -> None:
    before = snapshot_take()
    out = StringIO()

    with override_settings(REFERENCE_DATA_DIR=tmp_path / "missing"), translation.override("en"):
        call_command("import_regions", "--no-progress", stdout=out)

    assert "does not exist" in out.getvalue()
    assert snapshot_take() == before


def _province_set_of_year(data_dir: Path, year: int) -> None:
    source = reference_data_dir() / "reference" / "provincie_2023.geojson"
    text = source.read_text(encoding="utf-8").replace('"jrstatcode":"2023PV', f'"jrstatcode":"{year}PV')
    (data_dir / f"provincie_{year}.geojson").write_text(text, encoding="utf-8")


def test_a_newer_region_set_is_stored_beside_and_becomes_current(tmp_path: Path) -> None:
    _province_set_of_year(tmp_path, 2024)
    before: Snapshot = snapshot_take()

    report = reference_data_import(data_dir=tmp_path)

    assert report.regions[RegionKind.PROVINCE].created == 12
    assert report.regions[RegionKind.PROVINCE].updated == 12  # the 2023 rows stop being current
    assert Region.objects.filter(kind=RegionKind.PROVINCE).count() == 24
    assert set(Region.objects.provinces().values_list("year", flat=True)) == {2024}
    assert Region.objects.filter(kind=RegionKind.PROVINCE, year=2023, is_current=False).count() == 12
    # Untouched kinds stay as they were.
    assert snapshot_take()["regions_postcode"] == before["regions_postcode"]
    rotterdam = region_get_current(code="GM0599")
    assert rotterdam is not None
    province = province_of(municipality=rotterdam)
    assert province is not None and (province.code, province.year) == ("PV28", 2024)
    assert region_get_current(code="PV28") == province


def test_an_older_region_set_is_stored_beside_but_not_current(tmp_path: Path) -> None:
    _province_set_of_year(tmp_path, 2022)

    report = reference_data_import(data_dir=tmp_path)

    assert report.regions[RegionKind.PROVINCE].created == 12
    assert report.regions[RegionKind.PROVINCE].updated == 0
    assert set(Region.objects.provinces().values_list("year", flat=True)) == {2023}
    assert Region.objects.filter(kind=RegionKind.PROVINCE, year=2022, is_current=False).count() == 12


def test_a_folder_with_only_the_membership_table_imports_it_against_stored_regions(tmp_path: Path) -> None:
    shutil.copy(
        reference_data_dir() / "reference" / "cbs86247NED_gemeente_arbeidsmarktregio_2026.json", tmp_path
    )
    before = snapshot_take()

    report = reference_data_import(data_dir=tmp_path)

    assert report.memberships[RegionKind.LABOUR_MARKET_REGION].unchanged == 342
    assert report.changed == 0
    assert snapshot_take() == before
