"""A small, hand-made country for the page tests: two provinces, two labour-market regions, three
municipalities, and initiatives in every publication state. Regions are written directly (the region
importer has its own tests); initiatives and organisations go through their services."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from netwerkkaart.initiatives.choices import (
    FundingSource,
    InitiativeKind,
    PartnershipRole,
    Phase,
    PublicationStatus,
)
from netwerkkaart.initiatives.models import Activity, Goal, Initiative, TargetGroup, Theme
from netwerkkaart.initiatives.services import (
    funding_line_add,
    initiative_create,
    initiative_publish,
    partnership_add,
    yearly_figure_add,
)
from netwerkkaart.organisations.choices import OrganisationKind, SizeClass
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.services import organisation_create
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region, RegionMembership

YEAR = 2026


def square(x: float, y: float) -> dict[str, object]:
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 0.5, y], [x + 0.5, y + 0.5], [x, y + 0.5], [x, y]]],
    }


@dataclass
class World:
    country: Region
    south_holland: Region
    groningen_province: Region
    rijnmond: Region
    groningen_region: Region
    rotterdam: Region
    schiedam: Region
    groningen: Region
    campus: Initiative
    fictitious: Initiative
    academy: Initiative
    draft: Initiative
    archived: Initiative
    school: Organisation
    company: Organisation
    fictitious_company: Organisation


def region_create(kind: str, code: str, name: str, boundary: dict[str, object] | None = None) -> Region:
    return Region.objects.create(kind=kind, code=code, name=name, year=YEAR, boundary=boundary)


def member_add(municipality: Region, *parents: Region) -> None:
    for parent in parents:
        RegionMembership.objects.create(
            municipality=municipality, parent=parent, parent_kind=parent.kind, year=YEAR
        )


def regions_create() -> dict[str, Region]:
    regions = {
        "country": region_create(RegionKind.COUNTRY, "NL", "Nederland"),
        "south_holland": region_create(RegionKind.PROVINCE, "PV28", "Zuid-Holland"),
        "groningen_province": region_create(RegionKind.PROVINCE, "PV20", "Groningen"),
        "rijnmond": region_create(RegionKind.LABOUR_MARKET_REGION, "AM22", "Rijnmond", square(4.0, 51.7)),
        "groningen_region": region_create(
            RegionKind.LABOUR_MARKET_REGION, "AM01", "Groningen", square(6.3, 53.0)
        ),
        "rotterdam": region_create(RegionKind.MUNICIPALITY, "GM0599", "Rotterdam"),
        "schiedam": region_create(RegionKind.MUNICIPALITY, "GM0606", "Schiedam"),
        "groningen": region_create(RegionKind.MUNICIPALITY, "GM0014", "Groningen"),
    }
    member_add(regions["rotterdam"], regions["rijnmond"], regions["south_holland"])
    member_add(regions["schiedam"], regions["rijnmond"], regions["south_holland"])
    member_add(regions["groningen"], regions["groningen_region"], regions["groningen_province"])
    return regions


def published(initiative: Initiative, day: int) -> Initiative:
    return initiative_publish(initiative=initiative, published_at=datetime(2026, 3, day, 12, tzinfo=UTC))


def world_create() -> World:
    regions = regions_create()
    school = organisation_create(
        name="Hogeschool Rotterdam",
        kind=OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES,
        school_code="21UI",
        website="https://www.hogeschoolrotterdam.nl",
        city="Rotterdam",
        municipality=regions["rotterdam"],
    )
    company = organisation_create(
        name="Havenbedrijf Rotterdam",
        kind=OrganisationKind.COMPANY,
        size_class=SizeClass.LARGE,
        kvk_number="24354561",
        city="Rotterdam",
        municipality=regions["rotterdam"],
    )
    fictitious_company = organisation_create(
        name="Bits en Bouten B.V.",
        kind=OrganisationKind.COMPANY,
        size_class=SizeClass.SME,
        city="Schiedam",
        municipality=regions["schiedam"],
        fictitious=True,
    )

    campus = initiative_create(
        name="IT Campus Rotterdam",
        summary="Mbo, hbo and companies train ICT talent together in the port city.",
        description="A campus where students work on real assignments.\n\nFounded by schools and the port.",
        kind=InitiativeKind.CAMPUS,
        phase=Phase.SCALING,
        start_year=2018,
        website="https://itcampusrotterdam.example.nl",
        place="Rotterdam",
        municipality=regions["rotterdam"],
        contact_email="info@itcampus.example.nl",
        contact_phone="010 123 45 67",
        contact_person="Anna de Vries",
        contact_person_consent_on=date(2026, 1, 15),
        source="europoortkringen.nl/it-campus-van-start",
        source_note="Start year and hosts from news reports.",
        verified_on=date(2026, 2, 1),
        goals=Goal.objects.filter(slug__in=["initial-education", "innovation"]),
        themes=Theme.objects.filter(slug__in=["inflow", "software-development"]),
        target_groups=TargetGroup.objects.filter(slug="mbo-students"),
        activities=Activity.objects.filter(slug="internships"),
    )
    partnership_add(initiative=campus, organisation=school, role=PartnershipRole.LEAD_APPLICANT, since=2018)
    partnership_add(initiative=campus, organisation=school, role=PartnershipRole.KNOWLEDGE_PARTNER)
    partnership_add(initiative=campus, organisation=company, role=PartnershipRole.COMPANY)
    partnership_add(initiative=campus, organisation=company, role=PartnershipRole.FUNDER)
    funding_line_add(
        initiative=campus,
        source=FundingSource.RIF,
        description="RIF grant",
        amount_per_year=250000,
        start_year=2022,
        end_year=2025,
        end_date=date(2025, 12, 31),
    )
    yearly_figure_add(
        initiative=campus,
        year=2024,
        source="Annual report 2024",
        companies=120,
        smes=90,
        students_reached=1500,
        women_share=23,
        reported_on=date(2025, 3, 1),
    )
    published(campus, 1)

    fictitious = initiative_create(
        name="Cyberlab Schiedam",
        kind=InitiativeKind.FIELDLAB,
        place="Schiedam",
        municipality=regions["schiedam"],
        fictitious=True,
        themes=Theme.objects.filter(slug="cybersecurity"),
    )
    partnership_add(
        initiative=fictitious, organisation=fictitious_company, role=PartnershipRole.LEAD_APPLICANT
    )
    published(fictitious, 2)

    academy = initiative_create(
        name="IT Academy Noord-Nederland",
        kind=InitiativeKind.RETRAINING_PROGRAMME,
        place="Groningen",
        municipality=regions["groningen"],
        goals=Goal.objects.filter(slug="postinitial-education"),
    )
    published(academy, 3)

    draft = initiative_create(name="Secret Draft Initiative", municipality=regions["rotterdam"])
    archived = initiative_create(name="Old Archived Initiative", municipality=regions["rotterdam"])
    partnership_add(initiative=draft, organisation=school, role=PartnershipRole.EDUCATION_PARTNER)
    published(archived, 4)
    Initiative.objects.filter(pk=archived.pk).update(status=PublicationStatus.ARCHIVED)

    return World(
        **regions,
        campus=campus,
        fictitious=fictitious,
        academy=academy,
        draft=draft,
        archived=archived,
        school=school,
        company=company,
        fictitious_company=fictitious_company,
    )


@pytest.fixture
def world(db: None) -> World:
    return world_create()
