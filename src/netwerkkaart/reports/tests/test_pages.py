"""The profile page, its downloads and the comparison page, with the cache of generated files."""

import csv
import io
import zipfile

import pikepdf
import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from netwerkkaart.initiatives.services import yearly_figure_add
from netwerkkaart.reports.models import GeneratedFile
from netwerkkaart.reports.profiles import profile_build, profile_file
from netwerkkaart.reports.services import profile_version
from netwerkkaart.web.tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_profile_page_shows_the_platform_figures_with_tables_and_charts(
    client: Client, world: World
) -> None:
    with translation.override("en"):
        response = client.get("/en/regio/AM22/profiel")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Region profile Rijnmond</h1>' in html
    # The campus reported 1,500 students in 2024: the trend chart and its table say so.
    assert "Students reached per year" in html
    assert html.count('role="img"') >= 3
    assert "1,500" in html
    # Compared with the Netherlands, as a share of the initiatives.
    assert '<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column"' in html
    assert ">Nederland</th>" in html
    # Linked from and to the region page, with every download.
    for path in (
        "/en/regio/AM22/profiel/afdrukken",
        "/en/regio/AM22/profiel.pdf",
        "/en/regio/AM22/profiel.csv",
        "/en/regio/AM22/profiel.xlsx",
        "/en/regio/AM22/profiel.ods",
        '/en/regio/AM22"',
    ):
        assert path in html, path
    assert "/en/regio/AM22/profiel" in client.get("/en/regio/AM22").content.decode()


def test_the_dutch_page_is_in_dutch(client: Client, world: World) -> None:
    html = client.get("/regio/PV28/profiel").content.decode()
    assert "Regioprofiel Zuid-Holland" in html
    assert "Bereikte studenten per jaar" in html


@pytest.mark.parametrize("path", ["/regio/GM0599/profiel", "/regio/XX99/profiel", "/regio/AM22/profiel.exe"])
def test_no_profile_for_municipalities_unknown_regions_or_formats(
    client: Client, world: World, path: str
) -> None:
    assert client.get(path).status_code == 404


def test_the_national_profile_has_the_map_of_labour_market_regions_with_its_table(
    client: Client, world: World
) -> None:
    with translation.override("en"):
        html = client.get("/en/regio/NL/profiel").content.decode()
    assert "Published initiatives per labour-market region" in html
    assert 'id="chart-initiatives-map-title"' in html
    assert ">Rijnmond</th>" in html and ">Groningen</th>" in html


def test_a_cached_profile_page_costs_a_fixed_small_number_of_queries(
    client: Client, world: World, django_assert_max_num_queries
) -> None:
    client.get("/regio/AM22/profiel")  # made and kept
    assert GeneratedFile.objects.filter(key="profile:AM22:nl:html").exists()
    # The region, the data versions and the kept page body.
    with django_assert_max_num_queries(3):
        response = client.get("/regio/AM22/profiel")
    assert response.status_code == 200


def test_a_change_to_the_data_makes_the_files_again(client: Client, world: World) -> None:
    region = world.rijnmond
    with translation.override("en"):
        before = profile_file(region, "csv")
        version = profile_version()
        assert version is not None
        assert profile_file(region, "csv") == before  # kept
        yearly_figure_add(
            initiative=world.campus, year=2025, source="Annual report 2025", students_reached=2100
        )
        assert profile_version() != version
        after = profile_file(region, "csv").decode()
    assert "2,100" in after and "2025" in after
    assert GeneratedFile.objects.filter(key="profile:AM22:en:csv").count() == 1


def test_without_data_versions_nothing_is_kept(world: World) -> None:
    from netwerkkaart.core.models import DataVersion

    DataVersion.objects.all().delete()
    assert profile_version() is None
    profile_file(world.rijnmond, "csv")
    assert not GeneratedFile.objects.exists()


def test_the_pdf_is_tagged_pdf_ua_with_language_and_title(client: Client, world: World) -> None:
    for language, prefix, title in (
        ("nl", "", "Regioprofiel Rijnmond"),
        ("en", "/en", "Region profile Rijnmond"),
    ):
        with translation.override(language):
            response = client.get(f"{prefix}/regio/AM22/profiel.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert f"netwerkkaart-profiel-AM22-{language}.pdf" in response["Content-Disposition"]
        with pikepdf.open(io.BytesIO(response.content)) as pdf:
            root = pdf.Root
            assert "/StructTreeRoot" in root
            assert (
                len(root.StructTreeRoot.K if isinstance(root.StructTreeRoot.K, pikepdf.Array) else [1]) >= 1
            )
            assert str(root.Lang) == language
            assert root.MarkInfo.Marked is True
            assert root.ViewerPreferences.DisplayDocTitle is True
            assert title in str(pdf.docinfo["/Title"])
            meta = pdf.open_metadata()
            assert meta.get("pdfuaid:part") == "1"
            assert title in str(meta.get("dc:title"))
            # Every font is embedded.
            for page in pdf.pages:
                for font in page.Resources.get("/Font", {}).values():
                    descendants = font.get("/DescendantFonts", [font])
                    for described in descendants:
                        descriptor = described.get("/FontDescriptor")
                        if descriptor is not None:
                            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_csv_and_spreadsheets_hold_the_figures_shown(client: Client, world: World) -> None:
    with translation.override("en"):
        body = client.get("/en/regio/AM22/profiel.csv").content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
        profile = profile_build(world.rijnmond)
    shown = [point for section in profile.sections for block in section.blocks for point in block.points]
    assert len(rows) == len(shown)
    students = [row for row in rows if row["table"] == "Students reached per year"]
    assert [(row["category"], row["value"], row["as shown"]) for row in students] == [
        ("2024", "1500", "1,500")
    ]
    assert {row["at least"] for row in rows} == {"false"}

    workbook = load_workbook(io.BytesIO(client.get("/en/regio/AM22/profiel.xlsx").content), read_only=True)
    sheet = workbook.active
    assert sheet is not None
    sheet_rows = list(sheet.iter_rows(values_only=True))
    assert len(sheet_rows) == len(rows) + 1
    with zipfile.ZipFile(io.BytesIO(client.get("/en/regio/AM22/profiel.ods").content)) as ods:
        assert "Students reached per year" in ods.read("content.xml").decode()


def test_the_print_view_is_a_whole_document_with_a_print_stylesheet(client: Client, world: World) -> None:
    html = client.get("/regio/AM22/profiel/afdrukken").content.decode()
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in html
    assert "reports/print.css" in html
    assert "<script" not in html


def test_the_comparison_page_works_without_javascript(client: Client, world: World) -> None:
    with translation.override("en"):
        html = client.get("/en/regio/vergelijken").content.decode()
        assert 'type="checkbox"' in html and 'name="regio"' in html
        assert "Side by side" not in html
        html = client.get("/en/regio/vergelijken?regio=AM22&regio=am01&regio=NL&regio=bogus").content.decode()
    assert "Side by side" in html
    assert html.count("checked") == 3
    for name in ("Rijnmond", "Groningen", "Nederland"):
        assert f">{name}</th>" in html
    assert 'id="chart-compare-map-title"' in html


def test_the_comparison_page_compares_at_most_six_regions(client: Client, world: World) -> None:
    codes = "&".join(f"regio={code}" for code in ["NL", "PV28", "PV20", "AM22", "AM01", "NL", "PV28"])
    with translation.override("en"):
        html = client.get(f"/en/regio/vergelijken?{codes}").content.decode()
    assert "More than" not in html  # repeated codes count once
    assert html.count("checked") == 5


def test_every_profile_can_be_made_ahead_of_time(world: World) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("profiles_generate", formats="csv,html", languages="nl,en", stdout=out)
    # The Netherlands, two provinces and two labour-market regions, in two languages and two formats.
    assert "5 profiles, 20 files" in out.getvalue()
    assert GeneratedFile.objects.count() == 20
    with pytest.raises(CommandError, match="Unknown format"):
        call_command("profiles_generate", formats="docx")


def test_chosen_profiles_can_be_made_ahead_of_time(world: World) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("profiles_generate", formats="html", languages="nl", regions="nl, am22", stdout=out)

    assert "2 profiles, 2 files" in out.getvalue()
    assert GeneratedFile.objects.count() == 2
    with pytest.raises(CommandError, match=r"No profile for region code\(s\) GM0599"):
        call_command("profiles_generate", regions="AM22,GM0599")


def test_compared_regions_keep_the_order_chosen_in_every_table(client: Client, world: World) -> None:
    from netwerkkaart.reports.pps import comparison_blocks
    from netwerkkaart.reports.selectors import coverage_of

    yearly_figure_add(initiative=world.academy, year=2021, source="Report", students_reached=40)
    with translation.override("en"):
        blocks = comparison_blocks([coverage_of(world.rijnmond), coverage_of(world.groningen_region)])
        trend = next(block for block in blocks if block.key == "compare-students-reached")
        cells = [[cell.text for cell in row.cells] for row in trend.rows]
    # Groningen reported the earliest year, yet Rijnmond (chosen first) is the first column.
    assert trend.columns == ["Rijnmond", "Groningen"]
    assert [row.category for row in trend.rows] == ["2021", "2024"]
    assert cells == [["\u2013", "40"], ["1,500", "\u2013"]]
