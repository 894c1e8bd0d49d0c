"""The education section of the region profiles, after the real DUO file was imported through the
importer: the figures of the issue's must-holds on the page, in the CSV, XLSX, ODS and PDF, in both
languages, and a changed classification that reaches cached profiles at once."""

import csv
import io
import zipfile
from typing import Any

import pikepdf
import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook
from pdfminer.high_level import extract_text

from netwerkkaart.accounts.models import User
from netwerkkaart.core.selectors import data_version_get
from netwerkkaart.indicators.choices import ProgrammeCategory
from netwerkkaart.indicators.models import ProgrammeClassification
from netwerkkaart.indicators.records import ImportReport
from netwerkkaart.indicators.services import INDICATORS_DATA_KEY
from netwerkkaart.initiatives.result_index import initiative_index_invalidate
from netwerkkaart.reports.models import GeneratedFile
from netwerkkaart.reports.services import profile_version

pytestmark = pytest.mark.django_db

TOTAL_NL = "ten minste 448.296"
TOTAL_EN = "at least 448,296"


@pytest.fixture
def imported(duo_imported: ImportReport) -> ImportReport:
    initiative_index_invalidate()  # the PPS section's data is marked too: profiles are cached
    return duo_imported


def _rows(body: bytes) -> list[dict[str, Any]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_the_indicators_data_is_marked_before_any_import() -> None:
    """The data migration: without a token profiles would never be cached."""
    assert data_version_get(key=INDICATORS_DATA_KEY)


def test_the_national_profile_shows_the_duo_figures_in_both_languages(
    client: Client, imported: ImportReport
) -> None:
    html = client.get("/regio/NL/profiel").content.decode()
    assert "ICT in het hoger beroepsonderwijs (hbo)" in html
    assert TOTAL_NL in html
    assert "383 afgeschermde cellen niet meegeteld" in html
    # B HBO-ICT nationally: 16,194 plus 2 suppressed cells, of whom women at least 1,777.
    assert "B HBO-ICT (CROHO 30020), 2024" in html
    assert "ten minste 16.194" in html and "2 afgeschermde cellen niet meegeteld" in html
    assert "vrouwen in B HBO-ICT, 2024" in html and "ten minste 1.777" in html
    assert "Bron: DUO, ingeschrevenen hbo" in html
    # The map of labour-market regions with its table.
    assert "Harde-ICT-hbo-studenten per arbeidsmarktregio, 2024" in html
    assert 'id="chart-education-map-title"' in html
    with translation.override("en"):
        english = client.get("/en/regio/NL/profiel").content.decode()
    assert TOTAL_EN in english and "383 suppressed cells not included" in english
    assert "at least 16,194" in english and "at least 1,777" in english
    assert "Source: DUO, ingeschrevenen hbo" in english


def test_a_labour_market_region_is_compared_with_the_netherlands(
    client: Client, imported: ImportReport
) -> None:
    html = client.get("/regio/AM22/profiel").content.decode()  # Rijnmond
    assert "Aandeel in het landelijke aantal studenten, 2024" in html
    assert "Aandeel vrouwen in ICT-onderwijs, 2024" in html
    # The Netherlands beside the region in the key figures.
    assert TOTAL_NL in html
    # No map of the country on a regional profile.
    assert 'id="chart-education-map-title"' not in html


def test_the_downloads_never_turn_a_suppressed_cell_into_a_number(
    client: Client, imported: ImportReport
) -> None:
    rows = _rows(client.get("/regio/NL/profiel.csv").content)
    education = [row for row in rows if row["bron"].startswith("Bron: DUO")]
    assert education
    total = next(row for row in education if row["categorie"] == "Ingeschreven hbo-studenten, 2024")
    assert (total["waarde"], total["ten minste"], total["afgeschermde cellen"], total["zoals getoond"]) == (
        "448296",
        "true",
        "383",
        TOTAL_NL,
    )
    for row in education:
        if int(row["afgeschermde cellen"]):
            # Every figure with suppressed cells says so: a lower bound, "<5" or "hooguit".
            assert row["zoals getoond"].startswith(("ten minste", "<5", "hooguit", "tussen")), row
            if not row["waarde"]:
                assert row["ten minste"] == "false"
    with translation.override("en"):
        english = _rows(client.get("/en/regio/NL/profiel.csv").content)
    assert any(row["as shown"] == TOTAL_EN for row in english)
    sheet = load_workbook(io.BytesIO(client.get("/regio/NL/profiel.xlsx").content), read_only=True).active
    assert sheet is not None
    assert any(TOTAL_NL in row for row in sheet.iter_rows(values_only=True))
    with zipfile.ZipFile(io.BytesIO(client.get("/regio/NL/profiel.ods").content)) as ods:
        assert TOTAL_NL in ods.read("content.xml").decode()


def test_the_pdf_with_the_education_section_is_pdf_ua_and_says_at_least(
    client: Client, imported: ImportReport
) -> None:
    for language, prefix, expected in (("nl", "", TOTAL_NL), ("en", "/en", TOTAL_EN)):
        with translation.override(language):
            content = client.get(f"{prefix}/regio/NL/profiel.pdf").content
        with pikepdf.open(io.BytesIO(content)) as pdf:
            assert "/StructTreeRoot" in pdf.Root
            assert str(pdf.Root.Lang) == language
            assert "Nederland" in str(pdf.docinfo["/Title"])
            assert pdf.open_metadata().get("pdfuaid:part") == "1"
        text = " ".join(extract_text(io.BytesIO(content)).split())
        assert expected in text
        assert ("16.194" if language == "nl" else "16,194") in text
        # The known part plus nothing for the 383 suppressed cells is never shown as an exact total.
        assert f" {expected.split()[-1]} " not in text.replace(expected, "")


def test_a_classification_change_in_the_admin_makes_cached_profiles_again(
    client: Client, imported: ImportReport
) -> None:
    before = client.get("/regio/NL/profiel.csv").content
    version = profile_version()
    assert version is not None and GeneratedFile.objects.filter(version=version).exists()
    programme = ProgrammeClassification.objects.get(programme_code="30020")
    client.force_login(User.objects.create_superuser(email="c@example.org", password="x-long-password-1"))
    response = client.post(
        f"/beheer/indicators/programmeclassification/{programme.pk}/change/",
        {
            "name": programme.name,
            "level": programme.level,
            "category": ProgrammeCategory.OTHER,
            "note": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert profile_version() != version
    client.logout()
    after = client.get("/regio/NL/profiel.csv").content
    assert after != before
    hard = [
        row
        for row in _rows(after)
        if row["categorie"] == "waarvan in harde-ICT-opleidingen, 2024" and row["reeks"] == "Nederland"
    ]
    hard_before = [
        row
        for row in _rows(before)
        if row["categorie"] == "waarvan in harde-ICT-opleidingen, 2024" and row["reeks"] == "Nederland"
    ]
    # B HBO-ICT (16,194 known students) no longer counts as hard ICT.
    assert float(hard_before[0]["waarde"]) - float(hard[0]["waarde"]) == 16194


def test_the_comparison_page_shows_the_education_figures_side_by_side(
    client: Client, imported: ImportReport
) -> None:
    html = client.get("/regio/vergelijken?regio=AM22&regio=PV27").content.decode()
    assert "ICT in het hoger beroepsonderwijs (hbo)" in html
    assert "Onderwijs: kerncijfers 2024" in html
    assert 'id="chart-compare-education-map-title"' in html
