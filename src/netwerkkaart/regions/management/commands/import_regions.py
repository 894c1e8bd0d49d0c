"""Import the official regions, memberships and postcodes.

    manage.py import_regions [--from-dir DIR | --online | --fallback-only] [--no-progress]

Without a source option the folder ``settings.REFERENCE_DATA_DIR`` is read when it exists, else
only the built-in regions are ensured. On any problem nothing is written: every problem is
printed to stderr (file, row, column, reason) and the command exits non-zero.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from netwerkkaart.core.errors import DataImportError
from netwerkkaart.regions.services import reference_data_import


class Command(BaseCommand):
    help = (
        "Import provinces, labour-market regions, municipalities with boundaries, their memberships "
        "and PC4 postcodes from the official file formats, a folder or the official services."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "--from-dir",
            type=Path,
            metavar="DIR",
            help="Folder with the official files (also searched: DIR/reference and DIR/postcode).",
        )
        source.add_argument(
            "--online", action="store_true", help="Download the data from PDOK and CBS first."
        )
        source.add_argument(
            "--fallback-only",
            action="store_true",
            help="Only ensure the built-in provinces, labour-market regions and the country.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = reference_data_import(
                data_dir=options["from_dir"],
                online=options["online"],
                fallback_only=options["fallback_only"],
                progress=not options["no_progress"],
            )
        except DataImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                ngettext(
                    "%(count)d problem found; nothing was imported.",
                    "%(count)d problems found; nothing was imported.",
                    len(error.problems),
                )
                % {"count": len(error.problems)}
            ) from error
        for line in report.summary_lines():
            self.stdout.write(line)
