"""manage.py import_initiatives: exit codes, the dry run, decisions, and the CSV report."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from netwerkkaart.imports.choices import RunStatus
from netwerkkaart.imports.models import ImportRun
from netwerkkaart.initiatives.models import Initiative

from .builders import HEADER, ROW, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "kaart.csv"
    path.write_bytes(csv_bytes([HEADER, ROW]))
    return path


class Outcome:
    def __init__(self) -> None:
        self.out = io.StringIO()
        self.err = io.StringIO()
        self.status = 0


def _run(*args: str) -> Outcome:
    """The command; its exit status as manage.py gives it (a CommandError exits with its returncode)."""
    outcome = Outcome()
    with translation.override("en"):
        try:
            call_command("import_initiatives", *args, "--no-progress", stdout=outcome.out, stderr=outcome.err)
        except CommandError as error:
            outcome.err.write(str(error))
            outcome.status = error.returncode
    return outcome


def test_an_import_exits_0_and_is_recorded(regions, sheet: Path) -> None:
    outcome = _run(str(sheet))
    assert outcome.status == 0
    assert Initiative.objects.filter(slug="it-campus-rotterdam").exists()
    run = ImportRun.objects.get()
    assert (run.status, run.created_count, run.file_name) == (RunStatus.IMPORTED, 1, "kaart.csv")
    out = outcome.out.getvalue()
    assert "row 2: created IT Campus Rotterdam" in out
    assert "1 created, 0 updated, 0 unchanged, 0 refused" in out


def test_a_refused_file_exits_1_names_every_problem_and_writes_nothing(regions, tmp_path: Path) -> None:
    path = tmp_path / "fout.csv"
    path.write_bytes(csv_bytes([HEADER, [*ROW[:3], "=1+1", *ROW[4:]]]))
    outcome = _run(str(path))
    assert outcome.status == 1
    err = outcome.err.getvalue()
    assert "fout.csv, row 2, column 'startjaar': The text '=1+1' starts with '='" in err
    assert "1 problem found; nothing was imported." in err
    assert not Initiative.objects.exists()
    assert ImportRun.objects.get().status == RunStatus.REFUSED


def test_a_dry_run_writes_nothing_and_exits_1_when_the_file_would_be_refused(regions, sheet: Path, tmp_path):
    outcome = _run(str(sheet), "--dry-run")
    assert outcome.status == 0
    assert "1 to create, 0 to update, 0 unchanged, 0 refused" in outcome.out.getvalue()
    assert not Initiative.objects.exists()
    assert not ImportRun.objects.exists()

    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    assert _run(str(empty), "--dry-run").status == 1


def test_the_format_option_refuses_another_format(regions, tmp_path: Path) -> None:
    path = tmp_path / "kaart.csv"
    path.write_bytes(xlsx_bytes([HEADER, ROW]))
    refused = _run(str(path), "--format", "csv")
    assert refused.status == 1
    assert "was to be CSV but its content is XLSX" in refused.err.getvalue()
    assert _run(str(path), "--format", "xlsx").status == 0


def test_the_report_option_writes_the_report_as_csv(regions, tmp_path: Path) -> None:
    path = tmp_path / "fout.csv"
    path.write_bytes(csv_bytes([HEADER, ROW, [*ROW[:1], "Atlantis", *ROW[2:]]]))
    report = tmp_path / "rapport.csv"
    assert _run(str(path), "--report", str(report)).status == 1
    text = report.read_text(encoding="utf-8-sig")
    assert "fout.csv,3,gemeente,IT Campus Rotterdam,refused,'Atlantis' is not the name" in text


def test_near_matches_are_settled_with_same_and_new(existing, tmp_path: Path) -> None:
    path = tmp_path / "bijna.csv"
    path.write_bytes(csv_bytes([["naam", "partners"], ["Proef", "ROC Amsterdm (onderwijspartner)"]]))
    dry_run = _run(str(path), "--dry-run")
    assert dry_run.status == 0
    assert "'ROC Amsterdm' resembles ROC van Amsterdam [roc-van-amsterdam]" in dry_run.out.getvalue()
    assert _run(str(path)).status == 1
    assert _run(str(path), "--new", "ROC Amsterdm", "--dry-run").status == 0
    assert _run(str(path), "--same", "ROC Amsterdm=roc-van-amsterdam").status == 0
    assert Initiative.objects.get(slug="proef").partnerships.get().organisation == existing["roc"]


def test_unknown_slug_in_same_is_an_error(existing, sheet: Path) -> None:
    with translation.override("en"), pytest.raises(CommandError, match="no organisation with slug 'nope'"):
        call_command("import_initiatives", str(sheet), "--same", "X=nope", "--no-progress")


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with translation.override("en"), pytest.raises(CommandError, match="cannot be read"):
        call_command("import_initiatives", str(tmp_path / "nergens.csv"), "--no-progress")
