"""The finder's place lookup and ranking, and the funnel counts."""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.utils import translation

from netwerkkaart.enquiries.choices import CompanySize, Need, Sector, Tier
from netwerkkaart.enquiries.selectors import (
    FinderResult,
    company_place_find,
    enquiry_funnel,
    partnership_find,
)
from netwerkkaart.initiatives.models import Activity
from netwerkkaart.initiatives.result_index import initiative_index
from netwerkkaart.initiatives.services import initiative_create, initiative_publish

from .conftest import Country
from .factories import EnquiryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["3011", "3011 AB", " 3011ab ", "Rotterdam", "rotterdam", "GM0599"])
def test_place_of_postcode_or_municipality(country: Country, text: str) -> None:
    place = company_place_find(text=text)
    assert place is not None
    assert place.municipality == country.rotterdam
    assert place.labour_market_region == country.rijnmond
    assert place.province is not None and place.province.code == "PV28"


@pytest.mark.parametrize("text", ["", "1234", "Atlantis", "99999"])
def test_unknown_place(country: Country, text: str) -> None:
    assert company_place_find(text=text) is None


def _names(result: FinderResult, tier: str) -> list[str]:
    found = next(t for t in result.tiers if t.tier == tier)
    return [match.initiative.name for match in found.matches]


def test_region_first_then_nearby_then_national(country: Country) -> None:
    place = company_place_find(text="3011")
    assert place is not None
    result = partnership_find(place=place, need=Need.INTERNS)
    # The fitting initiative first; the region's other initiative is shown too.
    assert _names(result, Tier.REGION) == ["IT Campus Rotterdam", "Cyberlab Schiedam"]
    assert _names(result, Tier.NEARBY) == ["Delft Data Lab"]  # same province, 13 km
    assert _names(result, Tier.NATIONAL) == ["Landelijk Stagenetwerk"]
    shown = {match.initiative.name for tier in result.tiers for match in tier.matches}
    assert "IT Academy Noord" not in shown  # far away, another province, not national
    assert "Geheim Concept" not in shown  # a draft


def test_reasons_say_why(country: Country) -> None:
    place = company_place_find(text="3011")
    assert place is not None
    with translation.override("en"):
        result = partnership_find(
            place=place, need=Need.INTERNS, sector=Sector.SOFTWARE, size=CompanySize.SMALL
        )
    campus = result.tiers[0].matches[0]
    assert campus.reasons == (
        "Works in your labour-market region Rijnmond.",
        "Offers what you ask for: internships.",
        "Works with mbo students.",
        "Aims at initial education.",
        "Works on your sector's theme: software development.",
    )
    assert campus.score > result.tiers[0].matches[1].score
    delft = result.tiers[1].matches[0]
    assert delft.reasons[0] == "About 13 km from you."
    assert result.tiers[2].matches[0].reasons[0] == "Works across the whole country."
    assert not campus.via_coordinators
    assert result.tiers[0].matches[1].via_coordinators  # Cyberlab has no contact address


def test_outside_the_region_only_fitting_initiatives(country: Country) -> None:
    place = company_place_find(text="3011")
    assert place is not None
    result = partnership_find(place=place, need=Need.RETRAINING)
    # Neither fits: the nearer one first, although "Cyberlab" comes first by name.
    assert _names(result, Tier.REGION) == ["IT Campus Rotterdam", "Cyberlab Schiedam"]
    assert _names(result, Tier.NEARBY) == []
    assert _names(result, Tier.NATIONAL) == []


def test_fixed_number_of_queries(country: Country, django_assert_num_queries: Any) -> None:
    place = company_place_find(text="3011")
    assert place is not None
    initiative_index()
    # Token, three taxonomies of the need (activities, target groups, goals), the initiatives shown.
    with django_assert_num_queries(5):
        partnership_find(place=place, need=Need.INTERNS)
    for number in range(30):
        initiative_publish(
            initiative=initiative_create(
                name=f"Stage {number}",
                municipality=country.rotterdam,
                activities=Activity.objects.filter(slug="internships"),
            )
        )
    initiative_index()
    with django_assert_num_queries(5):
        result = partnership_find(place=place, need=Need.INTERNS)
    assert result.tiers[0].total == 32 and len(result.tiers[0].matches) == 10


def test_funnel_counts_per_region_and_month(country: Country) -> None:
    asked = EnquiryFactory.create(labour_market_region=country.rijnmond)
    EnquiryFactory.create(
        labour_market_region=country.rijnmond, contacted_at=datetime(2026, 3, 2, tzinfo=UTC)
    )
    EnquiryFactory.create(
        labour_market_region=country.groningen_region,
        contacted_at=datetime(2026, 3, 2, tzinfo=UTC),
        joined_at=datetime(2026, 3, 3, tzinfo=UTC),
    )
    EnquiryFactory.create(labour_market_region=None)
    from netwerkkaart.enquiries.models import Enquiry

    Enquiry.objects.filter(pk=asked.pk).update(created_at=datetime(2025, 12, 15, 12, tzinfo=UTC))
    national = enquiry_funnel()
    assert (national.total.asked, national.total.contacted, national.total.joined) == (4, 2, 1)
    rows = {row.region.code if row.region else None: row.counts for row in national.regions}
    assert rows["AM22"].asked == 2 and rows["AM22"].contacted == 1 and rows["AM22"].joined == 0
    assert rows["AM01"].joined == 1
    assert rows["AM21"].asked == 0
    assert rows[None].asked == 1
    assert national.months[0].month.isoformat() == "2025-12-01"
    assert sum(row.counts.asked for row in national.months) == 4
    rijnmond = enquiry_funnel(region=country.rijnmond)
    assert (rijnmond.total.asked, rijnmond.total.contacted) == (2, 1)
    assert [row.region.code for row in rijnmond.regions if row.region] == ["AM22"]
