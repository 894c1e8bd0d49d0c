"""Import initiatives with their partners from a spreadsheet (CSV, XLSX or ODS), or one of the
export's organisations, partnerships or yearly-figures files.

    manage.py import_initiatives FILE [--dry-run] [--format csv|xlsx|ods] [--report REPORT.csv]
                                      [--kind initiatives|organisations|partnerships|yearly_figures]
                                      [--same "NAME=SLUG" ...] [--new "NAME" ...] [--no-progress]

Which file it is, is told from its header row unless ``--kind`` says so.

The whole file is checked before anything is written; on any problem nothing is written, every
problem is printed to stderr (file, row, column, reason) and the command exits with status 1.
``--dry-run`` prints what would be created, updated, unchanged and refused, row by row, and
exits 1 when the file would be refused. A partner that resembles an existing organisation (a near
match) must be settled: ``--same "ROC Amsterdm=roc-van-amsterdam"`` (that organisation, by slug)
or ``--new "ROC Amsterdm"`` (a new organisation).
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from netwerkkaart.imports.choices import RowOutcome, RunStatus
from netwerkkaart.imports.matching import organisation_match_key
from netwerkkaart.imports.organisation_planning import NEW, Decisions
from netwerkkaart.imports.reading.detect import FORMATS
from netwerkkaart.imports.report import ImportReport
from netwerkkaart.imports.services import ImportRefused, import_run_record, initiatives_import
from netwerkkaart.imports.tables import KINDS
from netwerkkaart.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Import initiatives with their partners from a CSV, XLSX or ODS sheet (see /importeren), or "
        "the export's organisations, partnerships or yearly-figures file."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="The sheet to import.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument("--format", choices=FORMATS, help="Refuse the file unless it is of this format.")
        parser.add_argument(
            "--kind",
            choices=KINDS,
            help="Which data set the file holds (default: told from its header row).",
        )
        parser.add_argument("--report", type=Path, metavar="REPORT.csv", help="Also write the report as CSV.")
        parser.add_argument(
            "--same",
            action="append",
            default=[],
            metavar="NAME=SLUG",
            help="A partner name in the file is the existing organisation with this slug.",
        )
        parser.add_argument(
            "--new",
            action="append",
            default=[],
            metavar="NAME",
            help="A partner name in the file that resembles an existing one is a new organisation.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(_("The file cannot be read: %(error)s") % {"error": error}) from error
        decisions = self._decisions(options["same"], options["new"])
        dry_run = options["dry_run"]
        try:
            report = initiatives_import(
                data=data,
                file_name=path.name,
                expected_format=options["format"],
                dry_run=dry_run,
                decisions=decisions,
                progress=not options["no_progress"],
                kind=options["kind"],
            )
        except ImportRefused as refused:
            report = refused.report
            if not dry_run:
                import_run_record(data=data, file_name=path.name, report=report, status=RunStatus.REFUSED)
        else:
            if not dry_run:
                import_run_record(data=data, file_name=path.name, report=report, status=RunStatus.IMPORTED)
        self._print(report)
        if options["report"]:
            options["report"].write_text(report.csv_text(), encoding="utf-8-sig")
            self.stdout.write(_("Report written to %(path)s") % {"path": options["report"]})
        if report.refused:
            for problem in report.problems:
                self.stderr.write(str(problem))
            count = len(report.problems)
            raise CommandError(
                ngettext(
                    "%(count)d problem found; nothing was imported.",
                    "%(count)d problems found; nothing was imported.",
                    count,
                )
                % {"count": count}
            )

    def _decisions(self, same: list[str], new: list[str]) -> Decisions:
        decisions: Decisions = {}
        for item in same:
            name, separator, slug = item.rpartition("=")
            if not separator or not name.strip() or not slug.strip():
                raise CommandError(_("--same takes NAME=SLUG, not '%(value)s'.") % {"value": item})
            organisation = Organisation.objects.filter(slug=slug.strip()).first()
            if organisation is None:
                raise CommandError(
                    _("There is no organisation with slug '%(slug)s'.") % {"slug": slug.strip()}
                )
            decisions[organisation_match_key(name)] = organisation.pk
        for name in new:
            decisions[organisation_match_key(name)] = NEW
        return decisions

    def _print(self, report: ImportReport) -> None:
        labels = dict(RowOutcome.choices)
        for note in report.notes:
            self.stdout.write(note)
        if report.ignored_columns:
            self.stdout.write(
                _("Columns not imported: %(columns)s") % {"columns": ", ".join(report.ignored_columns)}
            )
        for row in report.rows:
            line = _("row %(row)d: %(outcome)s %(name)s") % {
                "row": row.row,
                "outcome": labels.get(row.outcome, row.outcome),
                "name": row.name,
            }
            details = [
                *([_("changes: %(columns)s") % {"columns": ", ".join(row.changes)}] if row.changes else []),
                *(
                    [_("new organisations: %(names)s") % {"names": ", ".join(row.organisations_created)}]
                    if row.organisations_created
                    else []
                ),
                *row.notes,
            ]
            self.stdout.write(line + (f" ({'; '.join(details)})" if details else ""))
        for near in report.near_matches:
            candidates = ", ".join(f"{c.name} [{c.slug}] {c.score}%" for c in near.candidates)
            state = (
                _("to confirm with --same or --new")
                if near.decision is None
                else _("a new organisation")
                if near.decision == NEW
                else _("confirmed")
            )
            self.stdout.write(
                _("Near match, rows %(rows)s: '%(name)s' resembles %(candidates)s (%(state)s)")
                % {
                    "rows": ", ".join(str(r) for r in near.rows),
                    "name": near.name,
                    "candidates": candidates,
                    "state": state,
                }
            )
        self.stdout.write(report.summary())
