"""A small country for the finder and enquiry tests: Rijnmond (Rotterdam, Schiedam), Haaglanden (Delft),
Groningen far away, and an initiative serving the whole country. Regions are written directly;
initiatives go through their services."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.utils import translation

from netwerkkaart.accounts.models import User
from netwerkkaart.initiatives.choices import InitiativeKind
from netwerkkaart.initiatives.models import Activity, Goal, Initiative, TargetGroup, Theme
from netwerkkaart.initiatives.services import initiative_create, initiative_publish
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Postcode, Region, RegionMembership

YEAR = 2026


def region_create(kind: str, code: str, name: str, latitude: float = 52.0, longitude: float = 5.0) -> Region:
    return Region.objects.create(
        kind=kind, code=code, name=name, year=YEAR, latitude=latitude, longitude=longitude
    )


def member_add(municipality: Region, *parents: Region) -> None:
    for parent in parents:
        RegionMembership.objects.create(
            municipality=municipality, parent=parent, parent_kind=parent.kind, year=YEAR
        )


def published(initiative: Initiative) -> Initiative:
    return initiative_publish(initiative=initiative, published_at=datetime(2026, 3, 1, 12, tzinfo=UTC))


@dataclass
class Country:
    country: Region
    rijnmond: Region
    haaglanden: Region
    groningen_region: Region
    rotterdam: Region
    schiedam: Region
    delft: Region
    groningen: Region
    campus: Initiative
    schiedam_lab: Initiative
    delft_lab: Initiative
    groningen_academy: Initiative
    national: Initiative
    draft: Initiative


def country_create() -> Country:
    country = region_create(RegionKind.COUNTRY, "NL", "Nederland")
    south_holland = region_create(RegionKind.PROVINCE, "PV28", "Zuid-Holland")
    groningen_province = region_create(RegionKind.PROVINCE, "PV20", "Groningen")
    rijnmond = region_create(RegionKind.LABOUR_MARKET_REGION, "AM22", "Rijnmond")
    haaglanden = region_create(RegionKind.LABOUR_MARKET_REGION, "AM21", "Haaglanden")
    groningen_region = region_create(RegionKind.LABOUR_MARKET_REGION, "AM01", "Groningen")
    rotterdam = region_create(RegionKind.MUNICIPALITY, "GM0599", "Rotterdam", 51.92, 4.48)
    schiedam = region_create(RegionKind.MUNICIPALITY, "GM0606", "Schiedam", 51.92, 4.40)
    delft = region_create(RegionKind.MUNICIPALITY, "GM0503", "Delft", 52.01, 4.36)
    groningen = region_create(RegionKind.MUNICIPALITY, "GM0014", "Groningen", 53.22, 6.57)
    member_add(rotterdam, rijnmond, south_holland)
    member_add(schiedam, rijnmond, south_holland)
    member_add(delft, haaglanden, south_holland)
    member_add(groningen, groningen_region, groningen_province)
    Postcode.objects.create(
        code="3011", place="Rotterdam", latitude=51.92, longitude=4.49, municipality=rotterdam
    )
    Postcode.objects.create(
        code="9711", place="Groningen", latitude=53.22, longitude=6.57, municipality=groningen
    )

    internships = Activity.objects.filter(slug="internships")
    campus = published(
        initiative_create(
            name="IT Campus Rotterdam",
            kind=InitiativeKind.CAMPUS,
            place="Rotterdam",
            municipality=rotterdam,
            latitude=51.92,
            longitude=4.48,
            contact_email="info@itcampus.example.nl",
            activities=internships,
            target_groups=TargetGroup.objects.filter(slug="mbo-students"),
            goals=Goal.objects.filter(slug="initial-education"),
            themes=Theme.objects.filter(slug="software-development"),
        )
    )
    schiedam_lab = published(
        initiative_create(
            name="Cyberlab Schiedam",
            kind=InitiativeKind.FIELDLAB,
            place="Schiedam",
            municipality=schiedam,
            latitude=51.92,
            longitude=4.40,
        )
    )
    delft_lab = published(
        initiative_create(
            name="Delft Data Lab",
            place="Delft",
            municipality=delft,
            latitude=52.01,
            longitude=4.36,
            contact_email="hallo@delftdatalab.example.nl",
            activities=internships,
        )
    )
    groningen_academy = published(
        initiative_create(
            name="IT Academy Noord",
            place="Groningen",
            municipality=groningen,
            latitude=53.22,
            longitude=6.57,
            contact_email="info@itacademy.example.nl",
            activities=internships,
        )
    )
    national = published(
        initiative_create(
            name="Landelijk Stagenetwerk",
            contact_email="info@stagenetwerk.example.nl",
            regions_served=[country],
            activities=internships,
        )
    )
    draft = initiative_create(
        name="Geheim Concept", municipality=rotterdam, activities=internships, contact_email="x@example.nl"
    )
    return Country(
        country=country,
        rijnmond=rijnmond,
        haaglanden=haaglanden,
        groningen_region=groningen_region,
        rotterdam=rotterdam,
        schiedam=schiedam,
        delft=delft,
        groningen=groningen,
        campus=campus,
        schiedam_lab=schiedam_lab,
        delft_lab=delft_lab,
        groningen_academy=groningen_academy,
        national=national,
        draft=draft,
    )


@pytest.fixture
def country(db: None) -> Country:
    return country_create()


@pytest.fixture(autouse=True)
def _dutch() -> Iterator[None]:
    """Django leaves the language of the last request active in the thread: each test starts in Dutch."""
    with translation.override("nl"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Rate-limit counters live in the default cache: every test starts without any."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_user(db: None) -> User:
    return User.objects.create_user(
        email="coordinator@example.nl", password="a-long-password-1", is_staff=True
    )
