"""The import of the export's organisations, partnerships and yearly-figures files (imports.tables):
which file it is, matching, updates, and refusals named by row, column and reason."""

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from netwerkkaart.imports.matching import organisation_match_key
from netwerkkaart.imports.organisation_planning import NEW
from netwerkkaart.imports.reading.detect import sheet_read
from netwerkkaart.imports.report import ImportReport
from netwerkkaart.imports.services import ImportRefused, initiatives_import
from netwerkkaart.imports.tables import (
    ORGANISATIONS,
    PARTNERSHIPS,
    YEARLY_FIGURES,
    count_parse,
    kind_detect,
    percentage_parse,
)
from netwerkkaart.imports.values import CellError
from netwerkkaart.initiatives.models import Partnership, YearlyFigure
from netwerkkaart.initiatives.services import yearly_figure_add
from netwerkkaart.organisations.models import Organisation

from .builders import csv_bytes

pytestmark = pytest.mark.django_db

ORGANISATION_HEADER = [
    "slug",
    "name",
    "fictitious",
    "kind",
    "size_class",
    "kvk_number",
    "school_code",
    "website",
    "city",
    "municipality",
    "initiative_count",
]
PARTNERSHIP_HEADER = [
    "initiative_slug",
    "initiative_name",
    "organisation_slug",
    "organisation_name",
    "role",
    "since",
    "until",
    "fictitious",
]
FIGURE_HEADER = [
    "initiative_slug",
    "initiative_name",
    "year",
    "source",
    "companies",
    "smes",
    "students_reached",
    "teachers",
    "hybrid_teachers",
    "postinitial_participants",
    "women_share",
    "reported_on",
    "fictitious",
]


def _import(rows: list[list[str]], name: str = "file.csv", **options: Any) -> ImportReport:
    with translation.override("en"):
        return initiatives_import(data=csv_bytes(rows), file_name=name, **options)


def _refused(rows: list[list[str]], **options: Any) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(ImportRefused) as refused:
        _import(rows, **options)
    return [(problem.row, problem.column, problem.message) for problem in refused.value.report.problems]


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (ORGANISATION_HEADER, ORGANISATIONS),
        (PARTNERSHIP_HEADER, PARTNERSHIPS),
        (FIGURE_HEADER, YEARLY_FIGURES),
        (["naam", "gemeente", "partners"], "initiatives"),
    ],
)
def test_the_file_is_told_from_its_header(header: list[str], kind: str) -> None:
    assert kind_detect(sheet_read(data=csv_bytes([header]), file="x.csv")) == kind


def test_organisations_are_created_with_their_details_and_slug(regions, database_snapshot) -> None:
    rows = [
        ORGANISATION_HEADER,
        ["roc-x", "ROC Één", "false", "mbo_school", "", "", "25lh", "www.roc.nl", "Rotterdam", "GM0599", "3"],
        ["", "Bedrijf B.V.", "ja", "bedrijf", "mkb", "1234 5678", "", "", "", "", ""],
    ]
    report = _import(rows, dry_run=True)
    assert report.kind == ORGANISATIONS
    assert report.counts == {"created": 2, "updated": 0, "unchanged": 0, "refused": 0}
    before = database_snapshot()
    report = _import(rows)
    assert report.written
    roc = Organisation.objects.get(slug="roc-x")
    assert (roc.name, roc.kind, roc.school_code, roc.website, roc.city, roc.municipality) == (
        "ROC Één",
        "mbo_school",
        "25LH",
        "https://www.roc.nl",
        "Rotterdam",
        regions["GM0599"],
    )
    company = Organisation.objects.get(kvk_number="12345678")
    assert (company.slug, company.size_class, company.fictitious) == ("bedrijf-bv", "sme", True)
    assert database_snapshot() != before
    again = database_snapshot()
    assert _import(rows).counts == {"created": 0, "updated": 0, "unchanged": 2, "refused": 0}
    assert database_snapshot() == again


def test_an_organisation_is_matched_by_kvk_number_and_updated_keeping_its_slug(existing) -> None:
    rows = [
        ORGANISATION_HEADER,
        ["other-slug", "Havenbedrijf", "false", "company", "large", "24354561", "", "", "Rotterdam", "", "1"],
    ]
    report = _import(rows)
    assert report.counts["updated"] == 1
    assert report.rows[0].changes == ["name", "size_class", "city"]
    port = Organisation.objects.get(pk=existing["port"].pk)
    assert (port.slug, port.name, port.size_class, port.city) == (
        existing["port"].slug,
        "Havenbedrijf",
        "large",
        "Rotterdam",
    )
    assert any("slugs stay" in note for note in report.rows[0].notes)


def test_a_refused_organisations_file_names_row_column_and_reason(existing, database_snapshot) -> None:
    before = database_snapshot()
    problems = _refused(
        [
            ORGANISATION_HEADER,
            ["a", "Nieuw", "false", "rocket", "", "123", "", "", "", "GM9999", ""],
            ["b", "Havenbedrijf", "false", "company", "", "24354561", "25LH", "", "", "", ""],
            ["a", "Nog een", "false", "other", "", "", "", "", "", "", ""],
            ["c", "", "false", "other", "", "", "", "", "", "", ""],
            ["d", "School", "false", "mbo_school", "sme", "", "", "", "", "", ""],
        ]
    )
    columns = {(row, column) for row, column, _message in problems}
    assert {
        (2, "kind"),
        (2, "kvk_number"),
        (2, "municipality"),
        (3, "school_code"),
        (4, "slug"),
        (5, "name"),
        (6, "size_class"),
    } <= columns
    assert any("25LH" in message and "ROC van Amsterdam" in message for _r, _c, message in problems)
    assert database_snapshot() == before


def test_partnerships_are_added_and_their_years_updated(existing, database_snapshot) -> None:
    hva, port = existing["hva"], existing["port"]
    rows = [
        PARTNERSHIP_HEADER,
        ["make-it-work", "Make IT Work", hva.slug, hva.name, "lead_applicant", "2016", "2024", "false"],
        ["make-it-work", "Make IT Work", "", "Havenbedrijf Rotterdam", "bedrijf", "", "", "false"],
    ]
    report = _import(rows)
    assert [row.outcome for row in report.rows] == ["updated", "created"]
    lead = Partnership.objects.get(organisation=hva, role="lead_applicant")
    assert (lead.since, lead.until) == (2016, 2024)
    assert Partnership.objects.filter(organisation=port, role="company").exists()
    before = database_snapshot()
    assert _import(rows).counts["unchanged"] == 2
    assert database_snapshot() == before


def test_a_refused_partnerships_file_leaves_the_database_as_it_was(existing, database_snapshot) -> None:
    before = database_snapshot()
    problems = _refused(
        [
            PARTNERSHIP_HEADER,
            ["unknown", "", existing["hva"].slug, "", "company", "", "", ""],
            ["make-it-work", "", "nobody", "", "company", "", "", ""],
            ["make-it-work", "", existing["hva"].slug, "", "boss", "", "", ""],
            ["make-it-work", "", existing["hva"].slug, "", "funder", "2020", "2019", ""],
            ["make-it-work", "", existing["port"].slug, "", "company", "", "", ""],
            ["make-it-work", "", existing["port"].slug, "", "bedrijf", "", "", ""],
        ]
    )
    columns = {(row, column) for row, column, _message in problems}
    assert {
        (2, "initiative_slug"),
        (3, "organisation_slug"),
        (4, "role"),
        (5, "until"),
        (7, "role"),
    } <= columns
    assert any("import the initiatives file" in message for _r, _c, message in problems)
    assert database_snapshot() == before


def test_yearly_figures_are_created_and_updated(existing) -> None:
    initiative = existing["initiative"]
    yearly_figure_add(initiative=initiative, year=2023, source="Monitor", companies=10)
    rows = [
        FIGURE_HEADER,
        ["make-it-work", "", "2023", "Monitor", "12", "", "", "", "", "", "37,5", "2024-02-29", ""],
        ["make-it-work", "", "2024", "Monitor", "", "", "300", "", "", "", "", "", ""],
    ]
    report = _import(rows)
    assert [row.outcome for row in report.rows] == ["updated", "created"]
    assert report.rows[0].changes == ["companies", "women_share", "reported_on"]
    figure = YearlyFigure.objects.get(initiative=initiative, year=2023)
    assert (figure.companies, figure.women_share) == (12, Decimal("37.50"))
    assert YearlyFigure.objects.get(initiative=initiative, year=2024).students_reached == 300


def test_a_refused_yearly_figures_file_names_every_problem(existing, database_snapshot) -> None:
    before = database_snapshot()
    problems = _refused(
        [
            FIGURE_HEADER,
            ["make-it-work", "", "2023", "", "", "", "", "", "", "", "", "", ""],
            ["make-it-work", "", "23", "Monitor", "-1", "", "", "", "", "", "101", "31-2-2024", ""],
            ["make-it-work", "", "2024", "Monitor", "3", "5", "", "", "", "", "", "", ""],
            ["make-it-work", "", "2024", "Monitor", "", "", "", "", "", "", "", "", ""],
        ]
    )
    columns = {(row, column) for row, column, _message in problems}
    assert {
        (2, "source"),
        (3, "year"),
        (3, "companies"),
        (3, "women_share"),
        (3, "reported_on"),
        (4, "smes"),
        (5, "source"),
    } <= columns
    assert database_snapshot() == before


def test_a_chosen_kind_that_contradicts_the_header_is_refused(existing) -> None:
    problems = _refused([FIGURE_HEADER], kind=PARTNERSHIPS)
    assert "yearly figures" in problems[0][2]


def test_missing_required_columns_are_named() -> None:
    problems = _refused([["initiative_slug", "companies"], ["x", "3"]], kind=YEARLY_FIGURES)
    assert "'year'" in problems[0][2] and "'source'" in problems[0][2]


def test_the_command_takes_the_kind(existing, tmp_path) -> None:
    path = tmp_path / "samenwerkingen.csv"
    path.write_bytes(
        csv_bytes(
            [PARTNERSHIP_HEADER, ["make-it-work", "", existing["port"].slug, "", "company", "", "", ""]]
        )
    )
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_initiatives", str(path), "--kind", "partnerships", "--no-progress", stdout=out)
    assert "1 created" in out.getvalue()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_initiatives", str(path), "--kind", "yearly_figures", "--no-progress", stdout=out)


@pytest.mark.parametrize(("text", "expected"), [("12", 12), ("12.0", 12), ("", None)])
def test_counts(text: str, expected: int | None) -> None:
    assert count_parse(text) == expected


@pytest.mark.parametrize("text", ["-1", "1.5", "twaalf"])
def test_counts_refused(text: str) -> None:
    with pytest.raises(CellError):
        count_parse(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("37,5", Decimal("37.50")), ("100", Decimal("100.00")), ("12.25%", Decimal("12.25"))],
)
def test_percentages(text: str, expected: Decimal) -> None:
    assert percentage_parse(text) == expected


@pytest.mark.parametrize("text", ["100.5", "-1", "12.345", "veel"])
def test_percentages_refused(text: str) -> None:
    with pytest.raises(CellError):
        percentage_parse(text)


def test_a_near_match_in_the_organisations_file_waits_for_a_decision(existing) -> None:
    roc = existing["roc"]
    rows = [
        ORGANISATION_HEADER,
        ["roc-amsterdm", "ROC Amsterdm", "", "", "", "", "", "", "Amsterdam", "", ""],
    ]
    problems = _refused(rows)
    assert len(problems) == 1 and "ROC van Amsterdam" in problems[0][2]
    assert _import(rows, dry_run=True).near_matches[0].candidates[0].pk == roc.pk

    key = organisation_match_key("ROC Amsterdm")
    report = _import(rows, decisions={key: roc.pk})
    assert report.counts["updated"] == 1
    roc.refresh_from_db()
    # A name match (near or not) does not rename: the organisation keeps its own spelling.
    assert (roc.city, roc.slug, roc.name) == ("Amsterdam", existing["roc"].slug, "ROC van Amsterdam")

    report = _import(rows, decisions={key: NEW})
    assert report.counts["created"] == 1
    assert Organisation.objects.get(slug="roc-amsterdm").name == "ROC Amsterdm"
