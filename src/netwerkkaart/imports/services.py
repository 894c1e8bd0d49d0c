"""The spreadsheet import of initiatives with their partners (CSV, XLSX, ODS).

``initiatives_import`` reads the whole file, plans every row against the database and only then
writes, in one transaction, through the initiatives and organisations services. A file with any
problem is refused whole: nothing is written, and the report names every problem by file, row (as
the sheet shows it: the header is row 1 when it is the first row) and column (the header as
written). A dry run plans and reports without writing. Importing the same file twice changes
nothing the second time. See ADR 12 and docs/data/import-template.md.
"""

import hashlib

from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from netwerkkaart.accounts.models import User
from netwerkkaart.core.errors import DataImportError, ImportProblem

from .choices import RunStatus
from .columns import layout_find
from .models import ImportRun
from .organisation_planning import Decisions
from .planning import Planner
from .reading.detect import sheet_read
from .reading.sheet import Sheet
from .report import ImportReport
from .tables import INITIATIVES, KIND_LABELS, PLANNERS, kind_detect, table_layout_find, table_write
from .writing import plan_write

__all__ = ["ImportRefused", "import_run_record", "initiatives_import"]


class ImportRefused(DataImportError):
    """The file was refused; nothing was written. ``report`` says everything the import found."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__(report.problems)


def initiatives_import(
    *,
    data: bytes,
    file_name: str,
    expected_format: str | None = None,
    dry_run: bool = False,
    decisions: Decisions | None = None,
    progress: bool = False,
    kind: str | None = None,
) -> ImportReport:
    """Import (or, with ``dry_run``, only plan) the initiatives of a sheet.

    The file is the initiatives sheet, or one of the export's organisations, partnerships or yearly
    figures files (``kind``, one of ``tables.KINDS``; by default told from the header row).

    A dry run returns its report, problems included. A real run raises ``ImportRefused`` (with the
    report) on any problem, including a near match of an organisation that ``decisions`` does not
    settle: a match key maps to the pk of the organisation meant, or to 0 for a new organisation.
    """
    try:
        sheet = sheet_read(data=data, file=file_name, expected_format=expected_format)
    except DataImportError as error:
        report = ImportReport(file=file_name, dry_run=dry_run, file_problems=list(error.problems))
        if dry_run:
            return report
        raise ImportRefused(report) from error
    detected = kind_detect(sheet)
    if kind and detected not in (kind, INITIATIVES):
        report = ImportReport(
            file=file_name,
            format=sheet.format,
            kind=kind,
            dry_run=dry_run,
            notes=sheet.notes,
            file_problems=[
                ImportProblem(
                    file_name,
                    _(
                        "The header row is that of the %(detected)s file, not of the %(kind)s file that "
                        "was chosen."
                    )
                    % {"detected": KIND_LABELS[detected], "kind": KIND_LABELS[kind]},
                )
            ],
        )
        if dry_run:
            return report
        raise ImportRefused(report)
    kind = kind or detected
    if kind != INITIATIVES:
        return _table_import(sheet, kind, decisions or {}, dry_run=dry_run, progress=progress)
    layout, layout_problems = layout_find(sheet)
    if layout is None or layout_problems:
        report = ImportReport(
            file=file_name,
            format=sheet.format,
            dry_run=dry_run,
            notes=sheet.notes,
            file_problems=layout_problems,
        )
        if dry_run:
            return report
        raise ImportRefused(report)
    rows = [row for row in sheet.rows if row.number > layout.header_row]
    with (
        tqdm(total=3 * len(rows), disable=not progress, desc=_("Import"), unit=_("step"), leave=False) as bar,
        transaction.atomic(),
    ):
        # Planning reads inside the transaction, so that it writes against the state it checked.
        planner = Planner(sheet, layout, decisions or {}, dry_run=dry_run)
        plan = planner.plan(rows, tick=lambda: bar.update(1))
        report = plan.report
        report.notes = list(sheet.notes)
        if layout.header_row > 1:
            report.notes.append(
                _("The header is on row %(row)d; the rows above it are not read.")
                % {"row": layout.header_row}
            )
        report.ignored_columns = layout.ignored
        if layout.has("regions_served") and layout.has("labour_market_regions"):
            report.notes.append(
                _("The column '%(column)s' is derived from the regions served and is not read.")
                % {"column": layout.header_of("labour_market_regions")}
            )
        if not rows:
            report.file_problems.append(
                ImportProblem(
                    file_name, _("The file has a header but no initiatives."), row=layout.header_row
                )
            )
        if dry_run:
            return report
        if report.refused:
            raise ImportRefused(report)
        plan_write(plan, tick=lambda: bar.update(1))
        report.written = True
        report.dry_run = False
    return report


def _table_import(
    sheet: Sheet, kind: str, decisions: Decisions, *, dry_run: bool, progress: bool
) -> ImportReport:
    """The organisations, partnerships or yearly figures file: the same steps as above."""
    file_name = sheet.file
    layout, layout_problems = table_layout_find(sheet, kind)
    if layout is None or layout_problems:
        report = ImportReport(
            file=file_name,
            format=sheet.format,
            kind=kind,
            dry_run=dry_run,
            notes=sheet.notes,
            file_problems=layout_problems,
        )
        if dry_run:
            return report
        raise ImportRefused(report)
    rows = [row for row in sheet.rows if row.number > layout.header_row]
    with (
        tqdm(total=3 * len(rows), disable=not progress, desc=_("Import"), unit=_("step"), leave=False) as bar,
        transaction.atomic(),
    ):
        planner = PLANNERS[kind](sheet, layout, decisions, dry_run=dry_run)
        plan = planner.plan(rows, tick=lambda: bar.update(1))
        report = plan.report
        report.notes = list(sheet.notes)
        if layout.header_row > 1:
            report.notes.append(
                _("The header is on row %(row)d; the rows above it are not read.")
                % {"row": layout.header_row}
            )
        report.ignored_columns = layout.ignored
        if not rows:
            report.file_problems.append(
                ImportProblem(file_name, _("The file has a header but no rows."), row=layout.header_row)
            )
        if dry_run:
            return report
        if report.refused:
            raise ImportRefused(report)
        table_write(plan, tick=lambda: bar.update(1))
        report.written = True
        report.dry_run = False
    return report


def import_run_record(
    *,
    data: bytes,
    file_name: str,
    report: ImportReport,
    status: str,
    user: User | None = None,
    keep_file: bool = False,
    run: ImportRun | None = None,
) -> ImportRun:
    """Record an import (or its preview) with its report; ``keep_file`` keeps the bytes for the
    confirmation step of the admin. A given ``run`` is updated (its preview confirmed)."""
    run = run or ImportRun()
    run.file_name = file_name[: ImportRun._meta.get_field("file_name").max_length or 255]
    run.file_size = len(data)
    run.file_sha256 = hashlib.sha256(data).hexdigest()
    run.file_format = report.format
    run.status = status
    run.user = user if user is not None else run.user
    run.report = report.to_json()
    counts = report.counts
    run.created_count = counts["created"]
    run.updated_count = counts["updated"]
    run.unchanged_count = counts["unchanged"]
    run.refused_count = counts["refused"]
    run.problem_count = len(report.problems)
    run.content = data if keep_file and status == RunStatus.PREVIEWED else b""
    run.full_clean()
    run.save()
    return run
