"""Import DUO's "ingeschrevenen hbo" (enrolled hbo students) in DUO's own column layout.

    manage.py import_duo_hbo FILE
    manage.py import_duo_hbo --url [URL]     (downloads DUO's open data file; needs internet)

The whole file is checked first; on any problem nothing is written, every problem is printed (file,
row, column, what was expected) and the command exits with status 1. Importing the same file again
changes nothing. New programmes are added to the ICT classification (first classification shipped in
``indicators/data/programme_classification.csv``; an admin's later edit is kept).
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from netwerkkaart.core.errors import DataImportError
from netwerkkaart.indicators.services import duo_hbo_import
from netwerkkaart.regions.sources.online import urllib_fetch


class Command(BaseCommand):
    help = 'Import DUO "ingeschrevenen hbo" (enrolled hbo students) from a file or from DUO\'s open data.'

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="DUO's CSV file (semicolons).")
        parser.add_argument(
            "--url",
            nargs="?",
            const="",
            help="Download the file from DUO instead (default: settings.DUO_HBO_ENROLLED_URL).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["file"]
        url: str | None = options["url"]
        if url == "":
            url = settings.DUO_HBO_ENROLLED_URL
            if not url:
                raise CommandError("Give the URL: --url URL (or set NETWERKKAART_DUO_HBO_ENROLLED_URL).")
        if (path is None) == (url is None):
            raise CommandError("Give either a FILE or --url.")
        try:
            if url:
                data, name = urllib_fetch(url), url.rsplit("/", 1)[-1]
            elif path is not None:
                data, name = path.read_bytes(), path.name
        except OSError as error:
            raise CommandError(f"The file cannot be read: {error}") from error
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
        try:
            report = duo_hbo_import(text=text, file_name=name)
        except DataImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(error.problems)} problem(s): nothing was imported.") from error
        self.stdout.write(str(report))
