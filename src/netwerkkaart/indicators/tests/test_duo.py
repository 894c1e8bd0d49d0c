"""The DUO importer and the figures the issue promises (verified by hand from the file first)."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netwerkkaart.core.errors import DataImportError
from netwerkkaart.indicators.choices import ProgrammeCategory
from netwerkkaart.indicators.duo import duo_hbo_read
from netwerkkaart.indicators.models import Observation, ProgrammeClassification
from netwerkkaart.indicators.records import ImportReport
from netwerkkaart.indicators.selectors import FigureFilter, figure_get, women_share
from netwerkkaart.indicators.services import duo_hbo_import
from netwerkkaart.regions.models import Region

from .conftest import duo_text

pytestmark = pytest.mark.django_db
HBO_ICT = "30020"


def _nl() -> Region:
    return Region.objects.get(code="NL", is_current=True)


def _rows() -> list[tuple[object, ...]]:
    return list(Observation.objects.order_by("pk").values_list())


def test_import_counts(duo_imported: ImportReport) -> None:
    # 4,430 rows x 5 years, no empty cells in this edition.
    assert duo_imported.created == 22_150
    assert duo_imported.programmes_added == 437
    assert Observation.objects.filter(suppressed=True).count() == 1_692


def test_national_total_2024(duo_imported: ImportReport) -> None:
    figure = figure_get(indicator="hbo_enrolled", region=_nl(), year=2024)
    assert figure.known_total == 448_296
    assert figure.suppressed_cells == 383
    assert figure.is_lower_bound
    assert figure.display("nl") == "ten minste 448.296"
    assert figure.display("en") == "at least 448,296"


def test_hbo_ict_2024_with_women(duo_imported: ImportReport) -> None:
    everyone = figure_get(
        indicator="hbo_enrolled", region=_nl(), year=2024, where=FigureFilter(programme_code=HBO_ICT)
    )
    assert (everyone.known_total, everyone.suppressed_cells) == (16_194, 2)
    women = figure_get(
        indicator="hbo_enrolled",
        region=_nl(),
        year=2024,
        where=FigureFilter(programme_code=HBO_ICT, gender="female"),
    )
    assert (women.known_total, women.suppressed_cells) == (1_777, 2)
    assert women.display("en") == "at least 1,777"
    # Each "<5" hides at most 4: never more than 1,785, never counted as a number.
    assert women.upper_bound == 1_785


def test_suppressed_cells_have_no_value(duo_imported: ImportReport) -> None:
    assert not Observation.objects.filter(suppressed=True, value__isnull=False).exists()
    assert not Observation.objects.filter(suppressed=False, value__isnull=True).exists()


def test_second_import_changes_nothing(duo_imported: ImportReport) -> None:
    before = _rows()
    report = duo_hbo_import(text=duo_text(), file_name="duo_ingeschrevenen_hbo_2020-2024.csv")
    assert (report.created, report.updated, report.deleted, report.unchanged) == (0, 0, 0, 22_150)
    assert report.programmes_added == 0
    assert _rows() == before


def test_bad_row_leaves_everything_unchanged_and_names_row_and_column(duo_imported: ImportReport) -> None:
    before = _rows()
    lines = duo_text().split("\r\n")
    cells = lines[2].split(";")
    cells[15] = "veel"  # row 3, column 2022
    lines[2] = ";".join(cells)
    lines[5] = lines[5].replace(";0106;", ";01x6;", 1)
    with pytest.raises(DataImportError) as raised:
        duo_hbo_import(text="\r\n".join(lines), file_name="bad.csv")
    messages = [str(problem) for problem in raised.value.problems]
    assert messages == [
        'bad.csv, row 3, column \'2022\': expected a whole number or "<5", found "veel"',
        "bad.csv, row 6, column 'GEMEENTENUMMER': expected a municipality number of 4 digits, found \"01x6\"",
    ]
    assert _rows() == before


def test_unmapped_municipality_is_named(duo_imported: ImportReport) -> None:
    before = _rows()
    lines = duo_text().split("\r\n")
    lines[1] = lines[1].replace(";0106;Assen;", ";9999;Nergenshuizen;", 1)
    with pytest.raises(DataImportError) as raised:
        duo_hbo_import(text="\r\n".join(lines), file_name="moved.csv")
    assert [str(p) for p in raised.value.problems] == [
        "moved.csv, row 2, column 'GEMEENTENUMMER': \"9999 Nergenshuizen\" does not map to a current region "
        "(looked for GM9999); first of its rows"
    ]
    assert _rows() == before


def test_classification_applies_when_read(duo_imported: ImportReport) -> None:
    """Moving a programme between categories changes the figures at once, without importing again."""
    before = women_share(region=_nl(), year=2024)
    business_it = "39118"  # B Business IT & Management: hybrid in the first classification
    assert (
        ProgrammeClassification.objects.get(programme_code=business_it).category
        == ProgrammeCategory.HYBRID_ICT
    )
    moved = figure_get(
        indicator="hbo_enrolled", region=_nl(), year=2024, where=FigureFilter(programme_code=business_it)
    )
    ProgrammeClassification.objects.filter(programme_code=business_it).update(
        category=ProgrammeCategory.HARD_ICT
    )
    after = women_share(region=_nl(), year=2024)
    assert after.total.known_total == before.total.known_total + moved.known_total
    # A new import keeps the admin's choice.
    duo_hbo_import(text=duo_text(), file_name="duo_ingeschrevenen_hbo_2020-2024.csv")
    assert (
        ProgrammeClassification.objects.get(programme_code=business_it).category == ProgrammeCategory.HARD_ICT
    )


def test_women_share_is_a_range_when_cells_are_suppressed(duo_imported: ImportReport) -> None:
    share = women_share(region=_nl(), year=2024)
    assert share.women.is_lower_bound
    assert share.share.low is not None and share.share.high is not None
    assert share.share.low < share.share.high
    women, rest = share.women, share.total.known_total - share.women.known_total
    rest_suppressed = share.total.suppressed_cells - share.women.suppressed_cells
    assert share.share.low == women.known_total / (women.known_total + rest + 4 * rest_suppressed)
    assert share.share.high == (women.known_total + 4 * women.suppressed_cells) / (
        women.known_total + 4 * women.suppressed_cells + rest
    )
    assert share.share.display("en").startswith("between ")


def test_first_classification_matches_programme_names(duo_imported: ImportReport) -> None:
    hard = set(
        ProgrammeClassification.objects.filter(category=ProgrammeCategory.HARD_ICT).values_list(
            "name", flat=True
        )
    )
    assert {"B HBO-ICT", "B Technische Informatica", "B Informatica"} <= hard
    hybrid = set(
        ProgrammeClassification.objects.filter(category=ProgrammeCategory.HYBRID_ICT).values_list(
            "name", flat=True
        )
    )
    assert {"B Communication and Multimedia Design", "B Creative Media and Game Technologies"} <= hybrid
    assert ProgrammeClassification.objects.get(name="B Elektrotechniek").category == ProgrammeCategory.OTHER


def test_reader_refuses_a_missing_column() -> None:
    text = duo_text().replace("GESLACHT", "SEKSE", 1)
    with pytest.raises(DataImportError) as raised:
        duo_hbo_read(text=text, file_name="f.csv")
    assert [str(p) for p in raised.value.problems] == [
        "f.csv, row 1, column 'GESLACHT': this column is missing from the header"
    ]


def test_reader_keeps_suppressed_cells_without_value() -> None:
    parsed = duo_hbo_read(text=duo_text(), file_name="f.csv")
    suppressed = [record for record in parsed.records if record.suppressed]
    assert len(suppressed) == 1_692
    assert all(record.value is None for record in suppressed)
    assert sum(r.value or Decimal(0) for r in parsed.records if r.year == 2024) == 448_296


def test_command_reports_problems(tmp_path: object, duo_imported: ImportReport) -> None:
    from pathlib import Path

    bad = Path(str(tmp_path)) / "bad.csv"
    bad.write_text(duo_text().replace(";man;", ";m;", 1), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_duo_hbo", str(bad))


def test_command_reads_from_a_url(monkeypatch: pytest.MonkeyPatch, duo_imported: ImportReport) -> None:
    """The online mode runs the same parser on what it downloads (the download itself is not tried here)."""
    import io

    from netwerkkaart.indicators.management.commands import import_duo_hbo

    asked: list[str] = []

    def fetch(url: str) -> bytes:
        asked.append(url)
        return duo_text().encode("utf-8")

    monkeypatch.setattr(import_duo_hbo, "urllib_fetch", fetch)
    out = io.StringIO()
    call_command("import_duo_hbo", "--url", "https://example.org/ingeschrevenen-hbo.csv", stdout=out)
    assert asked == ["https://example.org/ingeschrevenen-hbo.csv"]
    # Another source file name: the cells move over to it, their values stay.
    assert "0 observations created, 22150 updated" in out.getvalue()
    assert figure_get(indicator="hbo_enrolled", region=_nl(), year=2024).known_total == 448_296
