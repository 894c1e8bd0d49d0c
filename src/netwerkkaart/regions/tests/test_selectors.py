"""Region reads: answers on the real data and their query counts."""

import pytest
from pytest_django import DjangoAssertNumQueries

from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region, RegionMembership
from netwerkkaart.regions.selectors import (
    labour_market_region_of,
    municipalities_of,
    postcode_get,
    postcode_normalise,
    province_of,
    region_get_current,
    regions_with_boundaries,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3011", "3011"),
        ("3011 AB", "3011"),
        (" 3011ab ", "3011"),
        ("3011  ab", "3011"),
        ("0123", None),
        ("301", None),
        ("30111", None),
        ("3011 A", None),
        ("3011 ABC", None),
        ("", None),
        ("abcd", None),
    ],
)
def test_postcode_normalise(typed: str, expected: str | None) -> None:
    assert postcode_normalise(typed) == expected


@pytest.mark.django_db
@pytest.mark.usefixtures("real_import")
class TestOnTheRealData:
    def test_region_get_current_accepts_any_case_and_the_country(self) -> None:
        assert region_get_current(code=" am22 ").name == "Rijnmond"  # type: ignore[union-attr]
        assert region_get_current(code="NL").kind == RegionKind.COUNTRY  # type: ignore[union-attr]
        assert region_get_current(code="GM9999") is None

    def test_region_get_current_skips_a_set_that_is_no_longer_current(self) -> None:
        Region.objects.filter(code="PV28").update(is_current=False)

        assert region_get_current(code="PV28") is None

    def test_postcode_get_fetches_the_municipality_in_the_same_query(
        self, django_assert_num_queries: DjangoAssertNumQueries
    ) -> None:
        with django_assert_num_queries(1):
            postcode = postcode_get(code="3011 AB")
            assert postcode is not None and postcode.municipality is not None
            assert postcode.municipality.code == "GM0599"
        assert postcode_get(code="nonsense") is None

    def test_parents_take_one_query_each(self, django_assert_num_queries: DjangoAssertNumQueries) -> None:
        zwolle = region_get_current(code="GM0193")
        assert zwolle is not None

        with django_assert_num_queries(2):
            region = labour_market_region_of(municipality=zwolle)
            province = province_of(municipality=zwolle)

        assert region is not None and region.code == "AM36"
        assert province is not None and province.code == "PV23"

    def test_the_newest_membership_year_wins(self) -> None:
        zwolle = region_get_current(code="GM0193")
        groningen = region_get_current(code="AM01")
        assert zwolle is not None and groningen is not None
        RegionMembership.objects.create(
            municipality=zwolle,
            parent=groningen,
            parent_kind=RegionKind.LABOUR_MARKET_REGION,
            year=2027,
        )

        assert labour_market_region_of(municipality=zwolle) == groningen
        assert "GM0193" in municipalities_of(region=groningen).values_list("code", flat=True)
        regio_zwolle = region_get_current(code="AM36")
        assert regio_zwolle is not None
        assert "GM0193" not in municipalities_of(region=regio_zwolle).values_list("code", flat=True)

    def test_municipalities_of_a_region_in_one_query(
        self, django_assert_num_queries: DjangoAssertNumQueries
    ) -> None:
        rijnmond = region_get_current(code="AM22")
        zuid_holland = region_get_current(code="PV28")
        country = region_get_current(code="NL")
        assert rijnmond is not None and zuid_holland is not None and country is not None

        with django_assert_num_queries(1):
            names = [m.name for m in municipalities_of(region=rijnmond)]

        assert "Rotterdam" in names and names == sorted(names)
        assert len(municipalities_of(region=zuid_holland)) == 50
        assert municipalities_of(region=country).count() == 342
        rotterdam = region_get_current(code="GM0599")
        assert rotterdam is not None
        assert not municipalities_of(region=rotterdam).exists()

    def test_regions_with_boundaries(self) -> None:
        Region.objects.filter(code="AM01").update(boundary=None)

        codes = list(
            regions_with_boundaries(kind=RegionKind.LABOUR_MARKET_REGION).values_list("code", flat=True)
        )

        assert len(codes) == 34 and "AM01" not in codes
        assert not regions_with_boundaries(kind=RegionKind.COUNTRY).exists()
