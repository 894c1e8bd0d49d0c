"""The built-in regions, on an empty database."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.services import fallback_regions_ensure, reference_data_import

from .conftest import reference_data_dir

pytestmark = pytest.mark.django_db

# DOMAIN.md: 35 codes from AM01 to AM38 with gaps.
LABOUR_MARKET_REGION_CODES = {f"AM{n:02d}" for n in range(1, 39)} - {"AM04", "AM16", "AM31"}


def test_the_fallback_gives_the_provinces_regions_and_country() -> None:
    assert fallback_regions_ensure() == 48

    provinces = dict(Region.objects.provinces().values_list("code", "name"))
    regions = dict(Region.objects.labour_market_regions().values_list("code", "name"))
    assert set(provinces) == {f"PV{n}" for n in range(20, 32)}
    assert (provinces["PV20"], provinces["PV21"], provinces["PV31"]) == ("Groningen", "Fryslân", "Limburg")
    assert set(regions) == LABOUR_MARKET_REGION_CODES
    assert (regions["AM17"], regions["AM36"], regions["AM38"]) == (
        "Zaanstreek/Waterland",
        "Regio Zwolle",
        "FoodValley",
    )
    assert list(
        Region.objects.current().filter(kind=RegionKind.COUNTRY).values_list("code", "name", "year")
    ) == [("NL", "Nederland", 2024)]
    assert set(Region.objects.filter(kind=RegionKind.PROVINCE).values_list("year", flat=True)) == {2023}
    assert set(
        Region.objects.filter(kind=RegionKind.LABOUR_MARKET_REGION).values_list("year", flat=True)
    ) == {2024}
    assert not Region.objects.filter(boundary__isnull=False).exists()


def test_the_fallback_is_idempotent() -> None:
    fallback_regions_ensure()
    before = list(Region.objects.order_by("pk").values())

    assert fallback_regions_ensure() == 0
    assert list(Region.objects.order_by("pk").values()) == before


def test_the_command_can_run_the_fallback_only() -> None:
    out = StringIO()

    with translation.override("en"):
        call_command("import_regions", "--fallback-only", "--no-progress", stdout=out)

    assert "Regions, labour-market region: 35 created" in out.getvalue()
    assert Region.objects.count() == 48


def test_a_file_import_completes_the_fallback_rows_instead_of_adding_new_ones() -> None:
    fallback_regions_ensure()
    ids = dict(Region.objects.values_list("code", "pk"))

    report = reference_data_import(data_dir=reference_data_dir())

    assert report.regions[RegionKind.PROVINCE].updated == 12
    assert report.regions[RegionKind.LABOUR_MARKET_REGION].updated == 35
    assert report.regions[RegionKind.PROVINCE].created == 0
    for region in Region.objects.exclude(kind__in=[RegionKind.MUNICIPALITY, RegionKind.COUNTRY]):
        assert region.pk == ids[region.code]
        assert region.boundary is not None and region.latitude is not None


def test_fallback_rows_older_than_a_stored_set_are_not_current() -> None:
    Region.objects.create(kind=RegionKind.LABOUR_MARKET_REGION, code="AM01", name="Groningen", year=2026)

    fallback_regions_ensure()

    assert list(Region.objects.labour_market_regions().values_list("code", "year")) == [("AM01", 2026)]
    assert (
        Region.objects.filter(kind=RegionKind.LABOUR_MARKET_REGION, year=2024, is_current=False).count() == 35
    )


def test_one_source_at_a_time() -> None:
    with pytest.raises(ValueError, match="at most one"):
        reference_data_import(data_dir=reference_data_dir(), fallback_only=True)
