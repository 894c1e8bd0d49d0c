"""The import half of the round trip with the exports (docs/data/export-format.md):
export everything, import it into an empty database, export again: the same bytes."""

from datetime import date

import pytest
from django.test import Client

from netwerkkaart.imports.services import initiatives_import
from netwerkkaart.initiatives.models import Initiative, Theme
from netwerkkaart.initiatives.services import initiative_create, initiative_publish, partnership_add
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.services import organisation_create

pytestmark = pytest.mark.django_db

FORMATS = [
    ("csv", {"delimiter": "semicolon"}),
    ("csv", {"delimiter": "comma"}),
    ("xlsx", {}),
    ("ods", {}),
]


@pytest.fixture
def landscape(regions) -> None:
    """Initiatives with everything the initiatives file carries, including the awkward cases."""
    school = organisation_create(
        name="Hogeschool Rotterdam", kind="university_of_applied_sciences", school_code="21UI"
    )
    port = organisation_create(name="Havenbedrijf Rotterdam N.V.", kind="company", kvk_number="24354561")
    comma = organisation_create(name="Arts, Crafts (Noord) B.V.", kind="company")
    semicolon = organisation_create(name="Semi;colon", kind="other")
    both = organisation_create(name="Voorbeeld", kind="company", kvk_number="12345678", school_code="99XX")
    municipality = organisation_create(name="Gemeente Rotterdam", kind="government")
    campus = initiative_create(
        name="IT Campus Rotterdam",
        slug="it-campus",
        summary="=1+1 is geen formule",
        description="Eerste regel.\r\nTweede regel; met puntkomma.\n\n- opsomming",
        kind="campus",
        phase="scaling",
        start_year=2018,
        end_year=2030,
        website="https://www.itcampusrotterdam.nl",
        place="Rotterdam",
        municipality=regions["GM0599"],
        latitude=51.9225,
        longitude=4.47917,
        regions_served=[regions["AM22"], regions["PV28"]],
        themes=list(Theme.objects.filter(slug__in=["cybersecurity", "data-and-ai"])),
        contact_email="info@example.nl",
        contact_phone="+31 10 123 45 67",
        contact_person="Jan Jansen",
        contact_person_consent_on=date(2024, 3, 1),
        source="itcampusrotterdam.nl",
        source_note="'s-Hertogenbosch? no: Rotterdam",
        verified_on=date(2025, 1, 31),
    )
    for organisation, role in [
        (school, "lead_applicant"),
        (school, "education_partner"),
        (port, "company"),
        (comma, "company"),
        (semicolon, "knowledge_partner"),
        (both, "funder"),
        (municipality, "government"),
    ]:
        partnership_add(initiative=campus, organisation=organisation, role=role)
    demo = initiative_create(name="Demo-initiatief", slug="demo", fictitious=True, regions_served=[])
    partnership_add(
        initiative=demo,
        organisation=organisation_create(name="Fictief B.V.", kind="company", fictitious=True),
        role="company",
    )
    plain = initiative_create(name="Zonder alles", slug="zonder-alles", municipality=regions["GM0363"])
    for initiative in (campus, demo, plain):
        initiative_publish(initiative=initiative)


def _export(client: Client, file_format: str, params: dict[str, str]) -> bytes:
    response = client.get(f"/downloads/initiatieven.{file_format}", params)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]


def _empty_the_database() -> None:
    Initiative.objects.all().delete()
    Organisation.objects.all().delete()


@pytest.mark.parametrize(
    ("file_format", "params"), FORMATS, ids=["csv-semicolon", "csv-comma", "xlsx", "ods"]
)
def test_export_import_export_gives_the_same_file(
    landscape, client: Client, file_format: str, params
) -> None:
    first = _export(client, file_format, params)
    _empty_the_database()

    report = initiatives_import(data=first, file_name=f"initiatieven.{file_format}")

    assert not report.problems
    assert report.counts["created"] == 3
    assert _export(client, file_format, params) == first
    again = initiatives_import(data=first, file_name=f"initiatieven.{file_format}")
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 3, "refused": 0}
