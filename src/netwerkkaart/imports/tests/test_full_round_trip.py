"""The must-hold of issue 4: export everything, import it into an empty database, export again:
identical files, for every data set in every format (docs/data/export-format.md, ADR 12).

The data are varied on purpose: the synthetic demo generator (several regions, taxonomies, partners
in every role, yearly figures, funding lines, locations) plus hand-made awkward cases: Dutch
characters, names and texts that look like formulas, organisations whose names differ only in
their legal form, partnerships with and without years, figures with empty cells, and a draft that
is never exported. The empty database holds only what a new installation loads: the regions (here
the test's reference regions) and the taxonomies (a data migration).
"""

import codecs
import difflib
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from netwerkkaart.demo.synthetic import synthetic_generate
from netwerkkaart.imports.services import initiatives_import
from netwerkkaart.initiatives.models import FundingLine, Initiative, InitiativeLocation, Theme, YearlyFigure
from netwerkkaart.initiatives.services import (
    initiative_create,
    initiative_publish,
    partnership_add,
    yearly_figure_add,
)
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.services import organisation_create

pytestmark = pytest.mark.django_db

DATASETS = ("initiatieven", "organisaties", "samenwerkingen", "jaarcijfers")
# Organisations first (so the partner cells of the initiatives find them with their details), then
# the initiatives, then what refers to both.
IMPORT_ORDER = ("organisaties", "initiatieven", "samenwerkingen", "jaarcijfers")
FORMATS = {
    "csv-semicolon": ("csv", {"delimiter": "semicolon"}),
    "csv-comma": ("csv", {"delimiter": "comma"}),
    "xlsx": ("xlsx", {}),
    "ods": ("ods", {}),
}


@pytest.fixture
def varied(regions) -> None:
    synthetic_generate(count=14, seed=5)
    school = organisation_create(
        name="Hogeschool Rotterdam",
        kind="university_of_applied_sciences",
        school_code="21UI",
        website="https://www.hogeschoolrotterdam.nl",
        city="Rotterdam",
        municipality=regions["GM0599"],
    )
    formula = organisation_create(
        name='=HYPERLINK("x") B.V.', kind="company", size_class="sme", kvk_number="12345678", city="-Zuid"
    )
    legal_1 = organisation_create(name="Voorbeeld B.V.", kind="company", size_class="large")
    legal_2 = organisation_create(
        name="Stichting Voorbeeld", kind="knowledge_institute", city="'s-Hertogenbosch"
    )
    accents = organisation_create(
        name="Café Ĳsselmonde & Zoön", kind="sector_organisation", kvk_number="87654321", school_code="99XX"
    )
    semicolon = organisation_create(name="Semi;colon, Comma", kind="other")
    campus = initiative_create(
        name="Één Campus — Zuid",
        slug="een-campus-zuid",
        summary="+31 10 123 45 67 of @campus",
        description='Eerste regel.\nTweede; met puntkomma "citaat".\n\n- opsomming',
        kind="campus",
        phase="scaling",
        start_year=2018,
        end_year=2030,
        website="https://www.example.nl/één",
        place="Rotterdam-Zuid",
        municipality=regions["GM0599"],
        latitude=51.9225,
        longitude=4.47917,
        regions_served=[regions["AM22"], regions["PV28"]],
        themes=list(Theme.objects.order_by("pk")[:3]),
        contact_email="info@example.nl",
        contact_person="Jan de Vrieß",
        contact_person_consent_on=date(2024, 3, 1),
        source="=SUM(A1)",
        source_note="'s-Hertogenbosch",
        verified_on=date(2025, 1, 31),
    )
    InitiativeLocation.objects.create(initiative=campus, name="Tweede locatie", place="Delft")
    for organisation, role, since, until in [
        (school, "lead_applicant", 2018, None),
        (school, "education_partner", None, 2024),
        (formula, "company", 2019, 2021),
        (legal_1, "company", None, None),
        (legal_2, "knowledge_partner", 2020, 2020),
        (accents, "funder", None, None),
        (semicolon, "government", None, None),
    ]:
        partnership_add(initiative=campus, organisation=organisation, role=role, since=since, until=until)
    yearly_figure_add(initiative=campus, year=2023, source="Jaarverslag 2023", companies=40, smes=31)
    yearly_figure_add(
        initiative=campus,
        year=2023,
        source="=Monitor; versie 2",
        students_reached=1200,
        women_share=Decimal("37.25"),
        reported_on=date(2024, 2, 29),
    )
    yearly_figure_add(initiative=campus, year=2024, source="Eigen opgave", women_share=Decimal("100"))
    initiative_publish(initiative=campus)
    same_name = initiative_create(
        name="Één Campus — Zuid", slug="een-campus-zuid-2", municipality=regions["GM0363"]
    )
    partnership_add(initiative=same_name, organisation=legal_2, role="knowledge_partner")
    initiative_publish(initiative=same_name)
    initiative_create(name="Concept dat niet meegaat", slug="concept")  # a draft: never exported


def _download(client: Client, dataset: str, file_format: str, params: dict[str, str]) -> bytes:
    response = client.get(f"/downloads/{dataset}.{file_format}", params)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]


def _export_all(client: Client, file_format: str, params: dict[str, str]) -> dict[str, bytes]:
    return {dataset: _download(client, dataset, file_format, params) for dataset in DATASETS}


def _empty_the_database() -> None:
    Initiative.objects.all().delete()  # partnerships, figures, funding lines and locations go along
    Organisation.objects.all().delete()
    assert not FundingLine.objects.exists()
    assert not YearlyFigure.objects.exists()


@pytest.mark.parametrize("variant", list(FORMATS))
def test_every_file_survives_export_import_export(varied, client: Client, variant: str) -> None:
    file_format, params = FORMATS[variant]
    first = _export_all(client, file_format, params)
    assert all(first[dataset].count(b"\n") > 2 or file_format != "csv" for dataset in DATASETS)
    _empty_the_database()

    for dataset in IMPORT_ORDER:
        report = initiatives_import(data=first[dataset], file_name=f"{dataset}.{file_format}")
        assert not report.problems, (dataset, [str(problem) for problem in report.problems])
        assert report.counts["refused"] == 0
        assert report.counts["created"] > 0

    again = _export_all(client, file_format, params)
    for dataset in DATASETS:
        assert again[dataset] == first[dataset], (dataset, _diff(first[dataset], again[dataset]))

    # Idempotent: a second import of each file changes nothing.
    for dataset in IMPORT_ORDER:
        report = initiatives_import(data=first[dataset], file_name=f"{dataset}.{file_format}")
        assert report.counts["created"] == report.counts["updated"] == report.counts["refused"] == 0, dataset


def _diff(first: bytes, again: bytes) -> str:
    """The lines that differ, for the message of a CSV that does not round-trip."""
    if not first.startswith(codecs.BOM_UTF8):
        return "(not CSV)"
    lines = difflib.unified_diff(
        first.decode("utf-8-sig").splitlines(), again.decode("utf-8-sig").splitlines(), lineterm="", n=0
    )
    return "\n".join(lines)
